import {
  defaultTemplates,
  languageOf,
  renderText,
  type SystemEvent,
  type TemplateValues,
} from '../notifications/index.js';
import type { AgreementNotice } from './agreement-notices.js';
import { dateTimeFormat } from '../../shared/date-format.js';

/** The agreement notices, in Russian and English: to the responsible manager and to the client's recipients. */

export interface AgreementMailFacts {
  number: string;
  title: string;
  organizationName: string;
  start: string;
  end: string;
  /** The manager's name, shown to the client as the person to talk to. */
  managerName: string | null;
}

export type Audience = 'manager' | 'client';

// Agreement dates are calendar dates, not instants: formatted at UTC midnight so no zone can shift the day.
export const longDate = (date: string, ru: boolean) =>
  dateTimeFormat(ru ? 'ru-RU' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

/** A number of days with the Russian plural it takes: 1 день, 3 дня, 11 дней. */
export function ruDays(n: number): string {
  const tens = n % 100;
  const ones = n % 10;
  if (tens >= 11 && tens <= 14) return `${n} дней`;
  if (ones === 1) return `${n} день`;
  if (ones >= 2 && ones <= 4) return `${n} дня`;
  return `${n} дней`;
}

export const whenRu = (daysLeft: number) =>
  daysLeft === 0 ? 'сегодня' : daysLeft === 1 ? 'завтра' : `через ${ruDays(daysLeft)}`;
export const whenEn = (daysLeft: number) =>
  daysLeft === 0 ? 'today' : daysLeft === 1 ? 'tomorrow' : `in ${daysLeft} days`;

/** The notification event of a notice: what admins write rules and templates for. */
export const agreementEvent = (notice: AgreementNotice): SystemEvent =>
  notice.kind === 'ending'
    ? 'agreement.expiring'
    : notice.kind === 'activated'
      ? 'agreement.activated'
      : 'agreement.expired';

/** The template values of a notice for one reader: the manager is told what to do, the client whom to ask. */
export function agreementValues(
  language: string,
  notice: AgreementNotice,
  facts: AgreementMailFacts,
  audience: Audience,
): TemplateValues {
  const ru = language === 'ru';
  const contactRu = facts.managerName ? `вашему менеджеру (${facts.managerName})` : 'вашему менеджеру';
  const contactEn = facts.managerName ? `your manager, ${facts.managerName}` : 'your manager';
  const nextStep =
    notice.kind === 'ending'
      ? ru
        ? audience === 'manager'
          ? 'Продлите его в Ondesk (Договоры → продлить) или согласуйте с клиентом новые условия.'
          : `Чтобы обслуживание продолжилось без перерыва, напишите ${contactRu}.`
        : audience === 'manager'
          ? 'Renew it in Ondesk (Agreements → Renew) or agree new terms with the client.'
          : `To keep support going without a break, write to ${contactEn}.`
      : notice.kind === 'expired'
        ? ru
          ? audience === 'manager'
            ? 'Если работа продолжается, оформите продление в Ondesk.'
            : `Чтобы возобновить обслуживание, напишите ${contactRu}.`
          : audience === 'manager'
            ? 'If the work goes on, renew it in Ondesk.'
            : `To resume support, write to ${contactEn}.`
        : '';
  return {
    'agreement.number': facts.number,
    'agreement.title': facts.title,
    'organization.name': facts.organizationName,
    'agreement.start': longDate(facts.start, ru),
    'agreement.end': longDate(facts.end, ru),
    'agreement.when': notice.kind === 'ending' ? (ru ? whenRu(notice.daysLeft) : whenEn(notice.daysLeft)) : '',
    'manager.name': facts.managerName ?? '',
    'next.step': nextStep,
  };
}

/** A notice rendered with the built-in template (what a reader gets unless an admin changed the template). */
export function agreementMail(
  language: string,
  notice: AgreementNotice,
  facts: AgreementMailFacts,
  audience: Audience,
): { subject: string; body: string } {
  const lang = languageOf(language);
  const mail = renderText(
    defaultTemplates[agreementEvent(notice)][lang],
    agreementValues(lang, notice, facts, audience),
  );
  return { subject: mail.subject, body: mail.text.trimEnd() };
}
