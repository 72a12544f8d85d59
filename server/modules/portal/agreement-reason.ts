import type { AgreementStatus } from '../../db/schema.js';

export type PortalLanguage = 'ru' | 'en';

/** 2027-01-01 → "01.01.2027" (ru) or "1 Jan 2027" (en): the portal's one date format per language. */
export function formatPlainDate(date: string, language: PortalLanguage): string {
  const [y, m, d] = date.slice(0, 10).split('-');
  if (language === 'ru') return `${d}.${m}.${y}`;
  // The portal's one English date format (ui/portal/format.js): "Jan 3, 2027".
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${months[Number(m) - 1]} ${Number(d)}, ${y}`;
}

export interface AgreementState {
  number: string;
  status: AgreementStatus;
  startDate: string;
  endDate: string;
  /** When it was terminated (from its history), for a terminated agreement. */
  terminatedAt: string | null;
}

/**
 * Why a service cannot be filed on, naming the agreement and its state in the contact's language
 * ("Договор 2026-014 запланирован: начнёт действовать 01.01.2027"). Null when the agreement is active.
 */
export function agreementReason(a: AgreementState, language: PortalLanguage): string | null {
  const date = (d: string) => formatPlainDate(d, language);
  const ru = language === 'ru';
  switch (a.status) {
    case 'active':
      return null;
    case 'planned':
      return ru
        ? `Договор ${a.number} запланирован: начнёт действовать ${date(a.startDate)}`
        : `Agreement ${a.number} is planned: it starts on ${date(a.startDate)}`;
    case 'expired':
      return ru
        ? `Срок действия договора ${a.number} истёк ${date(a.endDate)}`
        : `Agreement ${a.number} expired on ${date(a.endDate)}`;
    case 'terminated':
      return a.terminatedAt
        ? ru
          ? `Договор ${a.number} расторгнут ${date(a.terminatedAt)}`
          : `Agreement ${a.number} was terminated on ${date(a.terminatedAt)}`
        : ru
          ? `Договор ${a.number} расторгнут`
          : `Agreement ${a.number} was terminated`;
    case 'draft':
      return ru ? `Договор ${a.number} ещё не заключён` : `Agreement ${a.number} is not concluded yet`;
  }
}

/** Which of a service's agreements explains best why it is not available: the one that will start soonest, else the latest. */
export function mostRelevant<T extends AgreementState>(agreements: T[]): T | null {
  const planned = agreements
    .filter((a) => a.status === 'planned')
    .sort((x, y) => x.startDate.localeCompare(y.startDate));
  if (planned[0]) return planned[0];
  const others = [...agreements].sort((x, y) => y.endDate.localeCompare(x.endDate));
  return others[0] ?? null;
}

export const noAgreementReason = (language: PortalLanguage) =>
  language === 'ru'
    ? 'У вашей организации нет действующего договора на эту услугу'
    : 'Your organization has no active agreement covering this service';
