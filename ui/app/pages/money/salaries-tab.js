import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api, query } from '../../api.js';
import { language, t } from '../../i18n.js';
import { formatMoney } from '../../format.js';
import { may } from '../../session.js';
import { ErrorBox } from '../../components/error.js';
import { useData } from '../../components/use-data.js';
import { useSubmit } from '../../components/use-submit.js';
import { parseRoubles, roublesText } from '../../time/time-input.js';
import { addressState, hoursText, today } from './money-format.js';
import { FormField, MoneyDialog, MoneyTable } from './money-fields.js';

const PATH = '/money/salaries';
const locale = () => (language() === 'ru' ? 'ru-RU' : 'en-GB');

/** Set an engineer's pay formula: fixed + per billable hour + a percent of acted revenue. */
function FormulaDialog({ item, onClose, onSaved }) {
  const f = item.formula;
  const [form, setForm] = useState({
    fixed: f ? roublesText(f.fixedKopecks) : '',
    hour: f ? roublesText(f.perBillableHourKopecks) : '',
    percent: f ? String(f.revenuePercentBp / 100) : '0',
  });
  const [problem, setProblem] = useState('');
  const set = (patch) => setForm((v) => ({ ...v, ...patch }));
  const save = useSubmit(async () => {
    const fixedKopecks = form.fixed.trim() === '' ? 0 : parseRoubles(form.fixed);
    const perBillableHourKopecks = form.hour.trim() === '' ? 0 : parseRoubles(form.hour);
    const percent = Number(form.percent.replace(',', '.'));
    if (fixedKopecks === null || perBillableHourKopecks === null) return setProblem(t('sal.err.money'));
    if (!Number.isFinite(percent) || percent < 0 || percent > 100) return setProblem(t('sal.err.percent'));
    setProblem('');
    onSaved(
      await api.put(`/salaries/formulas/${item.agentId}`, {
        fixedKopecks,
        perBillableHourKopecks,
        revenuePercentBp: Math.round(percent * 100),
      }),
    );
  });
  return html`<${MoneyDialog}
    title=${t('sal.editFormula', { name: item.name })}
    onClose=${onClose}
    save=${save}
    problem=${problem}
  >
    <${FormField} label=${t('sal.fixedRub')} name="fixed" inputmode="decimal" form=${form} set=${set} />
    <${FormField} label=${t('sal.hourRub')} name="hour" inputmode="decimal" form=${form} set=${set} />
    <${FormField} label=${t('sal.percent')} name="percent" inputmode="decimal" form=${form} set=${set} />
  <//>`;
}

const formulaText = (f) =>
  f
    ? t('sal.formulaText', {
        fixed: formatMoney(f.fixedKopecks),
        hour: formatMoney(f.perBillableHourKopecks),
        percent: new Intl.NumberFormat(locale()).format(f.revenuePercentBp / 100),
      })
    : t('sal.noFormula');

/** fixed + per hour + revenue share, as one string: a line break inside a template would eat a space. */
const payParts = (i) => [i.fixedKopecks, i.hourlyKopecks, i.revenueShareKopecks].map(formatMoney).join(' + ');

/** Salaries of a month: everyone's for the books, one's own for everybody else. */
export function SalariesTab({ me, search }) {
  const { values, setValues } = addressState(PATH, search, { month: today().slice(0, 7) });
  const everyone = may(me, 'salary.read');
  const canEdit = may(me, 'salary.manage');
  const [editing, setEditing] = useState(/** @type {any} */ (null));
  const [version, setVersion] = useState(0);
  const q = { month: values.month, ...(everyone ? {} : { agentId: me.id }) };
  const { data, error, loading } = useData(() => api.get(`/salaries?${query(q)}`), [search, version]);
  const items = data?.items ?? [];
  const unsplit = items.reduce((s, i) => s + i.unsplitMinutes, 0);
  const file = (format) => `/api/v1/salaries.${format}?${query({ ...q, language: language() === 'ru' ? 'ru' : 'en' })}`;
  return html`<div class="salaries-tab">
    <p class="muted lead">${everyone ? t('sal.lead') : t('sal.ownLead')}</p>
    <div class="filters">
      <label class="filter"
        >${t('sal.month')}<input
          type="month"
          name="month"
          value=${values.month}
          onChange=${(e) => setValues({ month: e.target.value })}
      /></label>
      <a class="button" href=${file('xlsx')} download>${t('sal.xlsx')}</a>
      <a class="button" href=${file('csv')} download>${t('sal.csv')}</a>
    </div>
    <${ErrorBox} error=${error} />
    <${MoneyTable}
      className="salaries-table"
      head=${html`<th>${t('sal.engineer')}</th>
        <th class="num">${t('sal.hours')}</th>
        <th class="num col-billable">${t('sal.billable')}</th>
        <th class="num col-night">${t('sal.night')}</th>
        <th class="num col-holiday">${t('sal.holiday')}</th>
        <th class="num col-revenue">${t('sal.revenue')}</th>
        <th class="num">${t('sal.totalPay')}</th>`}
      rows=${items.map(
        (i) =>
          html`<tr data-id=${i.agentId}>
            <td>
              <div class="money-name">${i.name}</div>
              <div class="money-sub">
                ${
                  canEdit
                    ? html`<button type="button" class="link" onClick=${() => setEditing(i)}>
                        ${formulaText(i.formula)}
                      </button>`
                    : formulaText(i.formula)
                }
              </div>
            </td>
            <td class="num">${hoursText(i.minutes, locale())}</td>
            <td class="num col-billable">${hoursText(i.billableMinutes, locale())}</td>
            <td class="num col-night">${hoursText(i.nightMinutes, locale())}</td>
            <td class="num col-holiday">${hoursText(i.holidayMinutes, locale())}</td>
            <td class="num col-revenue">${formatMoney(i.revenueKopecks)}</td>
            <td class="num">
              <div class="money-name">${formatMoney(i.totalKopecks)}</div>
              <div class="money-sub">${payParts(i)}</div>
            </td>
          </tr>`,
      )}
      foot=${
        everyone &&
        data &&
        html`<td>${t('money.total')}</td>
          <td class="num">${hoursText(data.totals.minutes, locale())}</td>
          <td class="num col-billable">${hoursText(data.totals.billableMinutes, locale())}</td>
          <td class="num col-night">${hoursText(data.totals.nightMinutes, locale())}</td>
          <td class="num col-holiday">${hoursText(data.totals.holidayMinutes, locale())}</td>
          <td class="num col-revenue"></td>
          <td class="num">${formatMoney(data.totals.totalKopecks)}</td>`
      }
      empty=${!loading && data && t('sal.none')}
    />
    ${unsplit > 0 && html`<p class="hint">${t('sal.unsplit', { hours: hoursText(unsplit, locale()) })}</p>`}
    ${
      editing &&
      html`<${FormulaDialog}
        item=${editing}
        onClose=${() => setEditing(null)}
        onSaved=${() => {
          setEditing(null);
          setVersion((v) => v + 1);
        }}
      />`
    }
  </div>`;
}
