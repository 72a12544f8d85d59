import type { LicenseClaims } from '../../../licenses/claims.js';
import type { LicenseWarning } from './license-state.js';
import type { TemplateValues } from '../notifications/index.js';
import { dateTimeFormat } from '../../shared/date-format.js';

/** The license e-mails to admins, in Russian and English. */

const date = (seconds: number | undefined, lang: 'ru' | 'en') =>
  seconds === undefined
    ? ''
    : dateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(
        new Date(seconds * 1000),
      );

export function licenseMail(
  language: string,
  warning: LicenseWarning,
  license: LicenseClaims | null,
): { subject: string; body: string } {
  const lang = language === 'ru' ? 'ru' : 'en';
  const who = license?.customer.name ?? 'Ondesk';
  const termEnd = date(license?.term_end, lang);
  const exp = date(license?.exp, lang);
  const ru = lang === 'ru';
  switch (warning.code) {
    case 'term-ending':
      return ru
        ? {
            subject: `Лицензия Ondesk истекает ${termEnd}`,
            body: `Оплаченный срок лицензии Ondesk (${who}) заканчивается ${termEnd}. Продлите лицензию заранее: после ${exp} нельзя будет добавлять сотрудников, узлы и лицензированные функции.`,
          }
        : {
            subject: `The Ondesk license ends on ${termEnd}`,
            body: `The paid term of the Ondesk license (${who}) ends on ${termEnd}. Renew it in time: after ${exp} no new agents, nodes or licensed features can be added.`,
          };
    case 'grace':
      return ru
        ? {
            subject: 'Оплаченный срок лицензии Ondesk закончился',
            body: `Оплаченный срок лицензии Ondesk (${who}) закончился ${termEnd}. Всё работает до ${exp}; продлите лицензию до этой даты.`,
          }
        : {
            subject: 'The paid term of the Ondesk license has ended',
            body: `The paid term of the Ondesk license (${who}) ended on ${termEnd}. Everything keeps working until ${exp}; renew the license before then.`,
          };
    case 'expired':
      return ru
        ? {
            subject: 'Лицензия Ondesk истекла',
            body: `Лицензия Ondesk (${who}) истекла ${exp}. Новые сотрудники, узлы и лицензированные функции недоступны до продления. Все данные доступны: вход, просмотр, поиск, выгрузки, резервные копии и приём заявок работают.`,
          }
        : {
            subject: 'The Ondesk license has expired',
            body: `The Ondesk license (${who}) expired on ${exp}. No new agents, nodes or licensed features until it is renewed. Nothing is hidden or lost: logins, reading, search, exports, backups and ticket intake keep working.`,
          };
    case 'clock-set-back':
      return ru
        ? {
            subject: 'Системные часы сервера Ondesk отстают',
            body: `Системные часы сервера Ondesk показывают время более чем на сутки раньше уже виденного. Лицензия оценивается по последнему виденному времени. Проверьте синхронизацию времени (NTP).\n\n${warning.message}`,
          }
        : {
            subject: 'The Ondesk server clock is behind',
            body: `The Ondesk server's clock is more than a day behind the latest time it has seen. The license is judged by that latest time. Check time synchronisation (NTP).\n\n${warning.message}`,
          };
    default:
      return ru
        ? {
            subject: 'Ondesk: требуется внимание к лицензии',
            body: `Лицензия Ondesk требует внимания. Подробности на странице «Лицензия».\n\n${warning.message}`,
          }
        : {
            subject: 'Ondesk: the license needs attention',
            body: `The Ondesk license needs attention; see the License page.\n\n${warning.message}`,
          };
  }
}

/** The warnings that mean the license is running out: sent as the "license expiring" notification event. */
export const EXPIRY_CODES = new Set<LicenseWarning['code']>(['term-ending', 'grace', 'expired']);

/** The template values of the "license expiring" event; summary and details are the built-in sentences. */
export function licenseValues(
  language: string,
  warning: LicenseWarning,
  license: LicenseClaims | null,
): TemplateValues {
  const lang = language === 'ru' ? 'ru' : 'en';
  const mail = licenseMail(lang, warning, license);
  return {
    'license.customer': license?.customer.name ?? 'Ondesk',
    'license.term_end': date(license?.term_end, lang),
    'license.expires': date(license?.exp, lang),
    'license.summary': mail.subject,
    'license.details': mail.body,
  };
}
