import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { api } from '../../api.js';
import { loadMessages, t } from '../../i18n.js';
import { formatDate } from '../../format.js';
import { ErrorBox } from '../../components/error.js';
import { useData } from '../../components/use-data.js';
import { useSubmit } from '../../components/use-submit.js';
import { may } from '../../session.js';
import { loadStyles } from '../../components/lazy.js';

// The chain's words load with the first ticket opened (this file is itself loaded lazily by the ticket page).
await loadMessages('escalation');

export const ready = loadStyles('/app/styles/escalation.css');

/**
 * What a step of a frozen policy pages, in words.
 * @param {string} target
 * @param {{ id: number, name: string }[]} agents
 */
export function targetText(target, agents) {
  if (target === 'duty_manager') return t('esc.target.duty_manager');
  const [kind, value] = target.split(':');
  if (kind === 'line') return t('esc.target.line', { n: value });
  const agent = agents.find((a) => a.id === Number(value));
  return t('esc.target.agent', { name: agent?.name ?? `#${value}` });
}

/** How and when a person was paged: `· Line 1 on duty · SMS + e-mail · 13.03.2027 02:00 · round 2`. */
const pageText = (p, agents) =>
  [
    '',
    targetText(p.target, agents),
    p.channels.map((c) => t(`esc.channel.${c}`)).join(' + '),
    formatDate(p.at),
    ...(p.round > 0 ? [t('esc.round', { n: p.round + 1 })] : []),
  ]
    .join(' · ')
    .trim();

const delayText = (minutes) => (minutes === 0 ? t('esc.atOnce') : t('esc.after', { n: minutes }));

/**
 * The ticket's escalation chain as frozen when it started (never the current policy), who was paged when and
 * how, the next page, and the Acknowledge button that stops it.
 */
export function EscalationPanel({ ticketId, me, agents, onChanged }) {
  const [version, setVersion] = useState(0);
  const { data, error } = useData(() => api.get(`/tickets/${ticketId}/escalation`), [ticketId, version]);
  const ack = useSubmit(async () => {
    await api.post(`/tickets/${ticketId}/acknowledge`);
    setVersion((v) => v + 1);
    onChanged?.();
  });
  if (error)
    return html`<section class="escalation-panel">
      <h3>${t('esc.title')}</h3>
      <${ErrorBox} error=${error} />
    </section>`;
  if (!data) return null;
  const chain = data.chain;
  if (!chain)
    return html`<section class="escalation-panel" data-state="none">
      <h3>${t('esc.title')}</h3>
      <p class="muted">${t('esc.none')}</p>
    </section>`;
  const running = chain.nextAt !== null;
  const current = (i) => running && chain.step === i;
  return html`<section class="escalation-panel" data-state=${running ? 'running' : chain.stoppedReason}>
    <h3>${t('esc.title')}</h3>
    <p class="muted">
      ${[t('esc.tier', { tier: t(`esc.tierName.${chain.policy.tier}`) }), t('esc.rounds', { n: chain.policy.repeatCount })].join(' · ')}
    </p>
    <ol class="escalation-steps">
      ${chain.policy.steps.map(
        (s, i) =>
          html`<li class=${current(i) ? 'current' : ''}>
            <b>${targetText(s.target, agents)}</b> <span class="muted">${delayText(s.delayMinutes)}</span>
          </li>`,
      )}
    </ol>
    <p class="muted small">${t('esc.frozen', { date: formatDate(chain.startedAt) })}</p>
    <h4>${t('esc.paged')}</h4>
    ${chain.pages.length === 0 && html`<p class="muted">${t('esc.noPages')}</p>`}
    <ul class="escalation-pages">
      ${chain.pages.map(
        (p) =>
          html`<li>
            <span>${p.agentName}</span>${' '}
            <span class="muted">${pageText(p, agents)}</span>
            ${p.acknowledgedAt && html` <span class="chip ok">${t('esc.acked')}</span>`}
          </li>`,
      )}
    </ul>
    ${
      running &&
      html`<p class="escalation-next">
        ${t('esc.next', { date: formatDate(chain.nextAt), step: chain.step + 1, round: chain.round + 1 })}
      </p>`
    }
    ${
      chain.acknowledgedBy &&
      html`<p class="escalation-ack">
        ${t('esc.stopped.acknowledged', { name: chain.acknowledgedBy.name, date: formatDate(chain.acknowledgedAt) })}
      </p>`
    }
    ${
      !chain.acknowledgedBy &&
      chain.stoppedReason &&
      html`<p class="muted">${t(`esc.stopped.${chain.stoppedReason}`)}</p>`
    }
    <${ErrorBox} error=${ack.error} />
    ${
      !chain.acknowledgedAt &&
      may(me, 'ticket.acknowledge') &&
      html`<button type="button" class="primary" disabled=${ack.busy} onClick=${() => ack.run()}>
          ${t('esc.acknowledge')}
        </button>
        <p class="muted small">${t('esc.ackHint')}</p>`
    }
  </section>`;
}
