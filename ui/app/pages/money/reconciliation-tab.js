import { html } from '../../html.js';
import { api, query } from '../../api.js';
import { language, t } from '../../i18n.js';
import { formatMoney, formatWorkDate } from '../../format.js';
import { ErrorBox } from '../../components/error.js';
import { useData } from '../../components/use-data.js';
import { addressState, today } from './money-format.js';
import { PeriodFilters } from './money-fields.js';

const PATH = '/money/reconciliation';

/** The statement's last sentence: who owes whom at the end of the period. */
function closingSentence(s) {
  const params = {
    date: formatWorkDate(s.to),
    buyer: s.buyer.name,
    seller: s.seller.name,
    amount: formatMoney(Math.abs(s.closingBalanceKopecks)),
  };
  if (s.closingBalanceKopecks > 0) return t('rec2.owes', params);
  if (s.closingBalanceKopecks < 0) return t('rec2.ahead', params);
  return t('rec2.settled', params);
}

/** A client's reconciliation statement for a period, on screen and as PDF (with or without stamp). */
export function ReconciliationTab({ search, organizations }) {
  const { values, setValues } = addressState(PATH, search, {
    organizationId: '',
    from: `${today().slice(0, 4)}-01-01`,
    to: today(),
    language: language() === 'ru' ? 'ru' : 'en',
    stamp: '',
    entityId: '',
  });
  // Only a desk with several legal entities asks whose statement it is; otherwise there is nothing to choose.
  const entities = useData(() => api.get('/legal-entities'), []);
  const ours = entities.data?.items ?? [];
  const ready = values.organizationId && values.from && values.to;
  const q = { from: values.from, to: values.to, language: values.language, entityId: values.entityId };
  const {
    data: s,
    error,
    loading,
  } = useData(
    () =>
      ready ? api.get(`/organizations/${values.organizationId}/reconciliation?${query(q)}`) : Promise.resolve(null),
    [search],
  );
  const pdf = `/api/v1/organizations/${values.organizationId}/reconciliation.pdf?${query({ ...q, stamp: values.stamp ? '1' : '' })}`;
  return html`<div class="reconciliation-tab">
    <p class="muted lead">${t('rec2.lead')}</p>
    <div class="filters">
      <label class="filter"
        >${t('money.client')}
        <select
          name="organizationId"
          value=${values.organizationId}
          onChange=${(e) => setValues({ organizationId: e.target.value })}
        >
          <option value="">—</option>
          ${organizations.map((o) => html`<option value=${o.id}>${o.name}</option>`)}
        </select></label
      >
      <${PeriodFilters} values=${values} setValues=${setValues} />
      ${
        ours.length > 1 &&
        html`<label class="filter"
          >${t('rec2.entity')}
          <select name="entityId" value=${values.entityId} onChange=${(e) => setValues({ entityId: e.target.value })}>
            <option value="">${t('rec2.allEntities')}</option>
            ${ours.map((e) => html`<option value=${e.id}>${e.shortName}</option>`)}
          </select></label
        >`
      }
      <label class="filter"
        >${t('rec2.language')}
        <select name="language" value=${values.language} onChange=${(e) => setValues({ language: e.target.value })}>
          <option value="ru">Русский</option>
          <option value="en">English</option>
        </select></label
      >
      ${
        ready &&
        html`<label class="checkbox-inline"
            ><input
              type="checkbox"
              name="stamp"
              checked=${Boolean(values.stamp)}
              onChange=${(e) => setValues({ stamp: e.target.checked ? '1' : '' })}
            />
            ${t('rec2.stamp')}</label
          >
          <a class="button" href=${pdf} download>${t('rec2.pdf')}</a>`
      }
    </div>
    <${ErrorBox} error=${error} />
    ${!ready && html`<p class="empty">${t('rec2.pickClient')}</p>`}
    ${
      s &&
      !loading &&
      html`<div class="statement">
        <p class="statement-parties"><strong>${s.seller.name}</strong> — <strong>${s.buyer.name}</strong></p>
        <div class="table-wrap">
          <table class="grid money-table statement-table">
            <thead>
              <tr>
                <th class="col-date">${t('pay.date')}</th>
                <th>${t('rec2.document')}</th>
                <th class="num">${t('rec2.debit')}</th>
                <th class="num">${t('rec2.credit')}</th>
              </tr>
            </thead>
            <tbody>
              <tr class="statement-balance">
                <td class="col-date"></td>
                <td>${t('rec2.opening')}</td>
                <td class="num">${s.openingBalanceKopecks > 0 ? formatMoney(s.openingBalanceKopecks) : ''}</td>
                <td class="num">${s.openingBalanceKopecks < 0 ? formatMoney(-s.openingBalanceKopecks) : ''}</td>
              </tr>
              ${s.rows.map(
                (r) =>
                  html`<tr>
                    <td class="nowrap col-date">${formatWorkDate(r.date)}</td>
                    <td>${r.document}</td>
                    <td class="num">${r.debitKopecks !== 0 ? formatMoney(r.debitKopecks) : ''}</td>
                    <td class="num">${r.creditKopecks !== 0 ? formatMoney(r.creditKopecks) : ''}</td>
                  </tr>`,
              )}
              ${
                s.rows.length === 0 &&
                html`<tr>
                  <td class="col-date"></td>
                  <td class="muted">${t('rec2.noRows')}</td>
                  <td class="col-date"></td>
                  <td class="col-date"></td>
                </tr>`
              }
            </tbody>
            <tfoot>
              <tr>
                <td class="col-date"></td>
                <td>${t('rec2.turnover')}</td>
                <td class="num">${formatMoney(s.debitTurnoverKopecks)}</td>
                <td class="num">${formatMoney(s.creditTurnoverKopecks)}</td>
              </tr>
              <tr class="statement-balance">
                <td class="col-date"></td>
                <td>${t('rec2.closing')}</td>
                <td class="num">${s.closingBalanceKopecks > 0 ? formatMoney(s.closingBalanceKopecks) : ''}</td>
                <td class="num">${s.closingBalanceKopecks < 0 ? formatMoney(-s.closingBalanceKopecks) : ''}</td>
              </tr>
            </tfoot>
          </table>
        </div>
        <p class="statement-closing">${closingSentence(s)}</p>
      </div>`
    }
  </div>`;
}
