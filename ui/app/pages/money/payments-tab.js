import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api, query } from '../../api.js';
import { t } from '../../i18n.js';
import { formatDate, formatMoney, formatWorkDate } from '../../format.js';
import { may } from '../../session.js';
import { ErrorBox } from '../../components/error.js';
import { OrganizationFilter } from '../../components/organization-filter.js';
import { useData } from '../../components/use-data.js';
import { useSubmit } from '../../components/use-submit.js';
import { parseRoubles } from '../../time/time-input.js';
import { addressState, today } from './money-format.js';
import { FormField, MoneyDialog, MoneyTable, PeriodFilters } from './money-fields.js';
import { FilePicker } from '../../components/file-picker.js';

const PATH = '/money/payments';

/** Record a payment received by hand: the invoice, when chosen, gives the client. */
function PaymentDialog({ organizations, onClose, onSaved }) {
  const [form, setForm] = useState({
    organizationId: '',
    date: today(),
    amount: '',
    paymentNumber: '',
    payerName: '',
    purpose: '',
  });
  const [problem, setProblem] = useState('');
  const set = (patch) => setForm((f) => ({ ...f, ...patch }));
  const save = useSubmit(async () => {
    const amountKopecks = parseRoubles(form.amount);
    if (!amountKopecks) return setProblem(t('pay.err.amount'));
    if (!form.date) return setProblem(t('pay.err.date'));
    setProblem('');
    onSaved(
      await api.post('/payments', {
        organizationId: form.organizationId ? Number(form.organizationId) : null,
        date: form.date,
        amountKopecks,
        paymentNumber: form.paymentNumber.trim() || null,
        payerName: form.payerName.trim() || null,
        purpose: form.purpose.trim() || null,
      }),
    );
  });
  return html`<${MoneyDialog} title=${t('pay.new')} onClose=${onClose} save=${save} problem=${problem}>
    <label
      >${t('money.client')}
      <select
        name="organizationId"
        value=${form.organizationId}
        onChange=${(e) => set({ organizationId: e.target.value })}
      >
        <option value="">${t('pay.unmatched')}</option>
        ${organizations.map((o) => html`<option value=${o.id}>${o.name}</option>`)}
      </select></label
    >
    <${FormField} label=${t('pay.date')} name="date" type="date" form=${form} set=${set} />
    <${FormField} label=${t('pay.amountRub')} name="amount" inputmode="decimal" form=${form} set=${set} />
    <${FormField} label=${t('pay.number')} name="paymentNumber" maxlength="50" form=${form} set=${set} />
    <${FormField} label=${t('pay.payer')} name="payerName" maxlength="500" wide form=${form} set=${set} />
    <${FormField} label=${t('pay.purpose')} name="purpose" maxlength="2000" wide form=${form} set=${set} />
  <//>`;
}

// Texts built as one string: a line break between two parts of a template would swallow their space.
const invoiceText = (d) =>
  `${t('pay.invoiceOf', { number: d.number, date: formatWorkDate(d.date) })} · ${formatMoney(d.totalKopecks)}`;

/** Match a payment to a client (and one of its invoices) by hand. */
function MatchDialog({ payment, organizations, onClose, onSaved }) {
  const historyText = (h) =>
    `${organizations.find((o) => o.id === h.toOrganizationId)?.name ?? t('pay.unmatched')}${h.note ? ` — ${h.note}` : ''}`;
  const [organizationId, setOrganizationId] = useState(payment.organizationId ? String(payment.organizationId) : '');
  const [invoiceId, setInvoiceId] = useState(payment.invoiceId ? String(payment.invoiceId) : '');
  const [note, setNote] = useState('');
  const invoices = useData(
    () =>
      organizationId
        ? api.get(`/documents?${query({ organizationId, kind: 'invoice', limit: 100 })}`)
        : Promise.resolve({ items: [] }),
    [organizationId],
  );
  // Who matched it before, and why: a payment's matching is never changed without a trace.
  const details = useData(() => api.get(`/payments/${payment.id}`), [payment.id]);
  const history = details.data?.history ?? [];
  const save = useSubmit(async () =>
    onSaved(
      await api.patch(`/payments/${payment.id}`, {
        organizationId: organizationId ? Number(organizationId) : null,
        invoiceId: invoiceId ? Number(invoiceId) : null,
        note: note.trim() || null,
      }),
    ),
  );
  return html`<${MoneyDialog}
    title=${t('pay.matchTitle')}
    onClose=${onClose}
    save=${save}
    error=${save.error ?? invoices.error ?? details.error}
    lead=${html`<p class="hint">
        ${formatWorkDate(payment.date)} · ${formatMoney(payment.amountKopecks)} · ${payment.payerName ?? ''}
        ${payment.payerInn ? ` (${payment.payerInn})` : ''}
      </p>
      ${payment.purpose && html`<p class="hint">${payment.purpose}</p>`}`}
  >
    <label class="wide"
      >${t('money.client')}
      <select
        name="organizationId"
        value=${organizationId}
        onChange=${(e) => {
          setOrganizationId(e.target.value);
          setInvoiceId('');
        }}
      >
        <option value="">${t('pay.unmatched')}</option>
        ${organizations.map((o) => html`<option value=${o.id}>${o.name}</option>`)}
      </select></label
    >
    <label class="wide"
      >${t('pay.invoice')}
      <select
        name="invoiceId"
        value=${invoiceId}
        disabled=${!organizationId}
        onChange=${(e) => setInvoiceId(e.target.value)}
      >
        <option value="">${t('pay.noInvoice')}</option>
        ${(invoices.data?.items ?? []).map((d) => html`<option value=${d.id}>${invoiceText(d)}</option>`)}
      </select></label
    >
    <label class="wide"
      >${t('pay.matchNote')}<input name="note" maxlength="500" value=${note} onInput=${(e) => setNote(e.target.value)}
    /></label>
    ${
      history.length > 0 &&
      html`<ul class="money-history wide" aria-label=${t('pay.history')}>
        ${history.map((h) => html`<li><span class="muted">${formatDate(h.at)}</span>${` · ${historyText(h)}`}</li>`)}
      </ul>`
    }
  <//>`;
}

/** The statement import: a file, sent as multipart, and what became of its payments. */
function ImportForm({ onImported }) {
  const [summary, setSummary] = useState(/** @type {any} */ (null));
  const upload = useSubmit(async (/** @type {HTMLFormElement} */ form) => {
    const data = new FormData(form);
    const file = data.get('file');
    if (!(file instanceof File) || file.size === 0) return;
    const result = await api.upload('/payments/import', data);
    setSummary(result);
    form.reset();
    onImported();
  });
  return html`<form
    class="money-import"
    onSubmit=${(e) => {
      e.preventDefault();
      upload.run(e.currentTarget);
    }}
  >
    <div class="filter">
      ${t('pay.file')}<${FilePicker}
        name="file"
        accept=".txt,text/plain"
        required
        ariaLabel=${t('pay.file')}
        describedBy="pay-import-hint"
      />
    </div>
    <button type="submit" disabled=${upload.busy}>${upload.busy ? t('pay.importing') : t('pay.import')}</button>
    <p class="hint" id="pay-import-hint">${t('pay.importHint')}</p>
    ${
      summary &&
      html`<p class="money-summary" role="status">
        ${t('pay.importDone', {
          file: summary.fileName,
          imported: summary.imported,
          matched: summary.matched,
          invoices: summary.matchedToInvoices,
          unmatched: summary.unmatched,
          skipped: summary.skipped,
          duplicates: summary.duplicates,
        })}
      </p>`
    }
    <${ErrorBox} error=${upload.error} />
  </form>`;
}

export function PaymentsTab({ me, search, organizations }) {
  const { values, setValues } = addressState(PATH, search, { status: '', organizationId: '', from: '', to: '' });
  const canWrite = may(me, 'payment.manage');
  const [dialog, setDialog] = useState(/** @type {null | { kind: 'add' } | { kind: 'match', payment: any }} */ (null));
  const [version, setVersion] = useState(0);
  const { data, error, loading } = useData(
    () => api.get(`/payments?${query({ ...values, limit: 500 })}`),
    [search, version],
  );
  const items = data?.items ?? [];
  const filtered = Object.values(values).some(Boolean);
  const total = items.reduce((sum, p) => sum + p.amountKopecks, 0);
  const refresh = () => setVersion((v) => v + 1);
  return html`<div class="payments-tab">
    <p class="muted lead">${t('pay.lead')}</p>
    ${
      canWrite &&
      html`<div class="money-actions">
        <${ImportForm} onImported=${refresh} />
        <button type="button" class="primary" onClick=${() => setDialog({ kind: 'add' })}>+ ${t('pay.add')}</button>
      </div>`
    }
    <div class="filters">
      <label class="filter"
        >${t('pay.status')}
        <select name="status" value=${values.status} onChange=${(e) => setValues({ status: e.target.value })}>
          <option value="">${t('pay.status.any')}</option>
          <option value="unmatched">${t('pay.status.unmatched')}</option>
          <option value="matched">${t('pay.status.matched')}</option>
        </select></label
      >
      <${OrganizationFilter}
        value=${values.organizationId}
        organizations=${organizations}
        onChange=${(value) => setValues({ organizationId: value })}
      />
      <${PeriodFilters} values=${values} setValues=${setValues} />
      ${filtered && html`<a class="clear" href=${PATH}>${t('filter.clear')}</a>`}
    </div>
    <${ErrorBox} error=${error} />
    <${MoneyTable}
      className="payments-table"
      head=${html`<th class="col-date">${t('pay.date')}</th>
        <th>${t('pay.payer')}</th>
        <th class="col-client">${t('money.client')}</th>
        <th class="num">${t('pay.amount')}</th>`}
      rows=${items.map(
        (p) =>
          html`<tr data-id=${p.id} class=${p.status === 'unmatched' ? 'unmatched' : ''}>
            <td class="nowrap col-date">${formatWorkDate(p.date)}</td>
            <td>
              <div class="money-name">
                ${p.payerName ?? '—'}${p.payerInn ? html` <span class="muted">${p.payerInn}</span>` : ''}
              </div>
              <div class="money-sub">
                <span class="money-phone">${formatWorkDate(p.date)} · </span>
                ${[p.paymentNumber && `№ ${p.paymentNumber}`, t(`pay.source.${p.source}`), p.purpose].filter(Boolean).join(' · ')}
              </div>
            </td>
            <td class="col-client">
              ${
                p.status === 'unmatched'
                  ? html`<span class="badge warn">${t('pay.unmatched')}</span>`
                  : html`<div>${p.organizationName}</div>
                      ${p.invoiceNumber && html`<div class="money-sub">${t('pay.invoice')} ${t('pay.invoiceOf', { number: p.invoiceNumber, date: formatWorkDate(p.invoiceDate) })}</div>`}`
              }
              ${
                canWrite &&
                html` <button type="button" class="link" onClick=${() => setDialog({ kind: 'match', payment: p })}>
                  ${t(p.status === 'unmatched' ? 'pay.match' : 'pay.rematch')}
                </button>`
              }
            </td>
            <td class="num">${formatMoney(p.amountKopecks)}</td>
          </tr>`,
      )}
      empty=${
        !loading &&
        data &&
        t(
          values.status === 'unmatched' && !values.organizationId && !values.from && !values.to
            ? 'pay.noneUnmatched'
            : filtered
              ? 'pay.noneFiltered'
              : 'pay.none',
        )
      }
    />
    ${items.length > 0 && html`<p class="money-sum">${t('pay.sum', { amount: formatMoney(total) })}</p>`}
    ${
      dialog?.kind === 'add' &&
      html`<${PaymentDialog}
        organizations=${organizations}
        onClose=${() => setDialog(null)}
        onSaved=${() => {
          setDialog(null);
          refresh();
        }}
      />`
    }
    ${
      dialog?.kind === 'match' &&
      html`<${MatchDialog}
        payment=${dialog.payment}
        organizations=${organizations}
        onClose=${() => setDialog(null)}
        onSaved=${() => {
          setDialog(null);
          refresh();
        }}
      />`
    }
  </div>`;
}
