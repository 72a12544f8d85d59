import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, query } from '../api.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { ErrorBox } from '../components/error.js';
import { useData } from '../components/use-data.js';
import { may } from '../session.js';
import { AgreementStatus, STATUSES, expiryText, formatPeriod, tierLabel } from '../agreement-format.js';
import { lazyPage, loadStyles } from '../components/lazy.js';

export const ready = loadStyles('/app/styles/agreements.css');
// The desk's survey settings load with the list for those who may read them.
const DeskSurveys = lazyPage(() => import('./agreements/agreement-surveys.js'), 'DeskSurveys');

const LIST_KEYS = ['status', 'organizationId', 'q', 'expiring'];
const EXPIRING = ['7', '14', '30', '60', '90'];

const filtersOf = (search) => {
  const p = new URLSearchParams(search);
  return Object.fromEntries(LIST_KEYS.map((k) => [k, p.get(k) || '']));
};

/** The agreements list: status chips, period, days to expiry; filters by status, client, expiry and text, kept in the URL. */
export function AgreementsPage({ search, me, organizations }) {
  const filters = filtersOf(search);
  const [text, setText] = useState(filters.q);
  const [more, setMore] = useState({ items: [], nextCursor: null, loading: false, error: null });
  const { data, error, loading } = useData(
    () =>
      api.get(
        `/agreements?${query({ status: filters.status, organizationId: filters.organizationId, q: filters.q, expiringWithinDays: filters.expiring, limit: 50 })}`,
      ),
    [search],
  );
  useEffect(() => {
    setText(filters.q);
    setMore({ items: [], nextCursor: null, loading: false, error: null });
  }, [search]);
  const setFilter = (key, value) => navigate(`/agreements?${query({ ...filters, [key]: value })}`);
  const items = [...(data?.items ?? []), ...more.items];
  const nextCursor = more.items.length ? more.nextCursor : data?.nextCursor;
  const loadMore = async () => {
    setMore((m) => ({ ...m, loading: true }));
    try {
      const res = await api.get(
        `/agreements?${query({ status: filters.status, organizationId: filters.organizationId, q: filters.q, expiringWithinDays: filters.expiring, limit: 50, cursor: nextCursor })}`,
      );
      setMore((m) => ({ items: [...m.items, ...res.items], nextCursor: res.nextCursor, loading: false, error: null }));
    } catch (err) {
      setMore((m) => ({ ...m, loading: false, error: err }));
    }
  };
  const filtered = LIST_KEYS.some((k) => filters[k]);
  return html`<section class="agreements-page">
    <div class="page-head">
      <h1>${t('agr.title')}</h1>
      ${may(me, 'agreement.write') && html`<a class="button primary" href=${`/agreements/new${filters.organizationId ? `?organizationId=${filters.organizationId}` : ''}`}>+ ${t('agr.new')}</a>`}
    </div>
    <div class="status-chips" role="group" aria-label=${t('agr.filterStatus')}>
      ${['', ...STATUSES].map(
        (s) =>
          html`<button
            type="button"
            class=${`chip-toggle${s ? ` agr-${s}` : ''}`}
            aria-pressed=${filters.status === s ? 'true' : 'false'}
            onClick=${() => setFilter('status', s)}
          >
            ${s ? t(`agr.status.${s}`) : t('agr.allStatuses')}
          </button>`,
      )}
    </div>
    <form
      class="filters"
      onSubmit=${(e) => {
        e.preventDefault();
        setFilter('q', text.trim());
      }}
    >
      <label class="filter"
        >${t('agr.search')}<input
          class="filter-text"
          type="search"
          name="q"
          value=${text}
          placeholder=${t('agr.searchPlaceholder')}
          onInput=${(e) => setText(e.target.value)}
      /></label>
      <label class="filter"
        >${t('field.organization')}
        <select
          name="organizationId"
          value=${filters.organizationId}
          onChange=${(e) => setFilter('organizationId', e.target.value)}
        >
          <option value="">${t('filter.any')}</option>
          ${organizations.map((o) => html`<option value=${o.id}>${o.name}</option>`)}
        </select></label
      >
      <label class="filter"
        >${t('agr.expiringFilter')}
        <select name="expiring" value=${filters.expiring} onChange=${(e) => setFilter('expiring', e.target.value)}>
          <option value="">${t('filter.any')}</option>
          ${EXPIRING.map((d) => html`<option value=${d}>${t('agr.expiringWithin', { n: d })}</option>`)}
        </select></label
      >
      ${filtered && html`<a class="clear" href="/agreements">${t('filter.clear')}</a>`}
    </form>
    <${ErrorBox} error=${error || more.error} />
    <div class="table-wrap">
      <table class="grid agreements-table">
        <thead>
          <tr>
            <th>${t('agr.number')}</th>
            <th>${t('agr.titleField')}</th>
            <th>${t('field.organization')}</th>
            <th>${t('field.status')}</th>
            <th>${t('agr.tier')}</th>
            <th>${t('agr.period')}</th>
            <th>${t('agr.expiryCol')}</th>
          </tr>
        </thead>
        <tbody>
          ${items.map((a) => {
            const exp = expiryText(a);
            return html`<tr data-id=${a.id}>
              <td class="nowrap"><a href=${`/agreements/${a.id}`}>${a.number}</a></td>
              <td class="agr-title-cell">${a.title}</td>
              <td class="nowrap">${a.organizationName}</td>
              <td><${AgreementStatus} status=${a.status} /></td>
              <td class="nowrap">${tierLabel(a.tier)}</td>
              <td class="nowrap">${formatPeriod(a)}</td>
              <td class=${`nowrap expiry ${exp.tone}`}>${exp.text}</td>
            </tr>`;
          })}
        </tbody>
      </table>
      ${!loading && data && items.length === 0 && html`<p class="empty">${t(filtered ? 'agr.noneFiltered' : 'agr.none')}</p>`}
    </div>
    ${filters.expiring && html`<p class="hint">${t('agr.expiringHint')}</p>`}
    ${nextCursor && html`<div class="queue-footer"><button type="button" onClick=${loadMore} disabled=${more.loading}>${t('queue.more')}</button></div>`}
    ${may(me, 'survey.read') && html`<${DeskSurveys} canEdit=${may(me, 'survey.manage')} />`}
  </section>`;
}
