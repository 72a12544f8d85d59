import { loadMessages, t, tn } from './i18n.js';
import { formatDay } from './format.js';

// Loaded with the license page, or by the banner once there is something to say: not part of the first load.
await loadMessages('license');

const DAY_MS = 86_400_000;

/**
 * A license warning in the viewer's language. The server words them in English; the UI says them again from
 * the warning's code and the status fields (dates, seats, node id), and keeps the server's text for a code it
 * does not know or a message it cannot read the parameters from.
 */
export function licenseWarningText(w, status) {
  const s = status ?? {};
  switch (w.code) {
    case 'term-ending': {
      if (!s.termEnd) return w.message;
      const days = Math.max(1, Math.ceil((Date.parse(s.termEnd) - Date.now()) / DAY_MS));
      return t('lic.warn.termEnding', { date: formatDay(s.termEnd), left: tn('lic.daysLeft', days) });
    }
    case 'grace':
      return s.termEnd && s.expiresAt
        ? t('lic.warn.grace', { termEnd: formatDay(s.termEnd), expiresAt: formatDay(s.expiresAt) })
        : w.message;
    case 'expired':
      return s.expiresAt
        ? t('lic.warn.expired', { customer: s.customer?.name ?? '', date: formatDay(s.expiresAt) })
        : w.message;
    case 'no-node-token':
      return t('lic.warn.noNodeToken', { nodeId: s.nodeId ?? '', seats: s.seats?.allowed ?? 4 });
    case 'over-seats':
      return s.seats
        ? t(s.mode === 'free' ? 'lic.warn.overSeatsFree' : 'lic.warn.overSeats', {
            used: s.seats.used,
            allowed: s.seats.allowed,
          })
        : w.message;
    case 'clock-set-back': {
      const m = /is (\d+) h behind .*\(([^)]+)\)/.exec(w.message);
      return m
        ? t('lic.warn.clockSetBack', {
            hours: m[1],
            time: new Date(m[2]).toLocaleString(document.documentElement.lang === 'ru' ? 'ru-RU' : 'en-GB'),
          })
        : w.message;
    }
    case 'staging-build':
      return s.build?.extraKeyIds?.length ? t('lic.warn.staging', { keys: s.build.extraKeyIds.join(', ') }) : w.message;
    case 'license-refused': {
      const m = /not in force: (.*)\. Ondesk runs in the free mode/.exec(w.message);
      return m ? t('lic.warn.refused', { reason: m[1] }) : w.message;
    }
    default:
      return w.message;
  }
}
