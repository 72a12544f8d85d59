// The words of a duty page in Russian and English: an SMS short enough to read on a lock screen, and an e-mail
// that says why this person is paged and how the chain stops.

import type { TicketPriority } from '../../db/schema.js';

export type PageLanguage = 'ru' | 'en';

export const pageLanguage = (tag: string | null | undefined): PageLanguage =>
  tag?.toLowerCase().startsWith('en') ? 'en' : 'ru';

export interface PageFacts {
  number: number;
  subject: string;
  priority: TicketPriority;
  organizationName: string | null;
  /** 1-based step of the chain and its round. */
  step: number;
  round: number;
  /** Why this person: the line's duty engineer, the duty manager, or named in the policy. */
  role: 'line' | 'duty_manager' | 'agent';
  line: number | null;
}

function roleText(f: PageFacts, language: PageLanguage): string {
  if (language === 'ru') {
    if (f.role === 'line') return `вы дежурный ${f.line}-й линии`;
    if (f.role === 'duty_manager') return 'вы дежурный руководитель';
    return 'вы названы в цепочке эскалации';
  }
  if (f.role === 'line') return `you are on duty for line ${f.line}`;
  if (f.role === 'duty_manager') return 'you are the duty manager';
  return 'you are named in the escalation chain';
}

export function pageSms(f: PageFacts, language: PageLanguage): string {
  const org = f.organizationName ? ` (${f.organizationName})` : '';
  return language === 'ru'
    ? `Ondesk ${f.priority} #${f.number}${org}: ${f.subject}. ${roleText(f, language)}. Подтвердите заявку.`
    : `Ondesk ${f.priority} #${f.number}${org}: ${f.subject}. ${roleText(f, language)}. Please acknowledge.`;
}

export function pageMail(f: PageFacts, language: PageLanguage): { subject: string; body: string } {
  const org = f.organizationName ?? '—';
  if (language === 'ru')
    return {
      subject: `[${f.priority}] Заявка #${f.number} ждёт дежурного: ${f.subject}`,
      body: [
        `Заявка #${f.number} «${f.subject}» клиента ${org}, приоритет ${f.priority}.`,
        `Шаг ${f.step} цепочки эскалации (круг ${f.round}): ${roleText(f, language)}.`,
        'Подтвердите заявку кнопкой «Подтвердить» на её странице или ответьте клиенту публично —',
        'тогда цепочка остановится; иначе по истечении задержки будет вызван следующий шаг.',
      ].join('\n'),
    };
  return {
    subject: `[${f.priority}] Ticket #${f.number} needs the engineer on duty: ${f.subject}`,
    body: [
      `Ticket #${f.number} "${f.subject}" of ${org}, priority ${f.priority}.`,
      `Step ${f.step} of the escalation chain (round ${f.round}): ${roleText(f, language)}.`,
      'Acknowledge it with the Acknowledge button on its page or send the client a public reply —',
      'that stops the chain; otherwise the next step is paged once its delay has passed.',
    ].join('\n'),
  };
}
