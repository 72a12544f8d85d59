import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { t } from '../../i18n.js';
import { Dialog } from '../../components/dialog.js';
import { ErrorBox } from '../../components/error.js';
import { FieldError } from '../../components/intervals.js';
import { useData } from '../../components/use-data.js';
import { useSubmit } from '../../components/use-submit.js';
import { problemFields } from '../../agreement-format.js';
import { parseRoubles, roublesText } from '../../time/time-input.js';
import { KINDS, VAT_RATES, kindLabel, maySeeCost } from './recurring-format.js';

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
  const [form, setForm] = useState(() => formOf(item, organizationId));
  const [errors, setErrors] = useState(/** @type {Record<string, string>} */ ({}));
  // An edited field's error goes away with the edit; the others stay until they are fixed.
  const set = (patch) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors((errs) => {
      const next = { ...errs };
      for (const key of Object.keys(patch)) delete next[ERROR_KEYS[key] ?? key];
      return next;
    });
  };
  const contacts = useData(
    () =>
      form.organizationId
        ? api.get(`/organizations/${form.organizationId}/contacts`).then((r) => r.items)
        : Promise.resolve([]),
    [form.organizationId],
  );
  const managers = (agents ?? []).filter((a) => a.active !== false && (a.role === 'manager' || a.role === 'admin'));
  const save = useSubmit(
    async () => {
      const body = bodyOf(form, showCost, creating);
      const saved = creating
        ? await api.post('/recurring-services', body)
        : await api.patch(`/recurring-services/${item.id}`, body);
      onSaved(saved, creating ? 'created' : 'saved');
    },
    { onError: (err) => setErrors(problemFields(err.problem)) },
  );
  const remove = useSubmit(async () => {
    await api.del(`/recurring-services/${item.id}`);
    onSaved(null, 'deleted');
  });
  const submit = (e) => {
    e.preventDefault();
    const found = validate(form, showCost);
    setErrors(found);
    if (Object.keys(found).length === 0) save.run();
  };
  const field = (name, label, input, wide = false) =>
    html`<label class=${wide ? 'wide' : ''}
      >${label} ${input} <${FieldError} id=${`rec-${name}-error`} error=${errors[name]}
    /></label>`;
  const invalid = (name) => ({
    'aria-invalid': errors[name] ? 'true' : undefined,
    'aria-describedby': errors[name] ? `rec-${name}-error` : undefined,
  });
  return html`<${Dialog}
    title=${creating ? t('rec.new') : t('rec.editOf', { name: item.name })}
    onClose=${onClose}
    wide
  >
    <form class="dialog-form rec-dialog" onSubmit=${submit} novalidate>
      <div class="form-grid">
        ${field(
          'organizationId',
          t('field.organization'),
          html`<select
            name="organizationId"
            value=${form.organizationId}
            disabled=${!creating}
            onChange=${(e) => set({ organizationId: e.target.value, notifyContactId: '' })}
            ...${invalid('organizationId')}
          >
            <option value="">—</option>
            ${organizations.map((o) => html`<option value=${o.id}>${o.name}</option>`)}
          </select>`,
        )}
        ${field(
          'kind',
          t('rec.kind'),
          html`<select name="kind" value=${form.kind} onChange=${(e) => set({ kind: e.target.value })}>
            ${KINDS.map((k) => html`<option value=${k}>${kindLabel(k)}</option>`)}
          </select>`,
        )}
        ${field(
          'name',
          t('rec.name'),
          html`<input
            name="name"
            value=${form.name}
            maxlength="300"
            placeholder=${t('rec.namePlaceholder')}
            onInput=${(e) => set({ name: e.target.value })}
            ...${invalid('name')}
          />`,
        )}
        ${field(
          'vendor',
          t('rec.vendor'),
          html`<input
            name="vendor"
            value=${form.vendor}
            maxlength="300"
            onInput=${(e) => set({ vendor: e.target.value })}
          />`,
        )}
        ${field(
          'priceKopecks',
          t('rec.price'),
          html`<input
            name="price"
            inputmode="decimal"
            value=${form.price}
            onInput=${(e) => set({ price: e.target.value })}
            ...${invalid('priceKopecks')}
          />`,
        )}
        ${
          showCost &&
          field(
            'costKopecks',
            t('rec.cost'),
            html`<input
              name="cost"
              inputmode="decimal"
              value=${form.cost}
              onInput=${(e) => set({ cost: e.target.value })}
              ...${invalid('costKopecks')}
            />`,
          )
        }
        ${field(
          'vatRate',
          t('rec.vat'),
          html`<select name="vatRate" value=${form.vatRate} onChange=${(e) => set({ vatRate: e.target.value })}>
            ${VAT_RATES.map((r) => html`<option value=${r}>${r === '' ? t('rec.noVat') : `${r}%`}</option>`)}
          </select>`,
        )}
        ${field(
          'billingEveryMonths',
          t('rec.everyLabel'),
          html`<input
            name="every"
            type="number"
            min="1"
            max="120"
            value=${form.every}
            onInput=${(e) => set({ every: e.target.value })}
            ...${invalid('billingEveryMonths')}
          />`,
        )}
        ${field(
          'nextBillingDate',
          t('rec.nextBilling'),
          html`<input
            name="nextBillingDate"
            type="date"
            value=${form.nextBillingDate}
            onInput=${(e) => set({ nextBillingDate: e.target.value })}
            ...${invalid('nextBillingDate')}
          />`,
        )}
        ${field(
          'expiresOn',
          t('rec.expiresOn'),
          html`<input
            name="expiresOn"
            type="date"
            value=${form.expiresOn}
            onInput=${(e) => set({ expiresOn: e.target.value })}
            ...${invalid('expiresOn')}
          />`,
        )}
        ${field(
          'host',
          t('rec.host'),
          html`<input
            name="host"
            value=${form.host}
            maxlength="260"
            placeholder=${t('rec.hostPlaceholder')}
            onInput=${(e) => set({ host: e.target.value })}
            ...${invalid('host')}
          />`,
        )}
        <label class="checkbox wide"
          ><input
            type="checkbox"
            name="liveCheck"
            checked=${form.liveCheck}
            onChange=${(e) => set({ liveCheck: e.target.checked })}
          />
          ${t('rec.liveCheck')}</label
        >
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
          html`<label class="checkbox wide"
            ><input
              type="checkbox"
              name="active"
              checked=${form.active}
              onChange=${(e) => set({ active: e.target.checked })}
            />
            ${t('rec.active')}</label
          >`
        }
      </div>
      <${ErrorBox} error=${Object.keys(errors).length ? null : save.error || remove.error} />
      <div class="dialog-actions">
        ${
          !creating &&
          html`<button
            type="button"
            class="link danger-link"
            disabled=${remove.busy}
            onClick=${() => confirm(t('rec.deleteConfirm', { name: item.name })) && remove.run()}
          >
            ${t('rec.delete')}
          </button>`
        }
        <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button type="submit" class="primary" disabled=${save.busy}>${t('common.save')}</button>
      </div>
    </form>
  <//>`;
}
