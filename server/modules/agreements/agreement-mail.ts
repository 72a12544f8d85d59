import type { AgreementNotice } from './agreement-notices.js';

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
const longDate = (date: string, ru: boolean) =>
  new Intl.DateTimeFormat(ru ? 'ru-RU' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

function ruDays(n: number): string {
  const tens = n % 100;
  const ones = n % 10;
  if (tens >= 11 && tens <= 14) return `${n} дней`;
  if (ones === 1) return `${n} день`;
  if (ones >= 2 && ones <= 4) return `${n} дня`;
  return `${n} дней`;
}

const whenRu = (daysLeft: number) => (daysLeft === 0 ? 'сегодня' : daysLeft === 1 ? 'завтра' : `через ${ruDays(daysLeft)}`);
const whenEn = (daysLeft: number) => (daysLeft === 0 ? 'today' : daysLeft === 1 ? 'tomorrow' : `in ${daysLeft} days`);

export function agreementMail(language: string, notice: AgreementNotice, facts: AgreementMailFacts, audience: Audience): { subject: string; body: string } {
  const ru = language === 'ru';
  const { number, title, organizationName: org } = facts;
  const start = longDate(facts.start, ru);
  const end = longDate(facts.end, ru);
  const contactRu = facts.managerName ? `вашему менеджеру (${facts.managerName})` : 'вашему менеджеру';
  const contactEn = facts.managerName ? `your manager, ${facts.managerName}` : 'your manager';

  switch (notice.kind) {
    case 'ending': {
      if (ru) {
        const next = audience === 'manager'
          ? 'Продлите его в Ondesk (Договоры → продлить) или согласуйте с клиентом новые условия.'
          : `Чтобы обслуживание продолжилось без перерыва, напишите ${contactRu}.`;
        return {
          subject: `Договор ${number} с ${org} заканчивается ${end}`,
          body: `Договор ${number} «${title}» с ${org} заканчивается ${end} (${whenRu(notice.daysLeft)}). После этой даты заявки по нему не обслуживаются в рамках SLA.\n\n${next}`,
        };
      }
      const next = audience === 'manager'
        ? 'Renew it in Ondesk (Agreements → Renew) or agree new terms with the client.'
        : `To keep support going without a break, write to ${contactEn}.`;
      return {
        subject: `Agreement ${number} with ${org} ends on ${end}`,
        body: `Agreement ${number} "${title}" with ${org} ends on ${end} (${whenEn(notice.daysLeft)}). After that date, tickets under it are no longer covered by its SLA.\n\n${next}`,
      };
    }
    case 'activated':
      return ru
        ? {
            subject: `Договор ${number} с ${org} вступил в силу`,
            body: `Договор ${number} «${title}» с ${org} действует с ${start} по ${end}. Заявки по услугам договора обслуживаются в сроки, установленные его SLA.`,
          }
        : {
            subject: `Agreement ${number} with ${org} is now in force`,
            body: `Agreement ${number} "${title}" with ${org} is in force from ${start} to ${end}. Tickets on its services are handled within the times of its SLA.`,
          };
    case 'expired': {
      if (ru) {
        const next = audience === 'manager' ? 'Если работа продолжается, оформите продление в Ondesk.' : `Чтобы возобновить обслуживание, напишите ${contactRu}.`;
        return { subject: `Срок действия договора ${number} с ${org} истёк`, body: `Договор ${number} «${title}» с ${org} закончился ${end}. Новые заявки по нему больше не обслуживаются в рамках SLA.\n\n${next}` };
      }
      const next = audience === 'manager' ? 'If the work goes on, renew it in Ondesk.' : `To resume support, write to ${contactEn}.`;
      return { subject: `Agreement ${number} with ${org} has expired`, body: `Agreement ${number} "${title}" with ${org} ended on ${end}. New tickets under it are no longer covered by its SLA.\n\n${next}` };
    }
  }
}
