import { html } from '../../html.js';
import { query } from '../../api.js';
import { navigate } from '../../router.js';
import { t } from '../../i18n.js';
import { may } from '../../session.js';

/** The tabs of the money pages, each shown to those whose role may open it. */
export const MONEY_TABS = /** @type {const} */ ([
  ['payments', 'payment.read'],
  ['balances', 'payment.read'],
  ['reconciliation', 'payment.read'],
  ['profit', 'profit.read'],
  ['salaries', 'salary.own'],
]);

/** @param {{ me: any, active: string }} props */
export function MoneyTabs({ me, active }) {
  return html`<nav class="money-tabs" aria-label=${t('money.tabs')}>
    ${MONEY_TABS.filter(([, permission]) => may(me, permission)).map(
      ([tab]) =>
        html`<a
          class=${`tab${active === tab ? ' active' : ''}`}
          href=${`/money/${tab}`}
          aria-current=${active === tab ? 'page' : undefined}
          >${t(`money.tab.${tab}`)}</a
        >`,
    )}
  </nav>`;
}

/**
 * A tab's filters, kept in its address: each of `keys` ('' where unset, else its default) and `setFilters`,
 * which goes to the address with some of them changed.
 * @param {string} path
 * @param {string} search
 * @param {Record<string, string>} defaults
 */
export function addressState(path, search, defaults) {
  const p = new URLSearchParams(search);
  const values = Object.fromEntries(Object.entries(defaults).map(([k, d]) => [k, p.get(k) ?? d]));
  return {
    values,
    /** @param {Record<string, string>} changes */
    setValues: (changes) => navigate(`${path}?${query({ ...values, ...changes })}`),
  };
}

/** YYYY-MM-DD of today in the viewer's zone. */
export function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The first and the last day of the month a date is in. */
export function monthBounds(date) {
  const [y, m] = date.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, '0');
  return { from: `${y}-${mm}-01`, to: `${y}-${mm}-${String(last).padStart(2, '0')}` };
}

/** Hours with up to two decimals, "7.5" / "7,5". */
export const hoursText = (minutes, locale) =>
  new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(Math.round((minutes / 60) * 100) / 100);
