import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api, query } from '../../api.js';
import { language, t } from '../../i18n.js';
import { formatMoney } from '../../format.js';
import { Dialog } from '../../components/dialog.js';
import { ErrorBox } from '../../components/error.js';
import { DateFilter } from '../../components/date-filter.js';
import { DateInput } from '../../components/date-input.js';
import { OrganizationFilter } from '../../components/organization-filter.js';
import { useData } from '../../components/use-data.js';
import { useSubmit } from '../../components/use-submit.js';
import { localDate, parseRoubles, roublesText } from '../../time/time-input.js';
import {
  DocumentTabs,
  addressFilters,
  formatPlain,
  kindLabel,
  mayIssue,
  mayManageEntities,
  previousMonth,
  previousMonthSpan,
  stylesReady,
} from './documents-format.js';

export const ready = stylesReady;

const KEYS = ['organizationId', 'kind', 'from', 'to'];
const EXTRA_INCLUDES = ['packages', 'recurring', 'client_costs'];

const emptyLine = () => ({ description: '', quantity: '1', unit: language() === 'ru' ? 'усл' : 'service', price: '' });
const parseQuantity = (text) => {
  const n = Number(String(text).replace(',', '.').trim());
  return Number.isFinite(n) && n > 0 && Math.round(n * 1000) === n * 1000 ? n : null;
};

/** Lines typed by hand (a billing dialog's extra lines, a corrected act's lines): errors by row and field. */
function LinesEditor({ lines, onChange, errors }) {
  const set = (i, patch) => onChange(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  return html`<div class="manual-lines">
    ${lines.map(
      (l, i) =>
        html`<div class="manual-line" data-line=${i}>
          <label
            >${t('doc.line.description')}<input
              name=${`line-${i}-description`}
              value=${l.description}
              maxlength="1000"
              aria-invalid=${errors[`${i}.description`] ? 'true' : undefined}
              onInput=${(e) => set(i, { description: e.target.value })}
          /></label>
          <label
            >${t('doc.line.quantity')}<input
              name=${`line-${i}-quantity`}
              value=${l.quantity}
              inputmode="decimal"
              aria-invalid=${errors[`${i}.quantity`] ? 'true' : undefined}
              onInput=${(e) => set(i, { quantity: e.target.value })}
          /></label>
          <label
            >${t('doc.line.unit')}<input
              name=${`line-${i}-unit`}
              value=${l.unit}
              maxlength="20"
              onInput=${(e) => set(i, { unit: e.target.value })}
          /></label>
          <label
            >${t('doc.line.price')}<input
              name=${`line-${i}-price`}
              value=${l.price}
              inputmode="decimal"
              aria-invalid=${errors[`${i}.price`] ? 'true' : undefined}
              onInput=${(e) => set(i, { price: e.target.value })}
          /></label>
          <button
            type="button"
            class="link danger-link"
            aria-label=${t('doc.removeLine')}
            title=${t('doc.removeLine')}
            onClick=${() => onChange(lines.filter((_, j) => j !== i))}
          >
            ✕
          </button>
        </div>`,
    )}
    ${Object.keys(errors).length > 0 && html`<p class="field-error">${Object.values(errors)[0]}</p>`}
    <div>
      <button type="button" class="link" onClick=${() => onChange([...lines, emptyLine()])}>
        + ${t('doc.addLine')}
      </button>
    </div>
  </div>`;
}

/** Lines as the API takes them, or the errors of the rows that are not right. */
function linesBody(lines) {
  const errors = {};
  const body = lines.map((l, i) => {
    if (!l.description.trim()) errors[`${i}.description`] = t('doc.err.required');
    const quantity = parseQuantity(l.quantity);
    if (quantity === null) errors[`${i}.quantity`] = t('doc.err.quantity');
    const price = parseRoubles(l.price);
    if (price === null) errors[`${i}.price`] = t('doc.err.money');
    return {
      description: l.description.trim(),
      quantity: quantity ?? 0,
      unit: l.unit.trim() || '—',
      unitPriceKopecks: price ?? 0,
      ...(l.fromPosition && { fromPosition: l.fromPosition }),
    };
  });
  return { body, errors };
}

/** The lines a document has or would have, with its totals. */
const LinesTable = ({ lines, totals }) =>
  html`<div class="table-wrap">
    <table class="doc-lines">
      <thead>
        <tr>
          <th>${t('doc.number')}</th>
          <th>${t('doc.line.description')}</th>
          <th class="num">${t('doc.line.quantity')}</th>
          <th class="num">${t('doc.net')}</th>
          <th class="num">${t('doc.vat')}</th>
          <th class="num">${t('doc.total')}</th>
        </tr>
      </thead>
      <tbody>
        ${lines.map(
          (l) =>
            html`<tr>
              <td>${l.position}</td>
              <td class="desc">${l.description}</td>
              <td class="num">${l.quantity} ${l.unit}</td>
              <td class="num">${formatMoney(l.netKopecks)}</td>
              <td class="num">${l.vatRate === null ? '—' : formatMoney(l.vatKopecks)}</td>
              <td class="num">${formatMoney(l.totalKopecks)}</td>
            </tr>`,
        )}
      </tbody>
      <tfoot>
        <tr>
          <td></td>
          <td>${t('doc.total')}</td>
          <td></td>
          <td class="num">${formatMoney(totals.netKopecks)}</td>
          <td class="num">${formatMoney(totals.vatKopecks)}</td>
          <td class="num" data-total>${formatMoney(totals.totalKopecks)}</td>
        </tr>
      </tfoot>
    </table>
  </div>`;

/** A new invoice or act: client, entity, period, what to include and typed lines; a preview of its lines first. */
function BillingDialog({ kind, organizations, entities, organizationId, onClose, onIssued }) {
  const span = previousMonthSpan();
  const [form, setForm] = useState({
    organizationId: organizationId || '',
    entityId: String(entities.find((e) => e.active)?.id ?? ''),
    from: span.from,
    to: span.to,
    work: 'worklogs',
    extras: new Set(EXTRA_INCLUDES),
    discount: '',
    language: language(),
    date: localDate(new Date()),
    lines: [],
  });
  const [preview, setPreview] = useState(/** @type {any} */ (null));
  const [errors, setErrors] = useState(/** @type {Record<string, string>} */ ({}));
  const [lineErrors, setLineErrors] = useState({});
  const set = (patch) => {
    setForm((f) => ({ ...f, ...patch }));
    setPreview(null);
  };
  const body = () => {
    const found = {};
    if (!form.organizationId) found.organizationId = t('doc.err.required');
    if (!form.entityId) found.entityId = t('doc.err.required');
    if (!form.from || !form.to) found.period = t('doc.err.period');
    const lines = linesBody(form.lines);
    setErrors(found);
    setLineErrors(lines.errors);
    if (Object.keys(found).length || Object.keys(lines.errors).length) return null;
    const discount = form.discount.trim() ? Number(form.discount.replace(',', '.')) : undefined;
    return {
      organizationId: Number(form.organizationId),
      entityId: Number(form.entityId),
      from: form.from,
      to: form.to,
      include: [...(form.work ? [form.work] : []), ...form.extras, 'manual'],
      lines: lines.body,
      date: form.date,
      language: form.language,
      ...(discount !== undefined && Number.isFinite(discount) && { discountPercent: discount }),
    };
  };
  const show = useSubmit(async () => {
    const b = body();
    if (b) setPreview(await api.post('/documents/preview', { ...b, kind }));
  });
  const issue = useSubmit(async () => {
    const b = body();
    if (b) onIssued(await api.post(kind === 'invoice' ? '/invoices' : '/acts', b));
  });
  const toggle = (name, on) => {
    const extras = new Set(form.extras);
    if (on) extras.add(name);
    else extras.delete(name);
    set({ extras });
  };
  const label = (name, text, input) =>
    html`<label
      >${text} ${input}
      ${errors[name] && html`<span class="field-error" id=${`bill-${name}-error`}>${errors[name]}</span>`}</label
    >`;
  return html`<${Dialog} title=${kind === 'invoice' ? t('doc.newInvoice') : t('doc.newAct')} onClose=${onClose} wide>
    <form
      class="dialog-form doc-dialog"
      novalidate
      onSubmit=${(e) => {
        e.preventDefault();
        issue.run();
      }}
    >
      <fieldset class="form-grid">
        ${label(
          'organizationId',
          t('doc.client'),
          html`<select
            name="organizationId"
            value=${form.organizationId}
            aria-invalid=${errors.organizationId ? 'true' : undefined}
            onChange=${(e) => set({ organizationId: e.target.value })}
          >
            <option value="">—</option>
            ${organizations.map((o) => html`<option value=${o.id}>${o.name}</option>`)}
          </select>`,
        )}
        ${label(
          'entityId',
          t('doc.entity'),
          html`<select name="entityId" value=${form.entityId} onChange=${(e) => set({ entityId: e.target.value })}>
            <option value="">—</option>
            ${entities.filter((e) => e.active).map((e) => html`<option value=${e.id}>${e.shortName}</option>`)}
          </select>`,
        )}
        ${label('period', t('doc.from'), html`<${DateInput} name="from" value=${form.from} onChange=${(day) => set({ from: day })} />`)}
        ${label('to', t('doc.to'), html`<${DateInput} name="to" value=${form.to} onChange=${(day) => set({ to: day })} />`)}
        ${label('date', t('doc.docDate'), html`<${DateInput} name="date" value=${form.date} onChange=${(day) => set({ date: day })} />`)}
        ${label(
          'language',
          t('doc.language'),
          html`<select name="language" value=${form.language} onChange=${(e) => set({ language: e.target.value })}>
            <option value="ru">Русский</option>
            <option value="en">English</option>
          </select>`,
        )}
        ${label('discount', t('doc.discount'), html`<input name="discount" inputmode="decimal" value=${form.discount} onInput=${(e) => set({ discount: e.target.value })} />`)}
      </fieldset>
      <fieldset>
        <legend>${t('doc.includes')}</legend>
        <div class="includes">
          ${['worklogs', 'worklogs_by_service'].map(
            (w) =>
              html`<label class="checkbox"
                ><input
                  type="checkbox"
                  name=${`include-${w}`}
                  checked=${form.work === w}
                  onChange=${(e) => set({ work: e.target.checked ? w : '' })}
                />
                ${t(`doc.inc.${w}`)}</label
              >`,
          )}
          ${EXTRA_INCLUDES.map(
            (name) =>
              html`<label class="checkbox"
                ><input
                  type="checkbox"
                  name=${`include-${name}`}
                  checked=${form.extras.has(name)}
                  onChange=${(e) => toggle(name, e.target.checked)}
                />
                ${t(`doc.inc.${name}`)}</label
              >`,
          )}
        </div>
      </fieldset>
      <fieldset>
        <legend>${t('doc.manualLines')}</legend>
        <${LinesEditor} lines=${form.lines} errors=${lineErrors} onChange=${(lines) => set({ lines })} />
      </fieldset>
      ${
        preview &&
        (preview.lines.length === 0
          ? html`<p class="empty preview-empty">${t('doc.previewEmpty')}</p>`
          : html`<${LinesTable} lines=${preview.lines} totals=${preview} />`)
      }
      <${ErrorBox} error=${show.error || issue.error} />
      <div class="dialog-actions">
        <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button type="button" class="preview" disabled=${show.busy} onClick=${() => show.run()}>
          ${t('doc.preview')}
        </button>
        <button type="submit" class="primary" disabled=${issue.busy || (preview && preview.lines.length === 0)}>
          ${t('doc.issue')}
        </button>
      </div>
    </form>
  <//>`;
}

/** A corrected act: the act's lines to edit (each keeps the work of the line it came from), or new ones. */
function CorrectDialog({ doc, onClose, onDone }) {
  const { data, error } = useData(() => api.get(`/documents/${doc.id}`), [doc.id]);
  const [lines, setLines] = useState(/** @type {any[] | null} */ (null));
  const [lineErrors, setLineErrors] = useState({});
  const current =
    lines ??
    data?.lines.map((l) => ({
      description: l.description,
      quantity: String(l.quantity),
      unit: l.unit,
      price: roublesText(l.unitPriceKopecks),
      fromPosition: l.position,
    }));
  const save = useSubmit(async () => {
    const b = linesBody(current ?? []);
    setLineErrors(b.errors);
    if (Object.keys(b.errors).length === 0) onDone(await api.post(`/acts/${doc.id}/correct`, { lines: b.body }));
  });
  return html`<${Dialog} title=${t('doc.correctTitle', { number: doc.number })} onClose=${onClose} wide>
    <form class="dialog-form doc-dialog" novalidate onSubmit=${save.onSubmit}>
      <p class="hint">${t('doc.correctHint')}</p>
      <${ErrorBox} error=${error} />
      ${current && html`<${LinesEditor} lines=${current} errors=${lineErrors} onChange=${setLines} />`}
      <${ErrorBox} error=${save.error} />
      <div class="dialog-actions">
        <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button type="submit" class="primary" disabled=${save.busy || !current}>${t('doc.correctAction')}</button>
      </div>
    </form>
  <//>`;
}

/** Send a document: to the client's billing contacts, or to an address typed in. */
function SendDialog({ doc, onClose, onSent }) {
  const [to, setTo] = useState('');
  const send = useSubmit(async () =>
    onSent(await api.post(`/documents/${doc.id}/send`, to.trim() ? { to: to.trim() } : {})),
  );
  return html`<${Dialog}
    title=${t('doc.sendTitle', { kind: kindLabel(doc.kind).toLowerCase(), number: doc.number })}
    onClose=${onClose}
  >
    <form class="dialog-form doc-dialog" novalidate onSubmit=${send.onSubmit}>
      <label
        >${t('doc.sendTo')}<input type="email" name="to" value=${to} onInput=${(e) => setTo(e.target.value)}
      /></label>
      <${ErrorBox} error=${send.error} />
      <div class="dialog-actions">
        <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button type="submit" class="primary" disabled=${send.busy}>${t('doc.send')}</button>
      </div>
    </form>
  <//>`;
}

/** The monthly run now, and whether the job runs it on the 1st. */
function MonthlyDialog({ entities, canManage, onClose, onDone }) {
  const [month, setMonth] = useState(previousMonth());
  const [entityId, setEntityId] = useState(String(entities.find((e) => e.active)?.id ?? ''));
  const settings = useData(() => api.get('/documents/billing-run'), []);
  const run = useSubmit(async () =>
    onDone(await api.post('/documents/monthly-run', { month, entityId: Number(entityId) })),
  );
  const auto = useSubmit(async (enabled) => {
    await api.put('/documents/billing-run', {
      enabled,
      entityId: entityId ? Number(entityId) : null,
      kinds: ['invoice', 'act'],
    });
    settings.reload();
  });
  return html`<${Dialog} title=${t('doc.monthly')} onClose=${onClose}>
    <form class="dialog-form doc-dialog" novalidate onSubmit=${run.onSubmit}>
      <p class="hint">${t('doc.monthlyHint')}</p>
      <label
        >${t('doc.month')}<input type="month" name="month" value=${month} onChange=${(e) => setMonth(e.target.value)}
      /></label>
      <label
        >${t('doc.entity')}<select name="entityId" value=${entityId} onChange=${(e) => setEntityId(e.target.value)}>
          ${entities.filter((e) => e.active).map((e) => html`<option value=${e.id}>${e.shortName}</option>`)}
        </select></label
      >
      ${
        canManage &&
        settings.data &&
        html`<label class="checkbox"
          ><input
            type="checkbox"
            name="auto"
            checked=${settings.data.enabled}
            disabled=${auto.busy}
            onChange=${(e) => auto.run(e.target.checked)}
          />
          ${t('doc.auto')}</label
        >`
      }
      <${ErrorBox} error=${run.error || auto.error} />
      <div class="dialog-actions">
        <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button type="submit" class="primary" disabled=${run.busy || !entityId}>${t('doc.run')}</button>
      </div>
    </form>
  <//>`;
}

/** A document as issued: its lines and totals, the total in words, the payment purpose and where it was sent. */
function DetailDialog({ doc, onClose }) {
  const { data, error } = useData(() => api.get(`/documents/${doc.id}`), [doc.id]);
  return html`<${Dialog} title=${`${kindLabel(doc.kind)} ${t('doc.number')} ${doc.number}`} onClose=${onClose} wide>
    <div class="doc-detail">
      <${ErrorBox} error=${error} />
      ${
        data &&
        html`<p class="doc-sub">
            ${formatPlain(data.date)} · ${data.organizationName} · ${data.entityName}
            ${data.periodFrom && html` · ${formatPlain(data.periodFrom)} – ${formatPlain(data.periodTo)}`}
          </p>
          ${data.lines.length > 0 && html`<${LinesTable} lines=${data.lines} totals=${data} />`}
          ${data.kind !== 'contract' && html`<p class="in-words">${data.totalInWords}</p>`}
          ${data.paymentPurpose && html`<p class="doc-sub purpose">${t('doc.purpose')}: ${data.paymentPurpose}</p>`}
          ${
            data.deliveries.length > 0 &&
            html`<p class="doc-sub deliveries">
              ${t('doc.deliveries')}:
              ${data.deliveries.map((d) => `${d.toAddress} (${formatPlain(d.createdAt.slice(0, 10))})`).join(', ')}
            </p>`
          }`
      }
      <div class="dialog-actions">
        <a href=${pdfHref(doc, false)} download>${t('doc.pdf')}</a>
        <a href=${pdfHref(doc, true)} download>${t('doc.pdfStamp')}</a>
        <button type="button" onClick=${onClose}>${t('doc.close')}</button>
      </div>
    </div>
  <//>`;
}

const pdfHref = (doc, stamp) => `${doc.pdfUrl}${stamp ? '?stamp=1' : ''}`;

/** Issued documents: filters in the address, PDFs with and without stamp, sending, storno and correction of acts. */
export function DocumentsPage({ search, me, organizations }) {
  const { filters, filtered, setFilter } = addressFilters('/documents', search, KEYS);
  const canIssue = mayIssue(me);
  const [dialog, setDialog] = useState(/** @type {null | { kind: string, doc?: any }} */ (null));
  const [notice, setNotice] = useState('');
  const [version, setVersion] = useState(0);
  const entities = useData(() => api.get('/legal-entities'), [version]);
  const { data, error, loading } = useData(
    () => api.get(`/documents?${query({ ...filters, limit: 200 })}`),
    [search, version],
  );
  const items = data?.items ?? [];
  const entityList = entities.data?.items ?? [];
  const noEntity = entities.data && entityList.filter((e) => e.active).length === 0;
  const done = (text) => {
    setDialog(null);
    setNotice(text);
    setVersion((v) => v + 1);
  };
  const storno = useSubmit(async (/** @type {any} */ doc) => {
    if (!confirm(t('doc.stornoConfirm', { number: doc.number }))) return;
    const r = await api.post(`/acts/${doc.id}/storno`, {});
    done(t('doc.issued', { kind: kindLabel('act'), number: r.number, amount: formatMoney(r.totalKopecks) }));
  });
  const issued = (r) =>
    done(t('doc.issued', { kind: kindLabel(r.kind), number: r.number, amount: formatMoney(r.totalKopecks) }));
  return html`<section class="documents-page">
    <div class="page-head">
      <h1>${t('doc.title')}</h1>
      ${
        canIssue &&
        !noEntity &&
        html`<div class="doc-head-actions">
          <button type="button" class="primary new-invoice" onClick=${() => setDialog({ kind: 'invoice' })}>
            + ${t('doc.newInvoice')}
          </button>
          <button type="button" class="new-act" onClick=${() => setDialog({ kind: 'act' })}>
            + ${t('doc.newAct')}
          </button>
          <button type="button" class="monthly" onClick=${() => setDialog({ kind: 'monthly' })}>
            ${t('doc.monthly')}
          </button>
        </div>`
      }
    </div>
    <${DocumentTabs} active="documents" />
    <p class="muted lead">${t('doc.lead')}</p>
    ${notice && html`<p class="doc-notice" role="status">${notice}</p>`}
    ${
      noEntity &&
      html`<p class="empty no-entity">
        ${t('doc.noEntity')} ${mayManageEntities(me) && html`<a href="/legal-entities">${t('doc.addEntity')}</a>`}
      </p>`
    }
    <div class="filters doc-filters">
      <${OrganizationFilter}
        value=${filters.organizationId}
        organizations=${organizations}
        onChange=${(value) => setFilter('organizationId', value)}
      />
      <label class="filter"
        >${t('doc.kind')}
        <select name="kind" value=${filters.kind} onChange=${(e) => setFilter('kind', e.target.value)}>
          <option value="">${t('doc.kind.any')}</option>
          ${['invoice', 'act', 'contract'].map((k) => html`<option value=${k}>${kindLabel(k)}</option>`)}
        </select></label
      >
      <${DateFilter}
        name="from"
        label=${t('doc.from')}
        value=${filters.from}
        onChange=${(value) => setFilter('from', value)}
      />
      <${DateFilter} name="to" label=${t('doc.to')} value=${filters.to} onChange=${(value) => setFilter('to', value)} />
      ${filtered && html`<a class="clear" href="/documents">${t('filter.clear')}</a>`}
    </div>
    <${ErrorBox} error=${error || storno.error} />
    <div class="table-wrap">
      <table class="grid doc-table">
        <thead>
          <tr>
            <th>${t('doc.kind')}</th>
            <th class="col-client">${t('doc.client')}</th>
            <th class="col-entity">${t('doc.entity')}</th>
            <th class="col-period">${t('doc.period')}</th>
            <th class="num col-net">${t('doc.net')}</th>
            <th class="num col-vat">${t('doc.vat')}</th>
            <th class="num col-total">${t('doc.total')}</th>
            <th class="col-actions">${t('doc.actions')}</th>
          </tr>
        </thead>
        <tbody>
          ${items.map(
            (d) =>
              html`<tr data-id=${d.id} data-kind=${d.kind}>
                <td class="col-doc">
                  <button type="button" class="link doc-title" onClick=${() => setDialog({ kind: 'detail', doc: d })}>
                    ${kindLabel(d.kind)} ${t('doc.number')} ${d.number}
                  </button>
                  ${d.correction && html`<span class=${`doc-badge ${d.correction}`}>${t(`doc.${d.correction}`)}</span>`}
                  <div class="doc-sub">
                    ${formatPlain(d.date)}${d.reversedBy ? ` · ${t('doc.reversed', { number: d.reversedBy.number })}` : ''}
                  </div>
                </td>
                <td class="col-client">${d.organizationName}</td>
                <td class="col-entity">${d.entityName}</td>
                <td class="col-period doc-sub">
                  ${d.periodFrom && `${formatPlain(d.periodFrom)} – ${formatPlain(d.periodTo)}`}
                </td>
                <td class="num col-net">${formatMoney(d.netKopecks)}</td>
                <td class="num col-vat">${formatMoney(d.vatKopecks)}</td>
                <td class="num col-total">${formatMoney(d.totalKopecks)}</td>
                <td class="col-actions">
                  <div class="doc-actions">
                    <a href=${pdfHref(d, false)} download class="pdf">${t('doc.pdf')}</a>
                    <a href=${pdfHref(d, true)} download class="pdf-stamp">${t('doc.pdfStamp')}</a>
                    ${
                      canIssue &&
                      html`<button type="button" class="link send" onClick=${() => setDialog({ kind: 'send', doc: d })}>
                        ${t('doc.send')}
                      </button>`
                    }
                    ${
                      canIssue &&
                      d.kind === 'act' &&
                      d.correction !== 'storno' &&
                      !d.reversedBy &&
                      html`<button
                          type="button"
                          class="link storno"
                          disabled=${storno.busy}
                          onClick=${() => storno.run(d)}
                        >
                          ${t('doc.stornoAction')}</button
                        ><button
                          type="button"
                          class="link correct"
                          onClick=${() => setDialog({ kind: 'correct', doc: d })}
                        >
                          ${t('doc.correctAction')}
                        </button>`
                    }
                  </div>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${!loading && data && items.length === 0 && html`<p class="empty">${t(filtered ? 'doc.noneFiltered' : 'doc.none')}</p>`}
    </div>
    ${
      dialog &&
      (dialog.kind === 'invoice' || dialog.kind === 'act') &&
      html`<${BillingDialog}
        kind=${dialog.kind}
        organizations=${organizations}
        entities=${entityList}
        organizationId=${filters.organizationId}
        onClose=${() => setDialog(null)}
        onIssued=${issued}
      />`
    }
    ${
      dialog?.kind === 'correct' &&
      html`<${CorrectDialog} doc=${dialog.doc} onClose=${() => setDialog(null)} onDone=${(r) => issued(r.corrected)} />`
    }
    ${dialog?.kind === 'detail' && html`<${DetailDialog} doc=${dialog.doc} onClose=${() => setDialog(null)} />`}
    ${
      dialog?.kind === 'send' &&
      html`<${SendDialog}
        doc=${dialog.doc}
        onClose=${() => setDialog(null)}
        onSent=${(r) => done(t('doc.sent', { to: r.deliveries.map((x) => x.toAddress).join(', ') }))}
      />`
    }
    ${
      dialog?.kind === 'monthly' &&
      html`<${MonthlyDialog}
        entities=${entityList}
        canManage=${mayManageEntities(me)}
        onClose=${() => setDialog(null)}
        onDone=${(r) =>
          done(t('doc.runResult', { created: r.created.length, skipped: r.skipped, failed: r.failed.length }))}
      />`
    }
  </section>`;
}
