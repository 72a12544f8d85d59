import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { language, t } from '../../i18n.js';
import { ErrorBox } from '../../components/error.js';
import { useData } from '../../components/use-data.js';
import { useSubmit } from '../../components/use-submit.js';
import { formatPlainDate } from '../../agreement-format.js';
import { formatRubles, parseRubles } from './money-text.js';
import { DateField } from './rates-parts.js';

/** What an hour of an agent costs the company: internal, shown only to those who may see costs. */
export function CostRates({ canEdit, choices }) {
  const [agentId, setAgentId] = useState('');
  const { data, error, reload } = useData(
    () => (agentId ? api.get(`/agents/${agentId}/cost-rates`) : Promise.resolve(null)),
    [agentId],
  );
  const [form, setForm] = useState({ rate: '', validFrom: '' });
  const [problem, setProblem] = useState('');
  const add = useSubmit(async () => {
    const rateKopecks = parseRubles(form.rate);
    const missing = rateKopecks === null ? 'rates.err.rate' : !form.validFrom ? 'rates.err.from' : '';
    setProblem(missing && t(missing));
    if (missing) return;
    await api.post(`/agents/${agentId}/cost-rates`, { rateKopecks, validFrom: form.validFrom });
    setForm({ rate: '', validFrom: '' });
    reload();
  });
  const items = data?.items ?? [];
  const lang = language();
  return html`<section class="card rates-section cost-rates" aria-labelledby="cost-rates-title">
    <h2 id="cost-rates-title">${t('rates.costs')}</h2>
    <p class="muted">${t('rates.costs.lead')}</p>
    <label class="filter"
      >${t('rates.agent')}
      <select name="costAgent" value=${agentId} onChange=${(e) => setAgentId(e.target.value)}>
        <option value="">${t('rates.choose')}</option>
        ${choices.agents.map((a) => html`<option value=${String(a.id)}>${a.name}</option>`)}
      </select></label
    >
    <${ErrorBox} error=${error} />
    ${!agentId && html`<p class="empty">${t('rates.costs.pick')}</p>`}
    ${
      agentId &&
      data &&
      (items.length
        ? html`<table class="grid compact cost-rates-table">
            <thead>
              <tr>
                <th>${t('rates.validFrom')}</th>
                <th class="num">${t('rates.costPerHour')}</th>
              </tr>
            </thead>
            <tbody>
              ${items.map(
                (r, i) =>
                  html`<tr class=${i === 0 ? 'current' : ''}>
                    <td>${formatPlainDate(r.validFrom)}</td>
                    <td class="num">${formatRubles(r.rateKopecks, lang)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p class="empty">${t(canEdit ? 'rates.costs.empty' : 'rates.costs.emptyRead')}</p>`)
    }
    ${
      agentId &&
      canEdit &&
      html`<form class="form-grid cost-rate-form" onSubmit=${add.onSubmit} novalidate>
        <label
          >${t('rates.costPerHour')}
          <input
            name="costRate"
            inputmode="decimal"
            autocomplete="off"
            value=${form.rate}
            onInput=${(e) => setForm((f) => ({ ...f, rate: e.target.value }))}
        /></label>
        <${DateField}
          label=${t('rates.validFrom')}
          name="costValidFrom"
          value=${form.validFrom}
          onInput=${(validFrom) => setForm((f) => ({ ...f, validFrom }))}
        />
        ${problem && html`<div class="wide error" role="alert">${problem}</div>`}
        <${ErrorBox} error=${add.error} class="wide" />
        <div class="wide actions">
          <button type="submit" class="primary" disabled=${add.busy}>${t('rates.costs.add')}</button>
        </div>
      </form>`
    }
  </section>`;
}
