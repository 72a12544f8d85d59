import { html } from '../../html.js';
import { query } from '../../api.js';
import { navigate } from '../../router.js';
import { loadMessages, t } from '../../i18n.js';
import { formatWorkDate } from '../../format.js';
import { may } from '../../session.js';
import { loadStyles } from '../../components/lazy.js';

// Words and styles of the documents and legal entities pages (loaded with them).
await loadMessages('documents');

export const stylesReady = Promise.all([
  loadStyles('/app/styles/agreements.css'),
  loadStyles('/app/styles/documents.css'),
]);

/** Document dates are plain dates: one format per language, as agreements and costs show theirs. */
export const formatPlain = formatWorkDate;

export const mayIssue = (me) => may(me, 'document.issue');
export const mayManageEntities = (me) => may(me, 'entity.manage');

/** A list page's filters, kept in its address ('' where not set), and `setFilter`, which goes to the new address. */
export function addressFilters(path, search, keys) {
  const p = new URLSearchParams(search);
  const filters = Object.fromEntries(keys.map((k) => [k, p.get(k) || '']));
  return {
    filters,
    filtered: keys.some((k) => filters[k]),
    setFilter: (key, value) => navigate(`${path}?${query({ ...filters, [key]: value })}`),
  };
}

export const kindLabel = (kind) => t(`doc.kind.${kind}`);

/** The two pages as tabs: documents, and our legal entities. */
export function DocumentTabs({ active }) {
  const tab = (path, key, name) =>
    html`<a
      class=${`tab${active === name ? ' active' : ''}`}
      href=${path}
      aria-current=${active === name ? 'page' : undefined}
      >${t(key)}</a
    >`;
  return html`<nav class="doc-tabs" aria-label=${t('doc.tabs')}>
    ${tab('/documents', 'doc.title', 'documents')} ${tab('/legal-entities', 'doc.entitiesTab', 'entities')}
  </nav>`;
}

/** The previous calendar month as YYYY-MM: what a monthly run usually bills. */
export function previousMonth(now = new Date()) {
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** The first and last day of the previous month: the billing dialog's default period. */
export function previousMonthSpan(now = new Date()) {
  const month = previousMonth(now);
  const [y, m] = month.split('-').map(Number);
  const last = new Date(y, m, 0).getDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}
