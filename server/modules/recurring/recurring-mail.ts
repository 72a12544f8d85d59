import type { Language, TemplateValues } from '../notifications/index.js';
import type { RecurringKind } from '../../db/schema.js';
import { longDate as agreementLongDate, ruDays, whenEn, whenRu } from '../agreements/index.js';

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

// Expiry dates are calendar dates, written as agreements write theirs.
export const longDate = (date: string, language: Language) => agreementLongDate(date, language === 'ru');

/** Days left as agreements say them, and also how long ago an item expired. */
export function whenText(daysLeft: number, language: Language): string {
  if (language === 'ru') return daysLeft < 0 ? `истёк ${ruDays(-daysLeft)} назад` : whenRu(daysLeft);
  return daysLeft < 0 ? `${-daysLeft} day${daysLeft === -1 ? '' : 's'} ago` : whenEn(daysLeft);
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
