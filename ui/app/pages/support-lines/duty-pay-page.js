import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { language, loadMessages, t } from '../../i18n.js';
import { ErrorBox } from '../../components/error.js';
import { ListHead } from '../../components/list-head.js';
import { useData } from '../../components/use-data.js';
import { loadStyles } from '../../components/lazy.js';

await Promise.all([loadMessages('support-lines'), loadStyles('/app/styles/support-lines.css')]);

/** The month before the current one: pay is counted for a month that has ended. */
function lastMonth() {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

const hours = (h) =>
  new Intl.NumberFormat(language() === 'ru' ? 'ru-RU' : 'en-GB', {
    minimumFractionDigits: 0,
    maximumFractionDigits: 2,
  }).format(h);

/** On-call pay: hours, night hours and pages per engineer in a month, with CSV and Excel for the books. */
export function DutyPayPage() {
  const [month, setMonth] = useState(() => new URLSearchParams(location.search).get('month') ?? lastMonth());
  const { data, error } = useData(() => api.get(`/reports/duty-pay?month=${encodeURIComponent(month)}`), [month]);
  const choose = (value) => {
    if (!/^\d{4}-\d{2}$/.test(value)) return;
    setMonth(value);
    history.replaceState(null, '', `?month=${value}`);
  };
  return html`<section class="duty-pay-page services-page">
    <${ListHead} title=${t('dutyPay.title')} lead=${t('dutyPay.lead')} />
    <div class="filters">
      <label class="filter"
        >${t('dutyPay.month')}
        <input type="month" name="month" value=${month} onChange=${(e) => choose(e.target.value)}
      /></label>
      <a class="button" href=${`/api/v1/reports/duty-pay.csv?month=${month}`} download>${t('dutyPay.csv')}</a>
      <a class="button" href=${`/api/v1/reports/duty-pay.xlsx?month=${month}`} download>${t('dutyPay.xlsx')}</a>
    </div>
    <${ErrorBox} error=${error} />
    ${
      data &&
      (data.items.length === 0
        ? html`<div class="empty">
            <p>${t('dutyPay.empty')}</p>
            <p class="muted">${t('dutyPay.emptyHint')} <a href="/duty">${t('dutyPay.toDuty')}</a></p>
          </div>`
        : html`<div class="table-wrap">
            <table class="grid duty-pay-table">
              <thead>
                <tr>
                  <th>${t('dutyPay.engineer')}</th>
                  <th class="num">${t('dutyPay.shifts')}</th>
                  <th class="num">${t('dutyPay.hours')}</th>
                  <th class="num">${t('dutyPay.night')}</th>
                  <th class="num">${t('dutyPay.pages')}</th>
                  <th class="num">${t('dutyPay.acknowledged')}</th>
                </tr>
              </thead>
              <tbody>
                ${data.items.map(
                  (i) =>
                    html`<tr data-agent=${i.agentId}>
                      <td>${i.agentName}</td>
                      <td class="num">${i.shifts}</td>
                      <td class="num">${hours(i.onCallHours)}</td>
                      <td class="num">${hours(i.nightHours)}</td>
                      <td class="num">${i.pages}</td>
                      <td class="num">${i.acknowledged}</td>
                    </tr>`,
                )}
              </tbody>
              <tfoot>
                <tr>
                  <th>${t('dutyPay.total')}</th>
                  <td></td>
                  <td class="num"><b>${hours(data.totals.onCallHours)}</b></td>
                  <td class="num"><b>${hours(data.totals.nightHours)}</b></td>
                  <td class="num"><b>${data.totals.pages}</b></td>
                  <td class="num"><b>${data.totals.acknowledged}</b></td>
                </tr>
              </tfoot>
            </table>
          </div>`)
    }
  </section>`;
}
