import type { Language, TemplateValues } from '../notifications/index.js';
import type { RecurringKind } from '../../db/schema.js';

/** The words of the `recurring.expiring` notices, in Russian and English. */

const kindWords: Record<Language, Record<RecurringKind, string>> = {
  en: {
    domain: 'Domain',
    certificate: 'Certificate',
    hosting: 'Hosting',
    dns: 'DNS',
    license: 'Licence',
    other: 'Service',
  },
  ru: {
    domain: 'Домен',
    certificate: 'Сертификат',
    hosting: 'Хостинг',
    dns: 'DNS',
    license: 'Лицензия',
    other: 'Услуга',
  },
};

// Expiry dates are calendar dates, not instants: formatted at UTC midnight so no zone can shift the day.
export const longDate = (date: string, language: Language) =>
  new Intl.DateTimeFormat(language === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );

function ruDays(n: number): string {
  const tens = n % 100;
  const ones = n % 10;
  if (tens >= 11 && tens <= 14) return `${n} дней`;
  if (ones === 1) return `${n} день`;
  if (ones >= 2 && ones <= 4) return `${n} дня`;
  return `${n} дней`;
}

export function whenText(daysLeft: number, language: Language): string {
  if (language === 'ru') {
    if (daysLeft < 0) return `истёк ${ruDays(-daysLeft)} назад`;
    return daysLeft === 0 ? 'сегодня' : daysLeft === 1 ? 'завтра' : `через ${ruDays(daysLeft)}`;
  }
  if (daysLeft < 0) return `${-daysLeft} day${daysLeft === -1 ? '' : 's'} ago`;
  return daysLeft === 0 ? 'today' : daysLeft === 1 ? 'tomorrow' : `in ${daysLeft} days`;
}

export interface RecurringMailFacts {
  kind: RecurringKind;
  name: string;
  organizationName: string;
  expiresOn: string;
  daysLeft: number;
}

/** What the reader should do next: the manager renews, the client asks the manager. */
export type RecurringNoticeReason = { kind: 'expiring' } | { kind: 'corrected'; from: string | null; to: string };

export function recurringValues(
  language: Language,
  facts: RecurringMailFacts,
  reason: RecurringNoticeReason,
  audience: 'manager' | 'client',
): TemplateValues {
  const ru = language === 'ru';
  const details =
    reason.kind === 'corrected'
      ? ru
        ? `Проверка сертификата на сервере показала другую дату: срок исправлен с ${reason.from ? longDate(reason.from, language) : '«не указан»'} на ${longDate(reason.to, language)}.`
        : `A check of the live certificate found another date: the expiry was corrected from ${reason.from ? longDate(reason.from, language) : '"not set"'} to ${longDate(reason.to, language)}.`
      : audience === 'manager'
        ? ru
          ? 'Продлите услугу у поставщика и обновите дату в Ondesk (Клиенты → Регулярные услуги).'
          : 'Renew it with the vendor and update the date in Ondesk (Clients → Recurring services).'
        : ru
          ? 'Чтобы услуга продолжала работать без перерыва, подтвердите продление вашему менеджеру.'
          : 'To keep it working without a break, confirm the renewal with your manager.';
  return {
    'item.name': facts.name,
    'item.kind': kindWords[language][facts.kind],
    'item.expires': longDate(facts.expiresOn, language),
    'item.when': whenText(facts.daysLeft, language),
    'organization.name': facts.organizationName,
    'item.details': details,
  };
}
