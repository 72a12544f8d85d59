import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { language, t } from '../../i18n.js';
import { Dialog } from '../../components/dialog.js';
import { useData } from '../../components/use-data.js';
import { useSubmit } from '../../components/use-submit.js';
import { formatPlainDate } from '../../agreement-format.js';
import { formatPercentBp, parsePercentBp } from './money-text.js';
import { DateField, DeleteButton, DialogFooter, NoteField, RatesSection } from './rates-parts.js';

function DiscountDialog({ choices, onClose, onSaved }) {
  const [form, setForm] = useState({
    scope: 'organization',
    targetId: '',
    percent: '',
    validFrom: '',
    validTo: '',
    note: '',
  });
  const [problem, setProblem] = useState('');
  const set = (patch) => setForm((f) => ({ ...f, ...patch }));
  const save = useSubmit(async () => {
    const percentBp = parsePercentBp(form.percent);
    const missing = !form.targetId
      ? 'rates.err.target'
      : percentBp === null
        ? 'rates.err.percent'
        : !form.validFrom
          ? 'rates.err.from'
          : '';
    setProblem(missing && t(missing));
    if (missing) return;
    await api.post('/discounts', {
      [form.scope === 'agreement' ? 'agreementId' : 'organizationId']: Number(form.targetId),
      percentBp,
      validFrom: form.validFrom,
      validTo: form.validTo || null,
      note: form.note.trim() || null,
    });
    onSaved();
  });
  const options =
    form.scope === 'agreement'
      ? choices.agreements.map((a) => [a.id, `${a.number} · ${a.organizationName}`])
      : choices.organizations.map((o) => [o.id, o.name]);
  return html`<${Dialog} title=${t('rates.discount.new')} onClose=${onClose}>
    <form class="form-grid discount-form" onSubmit=${save.onSubmit} novalidate>
      <fieldset class="wide scope-choice">
        <legend>${t('rates.discount.for')}</legend>
        ${['organization', 'agreement'].map(
          (scope) =>
            html`<label class="checkbox-inline"
              ><input
                type="radio"
                name="scope"
                value=${scope}
                checked=${form.scope === scope}
                onChange=${() => set({ scope, targetId: '' })}
              />
              ${t(`rates.scope.${scope}`)}</label
            >`,
        )}
      </fieldset>
      <label class="wide"
        >${t(form.scope === 'agreement' ? 'rates.agreement' : 'rates.organization')}
        <select name="targetId" value=${form.targetId} onChange=${(e) => set({ targetId: e.target.value })}>
          <option value="">${t('rates.choose')}</option>
          ${options.map(([id, text]) => html`<option value=${String(id)}>${text}</option>`)}
        </select></label
      >
      <label
        >${t('rates.discount.percent')}
        <span class="with-unit"
          ><input
            name="percent"
            inputmode="decimal"
            autocomplete="off"
            placeholder=${language() === 'ru' ? '12,5' : '12.5'}
            value=${form.percent}
            onInput=${(e) => set({ percent: e.target.value })}
          />
          %</span
        ></label
      >
      <span></span>
      <${DateField}
        label=${t('rates.validFrom')}
        name="validFrom"
        value=${form.validFrom}
        onInput=${(validFrom) => set({ validFrom })}
      />
      <${DateField}
        label=${t('rates.validTo')}
        name="validTo"
        value=${form.validTo}
        onInput=${(validTo) => set({ validTo })}
      />
      <${NoteField} value=${form.note} onInput=${(note) => set({ note })} />
      <p class="wide muted hint">${t('rates.discount.hint')}</p>
      ${problem && html`<div class="wide error" role="alert">${problem}</div>`}
      <${DialogFooter} save=${save} onClose=${onClose} />
    </form>
  <//>`;
}

const period = (d) =>
  d.validTo
    ? `${formatPlainDate(d.validFrom)} – ${formatPlainDate(d.validTo)}`
    : t('rates.discount.openEnded', { from: formatPlainDate(d.validFrom) });

/** Discounts of clients and agreements for a period: the agreement's own wins over its client's. */
export function Discounts({ canEdit, choices }) {
  const { data, error, reload } = useData(() => api.get('/discounts?limit=200'), []);
  const [adding, setAdding] = useState(false);
  const remove = useSubmit(async (id) => {
    await api.del(`/discounts/${id}`);
    reload();
  });
  const items = data?.items ?? [];
  const lang = language();
  return html`<${RatesSection}
    name="discounts"
    title=${t('rates.discounts')}
    lead=${t('rates.discounts.lead')}
    addLabel=${t('rates.discount.add')}
    onAdd=${canEdit && (() => setAdding(true))}
    error=${error || remove.error}
  >
    ${
      items.length > 0 &&
      html`<div class="table-wrap">
        <table class="grid discounts-table">
          <thead>
            <tr>
              <th>${t('rates.discount.for')}</th>
              <th class="num">${t('rates.discount.percent')}</th>
              <th>${t('rates.period')}</th>
              <th><span class="visually-hidden">${t('rates.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            ${items.map(
              (d) =>
                html`<tr data-id=${d.id} class="discount-row">
                  <td>
                    ${
                      d.agreementId
                        ? html`${t('rates.scope.agreement')}
                            <a href=${`/agreements/${d.agreementId}`}>${d.agreementNumber}</a>`
                        : d.organizationName
                    }
                    ${d.note && html`<div class="note muted">${d.note}</div>`}
                  </td>
                  <td class="num nowrap"><b>${formatPercentBp(d.percentBp, lang)}</b></td>
                  <td class="nowrap">${period(d)}</td>
                  <td class="num nowrap">
                    ${
                      canEdit &&
                      html`<${DeleteButton}
                        busy=${remove.busy}
                        question=${t('rates.discount.deleteConfirm')}
                        onDelete=${() => remove.run(d.id)}
                      />`
                    }
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`
    }
    ${data && items.length === 0 && html`<p class="empty">${t(canEdit ? 'rates.discounts.empty' : 'rates.discounts.emptyRead')}</p>`}
    ${
      adding &&
      html`<${DiscountDialog}
        choices=${choices}
        onClose=${() => setAdding(false)}
        onSaved=${() => {
          setAdding(false);
          reload();
        }}
      />`
    }
  <//>`;
}
