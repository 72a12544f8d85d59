import { html } from '../html.js';
import { t } from '../i18n.js';
import { formatMinutes, formatShort } from '../format.js';

const DONE = new Set(['resolved', 'closed']);

/**
 * What a ticket's SLA says right now, in a few words: the business-time countdown to the pending deadline
 * ("2 h 15 min left"), "overdue", "paused" or "no SLA", with the tone that colours it and a longer title.
 * The minutes are the server's (business time of the agreement's calendar): outside working hours they
 * do not move, so the browser never counts them down by itself.
 */
export function slaSummary(tk) {
  const state = tk.slaState ?? 'none';
  if (!tk.agreementId || state === 'none') return { tone: 'none', text: t('sla.none'), title: t('sla.noneTitle') };
  const rem = tk.slaRemainingMinutes;
  const breachedAt = tk.resolutionBreachedAt ?? tk.reactionBreachedAt;
  const breachTitle = breachedAt ? t('sla.breachedAt', { time: formatShort(breachedAt) }) : '';
  if (state === 'paused') {
    return {
      tone: 'paused',
      text: t('sla.paused'),
      title:
        rem !== null && rem !== undefined ? t('sla.pausedTitle', { time: formatMinutes(rem) }) : t('sla.pausedShort'),
    };
  }
  if (DONE.has(tk.status))
    return state === 'breached'
      ? { tone: 'breached', text: t('sla.breached'), title: breachTitle }
      : { tone: 'met', text: t('sla.met'), title: '' };
  const pending = tk.firstResponseAt || tk.reactionBreachedAt ? 'resolution' : 'reaction';
  const due = pending === 'reaction' ? tk.reactionDue : tk.resolutionDue;
  const dueTitle = due ? t(`sla.due.${pending}`, { time: formatShort(due) }) : '';
  if (rem === null || rem === undefined) {
    // No countdown: every deadline is met or missed. A missed one may not be recorded yet (the sweep runs each minute).
    const missed = [!tk.firstResponseAt && tk.reactionDue, tk.resolutionDue].some(
      (d) => d && Date.parse(d) <= Date.now(),
    );
    if (state === 'breached' || missed)
      return { tone: 'breached', text: t('sla.overdueShort'), title: breachTitle || dueTitle };
    return { tone: state, text: t(`sla.state.${state}`), title: dueTitle };
  }
  if (rem < 0) return { tone: 'breached', text: t('sla.overdue', { time: formatMinutes(rem) }), title: dueTitle };
  const text =
    state === 'breached'
      ? t('sla.missedLeft', { time: formatMinutes(rem) })
      : t('sla.left', { time: formatMinutes(rem) });
  return {
    tone: state,
    text,
    title: [dueTitle, t('sla.businessHours'), state === 'breached' ? breachTitle : ''].filter(Boolean).join(' · '),
  };
}

/** The countdown of the queue's SLA column. */
export function SlaCountdown({ ticket }) {
  const s = slaSummary(ticket);
  return html`<span class=${`sla-countdown tone-${s.tone}`} title=${s.title || undefined} data-state=${ticket.slaState}
    >${s.text}</span
  >`;
}

/** The SLA state of a ticket as a small chip, when the desk computes one (the ticket has an agreement). */
export function SlaBadge({ ticket }) {
  if (!ticket.slaState || ticket.slaState === 'none') return null;
  return html`<span
    class=${`sla sla-${ticket.slaState}`}
    title=${ticket.resolutionDue ? t('sla.due.resolution', { time: formatShort(ticket.resolutionDue) }) : undefined}
    >${t(`sla.state.${ticket.slaState}`)}</span
  >`;
}
