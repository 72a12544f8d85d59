import { useEffect, useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api, query } from '../../api.js';
import { t } from '../../i18n.js';
import { formatAgo, formatMoney } from '../../format.js';
import { ErrorBox } from '../../components/error.js';
import { OrganizationFilter } from '../../components/organization-filter.js';
import { useData } from '../../components/use-data.js';
import { useSubmit } from '../../components/use-submit.js';
import { may } from '../../session.js';
import { RecurringDialog } from './recurring-dialog.js';
import {
  DaysLeft,
  KINDS,
  RecurringHead,
  addressFilters,
  everyText,
  formatPlain,
  kindLabel,
  maySeeCost,
  stylesReady,
  vatText,
} from './recurring-format.js';

export const ready = stylesReady;

const KEYS = ['organizationId', 'kind', 'expiring'];

/** "Check now" for an item with a host, and what the last check found. */
function LiveCheck({ item, canWrite, onChecked }) {
  const check = useSubmit(async () => onChecked(await api.post(`/recurring-services/${item.id}/check`)));
  return html`${
      item.lastCheckError
        ? html`<div class="rec-check bad">${t('rec.checkFailed', { error: item.lastCheckError })}</div>`
        : item.lastCheckAt &&
          html`<div class="rec-check" title=${item.lastCheckResult ?? ''}>
            ${t('rec.checked', { when: formatAgo(item.lastCheckAt) })}
          </div>`
    }
    ${
      canWrite &&
      html`<button
        type="button"
        class="link"
        disabled=${check.busy}
        aria-label=${t('rec.checkNowOf', { name: item.name })}
        onClick=${() => check.run()}
      >
        ${t('rec.checkNow')}
      </button>`
    } <${ErrorBox} error=${check.error} class="row-error" />`;
}

/** Recurring services across clients: filters in the address, days-left badges, create and edit in a dialog. */
export function RecurringPage({ search, me, organizations, agents }) {
  const { filters, filtered, setFilter } = addressFilters('/recurring', search, KEYS);
  const params = new URLSearchParams(search);
  const [dialog, setDialog] = useState(
    /** @type {null | { item: any }} */ (params.get('new') === '1' ? { item: null } : null),
  );
  const [notice, setNotice] = useState('');
  const [version, setVersion] = useState(0);
  const { data, error, loading } = useData(
    () =>
      api.get(
        `/recurring-services?${query({
          organizationId: filters.organizationId,
          kind: filters.kind,
          expiringWithinDays: filters.expiring ? 30 : undefined,
          limit: 200,
        })}`,
      ),
    [search, version],
  );
  const [items, setItems] = useState(/** @type {any[]} */ ([]));
  useEffect(() => setItems(data?.items ?? []), [data]);
  const canWrite = may(me, 'recurring.write');
  const showCost = maySeeCost(me);
  const replaced = (next) => setItems((list) => list.map((i) => (i.id === next.id ? next : i)));
  return html`<section class="recurring-page">
    <${RecurringHead}
      me=${me}
      active="recurring"
      title=${t('rec.title')}
      addLabel=${t('rec.add')}
      onAdd=${canWrite && (() => setDialog({ item: null }))}
      organizationId=${filters.organizationId}
    />
    <p class="muted lead">${t('rec.lead')}</p>
    <div class="filters rec-filters">
      <${OrganizationFilter}
        value=${filters.organizationId}
        organizations=${organizations}
        onChange=${(value) => setFilter('organizationId', value)}
      />
      <label class="filter"
        >${t('rec.kind')}
        <select name="kind" value=${filters.kind} onChange=${(e) => setFilter('kind', e.target.value)}>
          <option value="">${t('rec.anyKind')}</option>
          ${KINDS.map((k) => html`<option value=${k}>${kindLabel(k)}</option>`)}
        </select></label
      >
      <label class="checkbox-inline"
        ><input
          type="checkbox"
          name="expiring"
          checked=${Boolean(filters.expiring)}
          onChange=${(e) => setFilter('expiring', e.target.checked ? '30' : '')}
        />
        ${t('rec.expiringFilter')}</label
      >
      ${filtered && html`<a class="clear" href="/recurring">${t('filter.clear')}</a>`}
    </div>
    ${notice && html`<p class="saved-note" role="status">${notice}</p>`}
    <${ErrorBox} error=${error} />
    <div class="table-wrap">
      <table class="grid rec-table">
        <thead>
          <tr>
            <th>${t('rec.name')}</th>
            <th class="col-client">${t('field.organization')}</th>
            <th>${t('rec.expiresCol')}</th>
            <th class="col-billing">${t('rec.nextBillingCol')}</th>
            <th class="num">${t('rec.priceCol')}</th>
            <th><span class="visually-hidden">${t('rec.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${items.map(
            (i) =>
              html`<tr data-id=${i.id} class=${i.active ? 'rec-row' : 'rec-row retired-row'}>
                <td class="col-name">
                  <div class="rec-name">${i.name}</div>
                  <div class="rec-sub">
                    ${kindLabel(i.kind)}${i.vendor ? ` · ${i.vendor}` : ''}${!i.active ? ` · ${t('rec.inactive')}` : ''}<span
                      class="phone-only"
                      >${` · ${i.organizationName}`}</span
                    >
                  </div>
                </td>
                <td class="col-client">${i.organizationName}</td>
                <td class="col-expires">
                  <div><${DaysLeft} item=${i} /></div>
                  ${i.expiresOn && html`<div class="rec-sub">${formatPlain(i.expiresOn)}</div>`}
                </td>
                <td class="col-billing">
                  <div class="nowrap">${formatPlain(i.nextBillingDate)}</div>
                  <div class="rec-sub">${everyText(i.billingEveryMonths)}</div>
                </td>
                <td class="num col-price">
                  <div>${formatMoney(i.priceKopecks)}</div>
                  <div class="rec-sub wide-only">${vatText(i.vatRate)}</div>
                  ${showCost && i.costKopecks !== undefined && html`<div class="rec-sub wide-only">${t('rec.costCol')}: ${formatMoney(i.costKopecks)}</div>`}
                </td>
                <td class="col-actions">
                  <div class="rec-actions">
                    ${i.host && html`<${LiveCheck} item=${i} canWrite=${canWrite} onChecked=${replaced} />`}
                    ${
                      canWrite &&
                      html`<button
                        type="button"
                        class="link"
                        aria-label=${t('rec.editOf', { name: i.name })}
                        onClick=${() => setDialog({ item: i })}
                      >
                        ${t('rec.edit')}
                      </button>`
                    }
                  </div>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${
        !loading &&
        data &&
        items.length === 0 &&
        html`<p class="empty">
          ${t(filters.expiring && !filters.organizationId && !filters.kind ? 'rec.noneExpiring' : filtered ? 'rec.noneFiltered' : 'rec.none')}
        </p>`
      }
    </div>
    ${
      dialog &&
      html`<${RecurringDialog}
        item=${dialog.item}
        organizationId=${filters.organizationId}
        organizations=${organizations}
        agents=${agents}
        me=${me}
        onClose=${() => setDialog(null)}
        onSaved=${(saved, how) => {
          setDialog(null);
          setNotice(saved ? t(how === 'created' ? 'rec.created' : 'rec.saved', { name: saved.name }) : '');
          setVersion((v) => v + 1);
        }}
      />`
    }
  </section>`;
}
