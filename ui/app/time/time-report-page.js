import { html } from '../html.js';
import { api, query } from '../api.js';
import { loadMessages, t } from '../i18n.js';
import { navigate } from '../router.js';
import { formatMoney, formatWork, formatWorkDate } from '../format.js';
import { ErrorBox } from '../components/error.js';
import { DateInput } from '../components/date-input.js';
import { loadStyles } from '../components/lazy.js';
import { useData } from '../components/use-data.js';
import { may } from '../session.js';
import { localDate, monthOf } from './time-input.js';

// Time's words and styles, for those who open this before the top bar's timer has loaded them.
await Promise.all([loadMessages('time'), loadStyles('/app/styles/time.css')]);

const KEYS = ['from', 'to', 'organizationId', 'agreementId', 'agentId'];

/** The report's filters from the address; the period defaults to this month. */
function filtersOf(search) {
  const p = new URLSearchParams(search);
  const month = monthOf(localDate(new Date()));
  return {
    from: p.get('from') || month.from,
    to: p.get('to') || month.to,
    organizationId: p.get('organizationId') || '',
    agreementId: p.get('agreementId') || '',
    agentId: p.get('agentId') || '',
  };
}

/** Rows by ticket, in the order the report lists them, with each ticket's sums. */
function byTicket(items) {
  /** @type {Map<number, { number: number, subject: string, rows: any[], minutes: number, billed: number, amount: number }>} */
  const groups = new Map();
  for (const row of items) {
    let g = groups.get(row.ticketNumber);
    if (!g)
      groups.set(
        row.ticketNumber,
        (g = { number: row.ticketNumber, subject: row.ticketSubject, rows: [], minutes: 0, billed: 0, amount: 0 }),
      );
    g.rows.push(row);
    g.minutes += row.minutes;
    g.billed += row.billedMinutes;
    g.amount += row.amountKopecks;
  }
  return [...groups.values()];
}

/**
 * Worked time for a period, by ticket, with who did it and what they wrote (the client sees why each hour was
 * billed), filtered by client, agreement and engineer; CSV and Excel download the same rows.
 * @param {{ search: string, me: import('../session.js').Me, organizations: any[], agents: any[] }} props
 */
export function TimeReportPage({ search, me, organizations, agents }) {
  const filters = filtersOf(search);
  const key = query(filters);
  const report = useData(() => api.get(`/reports/time?${key}&format=json`), [key]);
  const agreements = useData(
    () => api.get(`/agreements?${query({ organizationId: filters.organizationId, limit: 100 })}`).then((r) => r.items),
    [filters.organizationId],
  );
  const showMoney = may(me, 'rate.read') || may(me, 'cost.read');
  // The day fields below call this only with a whole day (`day && …`): a cleared one would make the period
  // jump to this month (the default) while the new day is still being typed.
  const set = (name, value) => {
    const next = { ...filters, [name]: value };
    if (name === 'organizationId') next.agreementId = '';
    navigate(`/time?${query(next)}`, { replace: true });
  };
  const download = (format) => `/api/v1/reports/time?${query({ ...filters, format })}`;
  const groups = report.data ? byTicket(report.data.items) : [];
  const totals = report.data?.totals;
  return html`<section class="time-report">
    <div class="page-head">
      <h1>${t('time.reportTitle')}</h1>
      <div class="head-actions">
        <a class="button" href=${download('csv')} download>CSV</a>
        <a class="button" href=${download('xlsx')} download>Excel</a>
      </div>
    </div>
    <p class="muted lead">${t('time.reportLead')}</p>
    <form class="filters" onSubmit=${(e) => e.preventDefault()}>
      <label class="filter"
        >${t('time.from')} <${DateInput} name="from" value=${filters.from} onChange=${(day) => day && set('from', day)}
      /></label>
      <label class="filter"
        >${t('time.to')} <${DateInput} name="to" value=${filters.to} onChange=${(day) => day && set('to', day)}
      /></label>
      <label class="filter"
        >${t('field.organization')}
        <select
          name="organizationId"
          value=${filters.organizationId}
          onChange=${(e) => set('organizationId', e.target.value)}
        >
          <option value="">${t('filter.any')}</option>
          ${organizations.map((o) => html`<option value=${o.id}>${o.name}</option>`)}
        </select></label
      >
      <label class="filter"
        >${t('time.agreement')}
        <select name="agreementId" value=${filters.agreementId} onChange=${(e) => set('agreementId', e.target.value)}>
          <option value="">${t('filter.any')}</option>
          ${(agreements.data ?? []).map((a) => html`<option value=${a.id}>№ ${a.number} ${a.organizationName ?? ''}</option>`)}
        </select></label
      >
      ${
        may(me, 'time.report') &&
        html`<label class="filter"
          >${t('time.engineer')}
          <select name="agentId" value=${filters.agentId} onChange=${(e) => set('agentId', e.target.value)}>
            <option value="">${t('filter.any')}</option>
            ${agents.map((a) => html`<option value=${a.id}>${a.name}</option>`)}
          </select></label
        >`
      }
      ${KEYS.slice(2).some((k) => filters[k]) && html`<a class="clear" href=${`/time?${query({ from: filters.from, to: filters.to })}`}>${t('filter.clear')}</a>`}
    </form>
    <${ErrorBox} error=${report.error || agreements.error} />
    ${!report.data && !report.error && html`<p class="muted">${t('common.loading')}</p>`}
    ${report.data && groups.length === 0 && html`<p class="empty">${t('time.reportEmpty')}</p>`}
    ${
      groups.length > 0 &&
      html`<p class="time-totals report-summary" role="status">
        <span>${t('time.worked')}: <b>${formatWork(totals.minutes)}</b></span>
        <span>${t('time.billed')}: <b>${formatWork(totals.billedMinutes)}</b></span>
        ${showMoney && html`<span>${t('time.amount')}: <b>${formatMoney(totals.amountKopecks)}</b></span>`}
        <span class="muted">${t('time.ticketCount', { n: groups.length })}</span>
      </p>`
    }
    ${
      groups.length > 0 &&
      html`<div class="table-wrap report-wrap">
        <table class="grid time-report-table">
          <thead>
            <tr>
              <th>${t('time.date')}</th>
              <th>${t('time.engineer')}</th>
              <th>${t('time.activity')}</th>
              <th>${t('time.comment')}</th>
              <th class="num">${t('time.worked')}</th>
              <th class="num">${t('time.billed')}</th>
              ${showMoney && html`<th class="num">${t('time.amount')}</th>`}
            </tr>
          </thead>
          ${groups.map(
            (g) =>
              html`<tbody data-ticket=${g.number}>
                <tr class="ticket-group">
                  <th colspan="4" scope="rowgroup" class="r-title">#${g.number} ${g.subject}</th>
                  <td class="num r-worked" data-label=${t('time.worked')}>${formatWork(g.minutes)}</td>
                  <td class="num r-billed" data-label=${t('time.billed')}>${formatWork(g.billed)}</td>
                  ${showMoney && html`<td class="num r-amount" data-label=${t('time.amount')}>${formatMoney(g.amount)}</td>`}
                </tr>
                ${g.rows.map(
                  (r) =>
                    html`<tr>
                      <td class="nowrap r-date">${formatWorkDate(r.workDate)}</td>
                      <td class="nowrap r-who">${r.agentName}</td>
                      <td class="r-activity">${r.activityName ?? '—'}</td>
                      <td class="report-comment r-comment">
                        ${r.comment ?? ''}
                        ${!r.billable && html`<span class="chip nonbillable">${t('time.nonBillable')}</span>`}
                      </td>
                      <td class="num r-worked" data-label=${t('time.worked')}>${formatWork(r.minutes)}</td>
                      <td class="num r-billed" data-label=${t('time.billed')}>${formatWork(r.billedMinutes)}</td>
                      ${showMoney && html`<td class="num r-amount" data-label=${t('time.amount')}>${formatMoney(r.amountKopecks)}</td>`}
                    </tr>`,
                )}
              </tbody>`,
          )}
          <tfoot>
            <tr class="report-totals">
              <th colspan="4" class="r-title">${t('time.total')}</th>
              <td class="num r-worked" data-label=${t('time.worked')}>${formatWork(totals.minutes)}</td>
              <td class="num r-billed" data-label=${t('time.billed')}>${formatWork(totals.billedMinutes)}</td>
              ${showMoney && html`<td class="num r-amount" data-label=${t('time.amount')}>${formatMoney(totals.amountKopecks)}</td>`}
            </tr>
          </tfoot>
        </table>
      </div>`
    }
  </section>`;
}
