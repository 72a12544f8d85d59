import { html } from '../../html.js';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { useData } from '../../components/use-data.js';
import { useSubmit } from '../../components/use-submit.js';
import { parseRoubles, roublesText } from '../../time/time-input.js';
import { Checkbox, DialogActions, RecordDialog, VatSelect, useDialogForm } from './dialog-form.js';
import { KINDS, kindLabel, maySeeCost } from './recurring-format.js';

/** The API's name of a form field, where the two differ. */
const ERROR_KEYS = /** @type {Record<string, string>} */ ({
  price: 'priceKopecks',
  cost: 'costKopecks',
  every: 'billingEveryMonths',
});

/** The form's text fields from an item (or the blanks of a new one). */
const formOf = (item, organizationId) => ({
  organizationId: String(item?.organizationId ?? organizationId ?? ''),
  kind: item?.kind ?? 'domain',
  name: item?.name ?? '',
  vendor: item?.vendor ?? '',
  price: item ? roublesText(item.priceKopecks) : '',
  cost: item?.costKopecks !== undefined ? roublesText(item.costKopecks) : '',
  vatRate: item ? (item.vatRate === null ? '' : String(item.vatRate)) : '20',
  every: String(item?.billingEveryMonths ?? 12),
  nextBillingDate: item?.nextBillingDate ?? '',
  expiresOn: item?.expiresOn ?? '',
  host: item?.host ?? '',
  liveCheck: item?.liveCheck ?? false,
  notifyContactId: item?.notifyContactId ? String(item.notifyContactId) : '',
  managerId: item?.managerId ? String(item.managerId) : '',
  notes: item?.notes ?? '',
  active: item?.active ?? true,
});

/** What the form says, checked here first so the common slips are named beside their field. */
function validate(f, showCost) {
  const errors = {};
  if (!f.organizationId) errors.organizationId = t('rec.err.required');
  if (!f.name.trim()) errors.name = t('rec.err.required');
  if (f.price.trim() && parseRoubles(f.price) === null) errors.priceKopecks = t('rec.err.money');
  if (showCost && f.cost.trim() && parseRoubles(f.cost) === null) errors.costKopecks = t('rec.err.money');
  const every = Number(f.every);
  if (!Number.isInteger(every) || every < 1 || every > 120) errors.billingEveryMonths = t('rec.err.every');
  if (!f.nextBillingDate) errors.nextBillingDate = t('rec.err.date');
  return errors;
}

function bodyOf(f, showCost, creating) {
  return {
    ...(creating && { organizationId: Number(f.organizationId) }),
    kind: f.kind,
    name: f.name.trim(),
    vendor: f.vendor.trim() || null,
    priceKopecks: f.price.trim() ? parseRoubles(f.price) : 0,
    ...(showCost && { costKopecks: f.cost.trim() ? parseRoubles(f.cost) : 0 }),
    vatRate: f.vatRate === '' ? null : Number(f.vatRate),
    billingEveryMonths: Number(f.every),
    nextBillingDate: f.nextBillingDate,
    expiresOn: f.expiresOn || null,
    host: f.host.trim() || null,
    liveCheck: f.liveCheck,
    notifyContactId: f.notifyContactId ? Number(f.notifyContactId) : null,
    managerId: f.managerId ? Number(f.managerId) : null,
    notes: f.notes.trim() || null,
    ...(!creating && { active: f.active }),
  };
}

/** Create or edit a recurring service; deleting is offered while editing. */
export function RecurringDialog({ item, organizationId, organizations, agents, me, onClose, onSaved }) {
  const creating = !item;
  const showCost = maySeeCost(me);
  const { form, set, errors, field, invalid, input, showProblems, submitter, organizationField } = useDialogForm(
    () => formOf(item, organizationId),
    {
      idPrefix: 'rec',
      errorKeys: ERROR_KEYS,
    },
  );
  const contacts = useData(
    () =>
      form.organizationId
        ? api.get(`/organizations/${form.organizationId}/contacts`).then((r) => r.items)
        : Promise.resolve([]),
    [form.organizationId],
  );
  const managers = (agents ?? []).filter((a) => a.active !== false && (a.role === 'manager' || a.role === 'admin'));
  const save = useSubmit(async () => {
    const body = bodyOf(form, showCost, creating);
    const saved = creating
      ? await api.post('/recurring-services', body)
      : await api.patch(`/recurring-services/${item.id}`, body);
    onSaved(saved, creating ? 'created' : 'saved');
  }, showProblems);
  const remove = useSubmit(async () => {
    await api.del(`/recurring-services/${item.id}`);
    onSaved(null, 'deleted');
  });
  return html`<${RecordDialog}
    title=${creating ? t('rec.new') : t('rec.editOf', { name: item.name })}
    onClose=${onClose}
    onSubmit=${submitter(() => validate(form, showCost), save)}
  >
    <div class="form-grid">
      ${organizationField(organizations, !creating, { notifyContactId: '' })}
      ${field(
        'kind',
        t('rec.kind'),
        html`<select name="kind" value=${form.kind} onChange=${(e) => set({ kind: e.target.value })}>
          ${KINDS.map((k) => html`<option value=${k}>${kindLabel(k)}</option>`)}
        </select>`,
      )}
      ${field('name', t('rec.name'), input('name', { maxlength: '300', placeholder: t('rec.namePlaceholder') }))}
      ${field('vendor', t('rec.vendor'), input('vendor', { maxlength: '300', plain: true }))}
      ${field('priceKopecks', t('rec.price'), input('price', { inputmode: 'decimal' }))}
      ${showCost && field('costKopecks', t('rec.cost'), input('cost', { inputmode: 'decimal' }))}
      ${field('vatRate', t('rec.vat'), html`<${VatSelect} value=${form.vatRate} onChange=${(value) => set({ vatRate: value })} />`)}
      ${field('billingEveryMonths', t('rec.everyLabel'), input('every', { type: 'number', min: '1', max: '120' }))}
      ${field('nextBillingDate', t('rec.nextBilling'), input('nextBillingDate', { type: 'date' }))}
      ${field('expiresOn', t('rec.expiresOn'), input('expiresOn', { type: 'date' }))}
      ${field('host', t('rec.host'), input('host', { maxlength: '260', placeholder: t('rec.hostPlaceholder') }))}
      <${Checkbox}
        name="liveCheck"
        checked=${form.liveCheck}
        label=${t('rec.liveCheck')}
        wide
        onChange=${(checked) => set({ liveCheck: checked })}
      />
      <p class="hint wide">${t('rec.liveHint')}</p>
      ${field(
        'notifyContactId',
        t('rec.contact'),
        html`<select
          name="notifyContactId"
          value=${form.notifyContactId}
          onChange=${(e) => set({ notifyContactId: e.target.value })}
          ...${invalid('notifyContactId')}
        >
          <option value="">${t('rec.noContact')}</option>
          ${(contacts.data ?? []).map((c) => html`<option value=${c.id}>${c.name}${c.email ? ` <${c.email}>` : ''}</option>`)}
        </select>`,
      )}
      ${field(
        'managerId',
        t('rec.manager'),
        html`<select
          name="managerId"
          value=${form.managerId}
          onChange=${(e) => set({ managerId: e.target.value })}
          ...${invalid('managerId')}
        >
          <option value="">${t('rec.managerDefault')}</option>
          ${managers.map((a) => html`<option value=${a.id}>${a.name}</option>`)}
        </select>`,
      )}
      ${field(
        'notes',
        t('rec.notes'),
        html`<textarea
          name="notes"
          rows="2"
          maxlength="10000"
          value=${form.notes}
          onInput=${(e) => set({ notes: e.target.value })}
        ></textarea>`,
        true,
      )}
      ${
        !creating &&
        html`<${Checkbox}
          name="active"
          checked=${form.active}
          label=${t('rec.active')}
          wide
          onChange=${(checked) => set({ active: checked })}
        />`
      }
    </div>
    <${DialogActions}
      errors=${errors}
      save=${save}
      remove=${remove}
      deleteConfirm=${!creating && t('rec.deleteConfirm', { name: item.name })}
      onClose=${onClose}
    />
  <//>`;
}
