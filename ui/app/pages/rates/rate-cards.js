import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { language, t } from '../../i18n.js';
import { Dialog } from '../../components/dialog.js';
import { useData } from '../../components/use-data.js';
import { useSubmit } from '../../components/use-submit.js';
import { formatRubles, parseRubles, rublesText } from './money-text.js';
import { DeleteButton, DialogFooter, NoteField, RatesSection } from './rates-parts.js';

const idOrNull = (v) => (v ? Number(v) : null);

/** "any" in a column: the card does not narrow by it. */
const Any = () => html`<span class="muted">${t('rates.any')}</span>`;

function CardDialog({ card, choices, onClose, onSaved }) {
  const [form, setForm] = useState({
    agreementId: card?.agreementId ? String(card.agreementId) : '',
    serviceId: card?.serviceId ? String(card.serviceId) : '',
    agentId: card?.agentId ? String(card.agentId) : '',
    rate: card ? rublesText(card.rateKopecks, language()) : '',
    note: card?.note ?? '',
  });
  const [rateError, setRateError] = useState('');
  const set = (patch) => setForm((f) => ({ ...f, ...patch }));
  const save = useSubmit(async () => {
    const rateKopecks = parseRubles(form.rate);
    if (rateKopecks === null) {
      setRateError(t('rates.err.rate'));
      return;
    }
    setRateError('');
    const body = {
      agreementId: idOrNull(form.agreementId),
      serviceId: idOrNull(form.serviceId),
      agentId: idOrNull(form.agentId),
      rateKopecks,
      note: form.note.trim() || null,
    };
    if (card) await api.patch(`/rate-cards/${card.id}`, body);
    else await api.post('/rate-cards', body);
    onSaved();
  });
  const select = (name, label, options, text) =>
    html`<label
      >${label}
      <select name=${name} value=${form[name]} onChange=${(e) => set({ [name]: e.target.value })}>
        <option value="">${t('rates.anyOption')}</option>
        ${options.map((o) => html`<option value=${String(o.id)}>${text(o)}</option>`)}
      </select></label
    >`;
  return html`<${Dialog} title=${t(card ? 'rates.card.edit' : 'rates.card.new')} onClose=${onClose}>
    <form class="form-grid rate-card-form" onSubmit=${save.onSubmit} novalidate>
      ${select('agreementId', t('rates.agreement'), choices.agreements, (a) => `${a.number} · ${a.organizationName}`)}
      ${select('serviceId', t('rates.service'), choices.services, (s) => s.name)}
      ${select('agentId', t('rates.agent'), choices.agents, (a) => a.name)}
      <label
        >${t('rates.ratePerHour')}
        <input
          name="rate"
          inputmode="decimal"
          autocomplete="off"
          placeholder=${language() === 'ru' ? '2 500,00' : '2,500.00'}
          value=${form.rate}
          onInput=${(e) => set({ rate: e.target.value })}
          aria-invalid=${rateError ? 'true' : undefined}
          required
        />
        ${rateError && html`<span class="field-error" role="alert">${rateError}</span>`}
      </label>
      <${NoteField} value=${form.note} onInput=${(note) => set({ note })} />
      <p class="wide muted hint">${t('rates.card.hint')}</p>
      <${DialogFooter} save=${save} onClose=${onClose} />
    </form>
  <//>`;
}

/** Sale rates per hour: the most specific card for a piece of work prices it. */
export function RateCards({ canEdit, choices }) {
  const { data, error, reload } = useData(() => api.get('/rate-cards?limit=200'), []);
  const [editing, setEditing] = useState(/** @type {any} */ (null));
  const remove = useSubmit(async (/** @type {{ id: number }} */ card) => {
    await api.del(`/rate-cards/${card.id}`);
    reload();
  });
  const items = data?.items ?? [];
  const lang = language();
  const scopeText = (c) => {
    const text =
      c.scope === 'desk'
        ? t('rates.scope.desk')
        : c.scope
            .split('+')
            .map((p) => t(`rates.scope.${p}`))
            .join(' × ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  return html`<${RatesSection}
    name="rate-cards"
    title=${t('rates.cards')}
    lead=${t('rates.cards.lead')}
    addLabel=${t('rates.card.add')}
    onAdd=${canEdit && (() => setEditing({}))}
    error=${error || remove.error}
  >
    ${
      items.length > 0 &&
      html`<div class="table-wrap">
        <table class="grid rate-cards-table">
          <thead>
            <tr>
              <th>${t('rates.agreement')}</th>
              <th>${t('rates.service')}</th>
              <th>${t('rates.agent')}</th>
              <th class="num">${t('rates.ratePerHour')}</th>
              <th class="col-scope">${t('rates.scope')}</th>
              <th><span class="visually-hidden">${t('rates.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            ${items.map(
              (c) =>
                html`<tr data-id=${c.id} class="rate-card-row">
                  <td data-label=${t('rates.agreement')}>
                    ${c.agreementId ? html`<a href=${`/agreements/${c.agreementId}`}>${c.agreementNumber}</a>` : html`<${Any} />`}
                  </td>
                  <td data-label=${t('rates.service')}>${c.serviceName ?? html`<${Any} />`}</td>
                  <td data-label=${t('rates.agent')}>${c.agentName ?? html`<${Any} />`}</td>
                  <td class="num nowrap rate-value" data-label=${t('rates.ratePerHour')}>
                    <b>${formatRubles(c.rateKopecks, lang)}</b>
                  </td>
                  <td class="col-scope muted" data-label=${t('rates.scope')}>
                    ${scopeText(c)}${c.note && html`<div class="note">${c.note}</div>`}
                  </td>
                  <td class="num nowrap">
                    ${
                      canEdit &&
                      html`<button type="button" class="link" onClick=${() => setEditing(c)}>${t('rates.edit')}</button>
                        <${DeleteButton}
                          busy=${remove.busy}
                          question=${t('rates.card.deleteConfirm')}
                          onDelete=${() => remove.run(c)}
                        />`
                    }
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`
    }
    ${data && items.length === 0 && html`<p class="empty">${t(canEdit ? 'rates.cards.empty' : 'rates.cards.emptyRead')}</p>`}
    ${
      editing &&
      html`<${CardDialog}
        card=${editing.id ? editing : null}
        choices=${choices}
        onClose=${() => setEditing(null)}
        onSaved=${() => {
          setEditing(null);
          reload();
        }}
      />`
    }
  <//>`;
}
