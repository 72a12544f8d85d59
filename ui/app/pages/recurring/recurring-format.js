import { html } from '../../html.js';
import { query } from '../../api.js';
import { navigate } from '../../router.js';
import { loadMessages, t, tn } from '../../i18n.js';
import { formatWorkDate } from '../../format.js';
import { may } from '../../session.js';
import { loadStyles } from '../../components/lazy.js';

// Words, badges and tabs of the recurring services and client costs pages (loaded with them).
await loadMessages('recurring');

export const stylesReady = Promise.all([
  loadStyles('/app/styles/agreements.css'),
  loadStyles('/app/styles/recurring.css'),
]);

export const KINDS = ['domain', 'certificate', 'hosting', 'dns', 'license', 'other'];
export const VAT_RATES = ['', '0', '10', '20'];

/** Expiry and billing dates are plain dates: one format per language, as agreements show theirs. */
export const formatPlain = formatWorkDate;

/** Our cost is internal: those who keep the books or manage the items see it. */
export const maySeeCost = (me) => may(me, 'cost.read') || may(me, 'recurring.write');

/** Client costs are read by accountants (cost.read) and managers (recurring.write). */
export const mayReadCosts = maySeeCost;
export const mayWriteCosts = (me) => may(me, 'cost.write') || may(me, 'recurring.write');

/**
 * A list page's filters, kept in its address: each of `keys` ('' where it is not set), whether any is set,
 * and `setFilter`, which goes to the address with one of them changed.
 * @param {string} path
 * @param {string} search
 * @param {string[]} keys
 */
export function addressFilters(path, search, keys) {
  const p = new URLSearchParams(search);
  const filters = Object.fromEntries(keys.map((k) => [k, p.get(k) || '']));
  return {
    filters,
    filtered: keys.some((k) => filters[k]),
    setFilter: (key, value) => navigate(`${path}?${query({ ...filters, [key]: value })}`),
  };
}

export const kindLabel = (kind) => t(`rec.kind.${kind}`);

export const everyText = (months) =>
  months === 12 ? t('rec.yearly') : months === 1 ? t('rec.every.one') : tn('rec.every', months);

export const vatText = (rate) => (rate === null ? t('rec.noVat') : t('rec.vatRate', { n: rate }));

/** Days left as a badge: red within a week (or expired), amber within a month. */
export function DaysLeft({ item }) {
  if (item.daysLeft === null) return html`<span class="muted">${t('rec.noExpiry')}</span>`;
  const d = item.daysLeft;
  const tone = d <= 7 ? 'bad' : d <= 30 ? 'warn' : 'ok';
  const text = d < 0 ? tn('rec.expiredAgo', -d) : d === 0 ? t('rec.expiresToday') : tn('rec.days', d);
  return html`<span class=${`days-left ${tone}`} data-days=${d}>${text}</span>`;
}

/** The head of the two pages: title, add button (for those who may add) and the tabs. */
export const RecurringHead = ({ me, active, title, addLabel, onAdd, organizationId }) =>
  html`<div class="page-head">
      <h1>${title}</h1>
      ${onAdd && html`<button type="button" class="primary" onClick=${onAdd}>+ ${addLabel}</button>`}
    </div>
    <${RecurringTabs} me=${me} active=${active} organizationId=${organizationId} />`;

/** The two pages as tabs; client costs only for those who may read them. */
export function RecurringTabs({ me, active, organizationId }) {
  const suffix = organizationId ? `?organizationId=${organizationId}` : '';
  const tab = (path, key, name) =>
    html`<a
      class=${`tab${active === name ? ' active' : ''}`}
      href=${`${path}${suffix}`}
      aria-current=${active === name ? 'page' : undefined}
      >${t(key)}</a
    >`;
  return html`<nav class="rec-tabs" aria-label=${t('rec.tabs')}>
    ${tab('/recurring', 'rec.title', 'recurring')} ${mayReadCosts(me) && tab('/client-costs', 'cost.title', 'costs')}
  </nav>`;
}
