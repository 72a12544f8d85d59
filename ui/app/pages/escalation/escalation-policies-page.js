import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { loadMessages, t } from '../../i18n.js';
import { formatDate } from '../../format.js';
import { ErrorBox } from '../../components/error.js';
import { ListHead } from '../../components/list-head.js';
import { useData } from '../../components/use-data.js';
import { useSubmit } from '../../components/use-submit.js';
import { loadStyles } from '../../components/lazy.js';

await loadMessages('escalation');

export const ready = loadStyles('/app/styles/escalation.css');

const PAGED_TIERS = ['24x7', 'premium'];

/**
 * The positions a `line:<n>` step may name: the configured support lines, or the first three while none are set
 * (a line without a team pages nobody, which the ticket's chain then shows).
 * @param {unknown} answer
 */
function linePositions(answer) {
  const items = Array.isArray(answer) ? answer : /** @type {{ items?: unknown[] }} */ (answer)?.items;
  const positions = (items ?? []).map((l) => /** @type {{ position: number }} */ (l).position).filter(Number.isInteger);
  return positions.length ? positions : [1, 2, 3];
}

/** The tiers that are paged (24x7, premium) first: they are what an admin comes here for. */
const byPagedFirst = (items) =>
  [...items].sort((a, b) => Number(PAGED_TIERS.includes(b.tier)) - Number(PAGED_TIERS.includes(a.tier)));

/** One tier's chain: steps (whom, after how long), the rounds, Save. */
function PolicyCard({ policy, agents, lines, onSaved }) {
  const [steps, setSteps] = useState(policy.steps.map((s) => ({ ...s })));
  const [repeatCount, setRepeatCount] = useState(policy.repeatCount);
  const [saved, setSaved] = useState(false);
  const save = useSubmit(async () => {
    setSaved(false);
    const wrong = steps.findIndex((st) => !/^\d+$/.test(String(st.delayMinutes)) || Number(st.delayMinutes) > 1440);
    if (wrong >= 0) throw new Error(t('escp.err.delay', { n: wrong + 1 }));
    if (!/^([1-9]|10)$/.test(String(repeatCount))) throw new Error(t('escp.err.repeat'));
    await api.put(`/escalation-policies/${policy.tier}`, {
      steps: steps.map((s) => ({ target: s.target, delayMinutes: Number(s.delayMinutes) })),
      repeatCount: Number(repeatCount),
    });
    setSaved(true);
    onSaved();
  });
  const tierName = t(`esc.tierName.${policy.tier}`);
  const set = (i, patch) => setSteps((all) => all.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const targets = [
    ...lines.map((n) => [`line:${n}`, t('escp.line', { n })]),
    ['duty_manager', t('escp.dutyManager')],
    ...agents.filter((a) => a.active).map((a) => [`agent:${a.id}`, a.name]),
  ];
  return html`<form
    class="policy-card"
    data-tier=${policy.tier}
    onSubmit=${save.onSubmit}
    aria-label=${tierName}
    novalidate
  >
    <h2>${t('esc.tier', { tier: tierName })}</h2>
    <p class="muted">
      ${PAGED_TIERS.includes(policy.tier) ? t('escp.paged') : t('escp.notPaged')}
      ${' '}${policy.custom ? t('escp.updated', { date: formatDate(policy.updatedAt) }) : t('escp.default')}
    </p>
    ${steps.map(
      (s, i) =>
        html`<div class="policy-step">
          <span class="step-no">${t('escp.step', { n: i + 1 })}</span>
          <label
            >${t('escp.target')}
            <select name=${`target-${i}`} value=${s.target} onChange=${(e) => set(i, { target: e.target.value })}>
              ${targets.some(([v]) => v === s.target) ? null : html`<option value=${s.target}>${s.target}</option>`}
              ${targets.map(([v, label]) => html`<option value=${v}>${label}</option>`)}
            </select></label
          >
          <label
            >${t('escp.delay')}
            <input
              type="number"
              name=${`delay-${i}`}
              min="0"
              max="1440"
              required
              value=${s.delayMinutes}
              onInput=${(e) => set(i, { delayMinutes: e.target.value })}
          /></label>
          <button
            type="button"
            class="link danger-link"
            disabled=${steps.length === 1}
            aria-label=${t('escp.removeStep', { n: i + 1 })}
            onClick=${() => setSteps((all) => all.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>`,
    )}
    <div class="policy-actions">
      <button
        type="button"
        disabled=${steps.length >= 10}
        onClick=${() => setSteps((all) => [...all, { target: 'duty_manager', delayMinutes: 15 }])}
      >
        ${t('escp.addStep')}
      </button>
      <label
        >${t('escp.repeat')}
        <input
          type="number"
          name="repeatCount"
          min="1"
          max="10"
          required
          value=${repeatCount}
          onInput=${(e) => setRepeatCount(e.target.value)}
      /></label>
      <button type="submit" class="primary" disabled=${save.busy}>${t('escp.save', { tier: tierName })}</button>
    </div>
    <${ErrorBox} error=${save.error} />
    ${saved && html`<p role="status" class="muted">${t('escp.saved', { tier: tierName })}</p>`}
  </form>`;
}

/** Admins and managers (the server's `escalation.manage`) set who is paged per agreement tier. */
export function EscalationPoliciesPage({ agents }) {
  const [version, setVersion] = useState(0);
  const { data, error } = useData(
    () =>
      Promise.all([
        api.get('/escalation-policies'),
        // Support lines name the line steps; a desk without them offers lines 1–3.
        api.get('/support-lines').catch(() => null),
      ]),
    [version],
  );
  return html`<section class="escalation-policies">
    <${ListHead} title=${t('escp.title')} lead=${t('escp.lead')} />
    <${ErrorBox} error=${error} />
    ${!data && !error && html`<p class="muted">${t('common.loading')}</p>`}
    ${
      data &&
      byPagedFirst(data[0].items).map(
        (p) =>
          html`<${PolicyCard}
            key=${p.tier}
            policy=${p}
            agents=${agents ?? []}
            lines=${linePositions(data[1])}
            onSaved=${() => setVersion((v) => v + 1)}
          />`,
      )
    }
  </section>`;
}
