import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api, query } from '../../api.js';
import { t } from '../../i18n.js';
import { formatMoney } from '../../format.js';
import { ErrorBox } from '../../components/error.js';
import { DateFilter } from '../../components/date-filter.js';
import { OrganizationFilter } from '../../components/organization-filter.js';
import { useData } from '../../components/use-data.js';
import { useSubmit } from '../../components/use-submit.js';
import { localDate, parseRoubles, roublesText } from '../../time/time-input.js';
import { Checkbox, DialogActions, RecordDialog, VatSelect, useDialogForm } from './dialog-form.js';
import {
  RecurringHead,
  addressFilters,
  formatPlain,
  mayReadCosts,
  mayWriteCosts,
  stylesReady,
} from './recurring-format.js';

/** The API's name of a form field, where the two differ. */
const ERROR_KEYS = /** @type {Record<string, string>} */ ({ amount: 'amountKopecks' });

export const ready = stylesReady;

const KEYS = ['organizationId', 'from', 'to', 'rebill'];

const formOf = (cost, organizationId) => ({
  organizationId: String(cost?.organizationId ?? organizationId ?? ''),
  date: cost?.date ?? localDate(new Date()),
  description: cost?.description ?? '',
  vendor: cost?.vendor ?? '',
  amount: cost ? roublesText(cost.amountKopecks) : '',
  includesVat: false,
  vatRate: cost ? (cost.vatRate === null ? '' : String(cost.vatRate)) : '20',
  rebill: cost?.rebill ?? true,
});

/** Record or change a purchase; an invoiced one is shown read-only. */
function CostDialog({ cost, organizationId, organizations, onClose, onSaved }) {
  const creating = !cost;
  const locked = Boolean(cost?.invoicedAt);
  const { form, set, errors, field, invalid, input, showProblems, submitter, organizationField } = useDialogForm(
    () => formOf(cost, organizationId),
    {
      idPrefix: 'cost',
      errorKeys: ERROR_KEYS,
    },
  );
  const save = useSubmit(async () => {
    const body = {
      ...(creating && { organizationId: Number(form.organizationId) }),
      date: form.date,
      description: form.description.trim(),
      vendor: form.vendor.trim() || null,
      amountKopecks: parseRoubles(form.amount),
      vatRate: form.vatRate === '' ? null : Number(form.vatRate),
      amountIncludesVat: form.includesVat,
      rebill: form.rebill,
    };
    onSaved(creating ? await api.post('/client-costs', body) : await api.patch(`/client-costs/${cost.id}`, body));
  }, showProblems);
  const remove = useSubmit(async () => {
    await api.del(`/client-costs/${cost.id}`);
    onSaved(null);
  });
  const check = () => {
    const found = {};
    if (!form.organizationId) found.organizationId = t('rec.err.required');
    if (!form.description.trim()) found.description = t('rec.err.required');
    if (!form.date) found.date = t('rec.err.date');
    if (parseRoubles(form.amount) === null) found.amountKopecks = t('rec.err.money');
    return found;
  };
  return html`<${RecordDialog}
    title=${creating ? t('cost.new') : t('cost.editOf', { name: cost.description })}
    onClose=${onClose}
    onSubmit=${submitter(check, save)}
  >
    ${locked && html`<p class="hint">${t('cost.invoicedNote')}</p>`}
    <fieldset class="form-grid" disabled=${locked}>
      ${organizationField(organizations, !creating)} ${field('date', t('cost.date'), input('date', { type: 'date' }))}
      ${field('description', t('cost.description'), input('description', { maxlength: '1000' }), true)}
      ${field('vendor', t('cost.vendor'), input('vendor', { maxlength: '300', plain: true }))}
      ${field('amountKopecks', t('cost.amount'), input('amount', { inputmode: 'decimal' }))}
      ${field('vatRate', t('rec.vat'), html`<${VatSelect} value=${form.vatRate} onChange=${(value) => set({ vatRate: value })} />`)}
      <${Checkbox}
        name="includesVat"
        checked=${form.includesVat}
        label=${t('cost.includesVat')}
        onChange=${(checked) => set({ includesVat: checked })}
      />
      <${Checkbox}
        name="rebill"
        checked=${form.rebill}
        label=${t('cost.rebill')}
        wide
        onChange=${(checked) => set({ rebill: checked })}
      />
    </fieldset>
    <${DialogActions}
      errors=${errors}
      save=${save}
      remove=${remove}
      deleteConfirm=${!creating && !locked && t('cost.deleteConfirm', { name: cost.description })}
      canSave=${!locked}
      onClose=${onClose}
    />
  <//>`;
}

/** Purchases made for clients: filters in the address, net / VAT / total in exact kopecks, re-bill marks. */
export function ClientCostsPage({ search, me, organizations }) {
  const { filters, filtered, setFilter } = addressFilters('/client-costs', search, KEYS);
  const allowed = mayReadCosts(me);
  const canWrite = mayWriteCosts(me);
  const [dialog, setDialog] = useState(/** @type {null | { cost: any }} */ (null));
  const [version, setVersion] = useState(0);
  const { data, error, loading } = useData(
    () =>
      allowed
        ? api.get(
            `/client-costs?${query({
              organizationId: filters.organizationId,
              from: filters.from,
              to: filters.to,
              rebill: filters.rebill,
              limit: 500,
            })}`,
          )
        : Promise.resolve(null),
    [search, version, allowed],
  );
  const items = data?.items ?? [];
  const total = items.reduce((sum, c) => sum + c.totalKopecks, 0);
  return html`<section class="client-costs-page">
    <${RecurringHead}
      me=${me}
      active="costs"
      title=${t('cost.title')}
      addLabel=${t('cost.add')}
      onAdd=${canWrite && (() => setDialog({ cost: null }))}
      organizationId=${filters.organizationId}
    />
    ${
      !allowed
        ? html`<p class="empty">${t('cost.noAccess')}</p>`
        : html`<p class="muted lead">${t('cost.lead')}</p>
            <div class="filters rec-filters">
              <${OrganizationFilter}
                value=${filters.organizationId}
                organizations=${organizations}
                onChange=${(value) => setFilter('organizationId', value)}
              />
              <${DateFilter}
                name="from"
                label=${t('cost.from')}
                value=${filters.from}
                onChange=${(value) => setFilter('from', value)}
              />
              <${DateFilter}
                name="to"
                label=${t('cost.to')}
                value=${filters.to}
                onChange=${(value) => setFilter('to', value)}
              />
              <label class="filter"
                >${t('cost.rebillCol')}
                <select name="rebill" value=${filters.rebill} onChange=${(e) => setFilter('rebill', e.target.value)}>
                  <option value="">${t('cost.rebillAny')}</option>
                  <option value="true">${t('cost.rebillYes')}</option>
                  <option value="false">${t('cost.rebillNo')}</option>
                </select></label
              >
              ${filtered && html`<a class="clear" href="/client-costs">${t('filter.clear')}</a>`}
            </div>
            <${ErrorBox} error=${error} />
            <div class="table-wrap">
              <table class="grid cost-table">
                <thead>
                  <tr>
                    <th>${t('cost.date')}</th>
                    <th>${t('cost.description')}</th>
                    <th class="col-client">${t('field.organization')}</th>
                    <th class="num col-net">${t('cost.net')}</th>
                    <th class="num col-vat">${t('cost.vatCol')}</th>
                    <th class="num">${t('cost.total')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${items.map(
                    (c) =>
                      html`<tr data-id=${c.id}>
                        <td class="nowrap">${formatPlain(c.date)}</td>
                        <td>
                          ${
                            canWrite
                              ? html`<button type="button" class="link" onClick=${() => setDialog({ cost: c })}>
                                  ${c.description}
                                </button>`
                              : c.description
                          }
                          <div class="rec-sub">
                            ${[c.vendor, c.rebill && t('cost.rebillMark'), c.invoicedAt && t('cost.invoiced')].filter(Boolean).join(' · ')}<span
                              class="phone-only"
                              >${` · ${c.organizationName}`}</span
                            >
                          </div>
                        </td>
                        <td class="col-client">${c.organizationName}</td>
                        <td class="num col-net">${formatMoney(c.amountKopecks)}</td>
                        <td class="num col-vat">${c.vatRate === null ? t('rec.noVat') : formatMoney(c.vatKopecks)}</td>
                        <td class="num">${formatMoney(c.totalKopecks)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
              ${!loading && data && items.length === 0 && html`<p class="empty">${t(filtered ? 'cost.noneFiltered' : 'cost.none')}</p>`}
            </div>
            ${items.length > 0 && html`<p class="cost-sum">${t('cost.sum', { amount: formatMoney(total) })}</p>`}`
    }
    ${
      dialog &&
      html`<${CostDialog}
        cost=${dialog.cost}
        organizationId=${filters.organizationId}
        organizations=${organizations}
        onClose=${() => setDialog(null)}
        onSaved=${() => {
          setDialog(null);
          setVersion((v) => v + 1);
        }}
      />`
    }
  </section>`;
}
