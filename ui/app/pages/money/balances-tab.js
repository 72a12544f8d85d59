import { html } from '../../html.js';
import { api, query } from '../../api.js';
import { t } from '../../i18n.js';
import { formatMoney } from '../../format.js';
import { ErrorBox } from '../../components/error.js';
import { DateFilter } from '../../components/date-filter.js';
import { useData } from '../../components/use-data.js';
import { addressState, today } from './money-format.js';
import { MoneyTable } from './money-fields.js';

const PATH = '/money/balances';

/** Every client with a debt or an advance at the end of a day, who owes most first. */
export function BalancesTab({ search }) {
  const { values, setValues } = addressState(PATH, search, { at: today() });
  const { data, error, loading } = useData(() => api.get(`/balances?${query({ at: values.at })}`), [search]);
  const items = data?.items ?? [];
  const year = values.at.slice(0, 4);
  return html`<div class="balances-tab">
    <p class="muted lead">${t('bal.lead')}</p>
    <div class="filters">
      <${DateFilter} name="at" label=${t('money.at')} value=${values.at} onChange=${(at) => setValues({ at })} />
    </div>
    <${ErrorBox} error=${error} />
    <${MoneyTable}
      className="balances-table"
      head=${html`<th>${t('money.client')}</th>
        <th class="num col-acts">${t('bal.acts')}</th>
        <th class="num col-payments">${t('bal.payments')}</th>
        <th class="num">${t('bal.balance')}</th>`}
      rows=${items.map(
        (b) =>
          html`<tr data-id=${b.organizationId}>
            <td>
              <div class="money-name">${b.name}</div>
              <a
                class="money-sub"
                href=${`/money/reconciliation?${query({ organizationId: b.organizationId, from: `${year}-01-01`, to: values.at })}`}
                >${t('bal.reconcile')}</a
              >
            </td>
            <td class="num col-acts">${formatMoney(b.actsKopecks)}</td>
            <td class="num col-payments">${formatMoney(b.paymentsKopecks)}</td>
            <td class=${`num ${b.balanceKopecks > 0 ? 'owes' : 'ahead'}`}>${formatMoney(b.balanceKopecks)}</td>
          </tr>`,
      )}
      foot=${
        data &&
        html`<td>${t('money.total')}</td>
          <td class="col-acts"></td>
          <td class="col-payments"></td>
          <td class="num">${formatMoney(data.totalKopecks)}</td>`
      }
      empty=${!loading && data && t('bal.none')}
    />
  </div>`;
}
