import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { loadMessages, t } from '../i18n.js';
import { formatElapsed, formatMoney, formatWork, formatWorkDate } from '../format.js';
import { ErrorBox } from '../components/error.js';
import { loadStyles } from '../components/lazy.js';
import { useData } from '../components/use-data.js';
import { useSubmit } from '../components/use-submit.js';
import { may } from '../session.js';
import { loadActivities, problemCode, worklogActivity } from './time-data.js';
import { elapsedOf, setTimer, timeChanged, useTicking, useTimerState } from './timer-store.js';
import { StopTimerDialog } from './stop-dialog.js';
import { ConfirmDialog, WorklogDialog } from './worklog-dialog.js';
import { PackageBalance } from './package-balance.js';
import { WorklogHistoryDialog } from './worklog-history.js';

// Time's words and styles, for those who open this before the top bar's timer has loaded them.
await Promise.all([loadMessages('time'), loadStyles('/app/styles/time.css')]);

async function loadTime(ticketId) {
  const [time, worklogs, activities] = await Promise.all([
    api.get(`/tickets/${ticketId}/time`),
    api.get(`/worklogs?ticketId=${ticketId}&limit=100`),
    loadActivities(),
  ]);
  return { time, worklogs, activities };
}

/** "20 min → 30 min": worked, and billed when rounding made it differ. */
const minutesText = (w) =>
  w.billedMinutes === w.minutes ? formatWork(w.minutes) : `${formatWork(w.minutes)} → ${formatWork(w.billedMinutes)}`;

function WorklogRow({ w, activities, showMoney, onEdit, onDelete, onHistory }) {
  const activity = worklogActivity(w, activities);
  return html`<li class="worklog" data-worklog-id=${w.id}>
    <div class="worklog-main">
      <span class="worklog-minutes" title=${w.billedMinutes !== w.minutes ? t('time.roundedHint') : undefined}
        >${minutesText(w)}</span
      >
      <span class="worklog-who">${w.agentName}</span>
      <span class="muted">${formatWorkDate(w.workDate)}</span>
      ${activity && html`<span class="tag">${activity}</span>`}
      ${!w.billable && html`<span class="chip nonbillable">${t('time.nonBillable')}</span>`}
      ${w.clientVisible && html`<span class="chip client-visible">${t('time.visibleToClient')}</span>`}
      ${w.overageMinutes > 0 && html`<span class="chip overage">${t('time.overage', { time: formatWork(w.overageMinutes) })}</span>`}
    </div>
    ${w.comment && html`<div class="worklog-comment">${w.comment}</div>`}
    <div class="worklog-side">
      ${showMoney && w.billable && html`<span class="num worklog-amount">${formatMoney(w.amountKopecks)}</span>`}
      <button type="button" class="link" onClick=${() => onHistory(w)}>${t('time.history')}</button>
      ${w.locked && html`<span class="lock" role="img" aria-label=${t('time.locked')} title=${t('time.locked')}>🔒</span>`}
      ${
        w.editable &&
        html`<button type="button" class="link" onClick=${() => onEdit(w)}>${t('time.edit')}</button>
          <button type="button" class="link danger-link" onClick=${() => onDelete(w)}>${t('time.delete')}</button>`
      }
    </div>
  </li>`;
}

/**
 * The ticket's measured work: the agent's timer here (start and stop), logging time by hand, the worklogs with
 * their totals, and the hour package of the ticket's agreement, read again after every change of time.
 * @param {{ ticket: any, me: import('../session.js').Me, agents: any[] }} props
 */
export function TicketTimePanel({ ticket, me, agents }) {
  const timerState = useTimerState();
  const { data, error } = useData(() => loadTime(ticket.id), [ticket.id, timerState.changes]);
  const [dialog, setDialog] = useState(/** @type {any} */ (null));
  const canLog = may(me, 'worklog.log');
  const showMoney = may(me, 'rate.read') || may(me, 'cost.read');
  const runningHere = timerState.timer?.ticketId === ticket.id;
  useTicking(runningHere);
  // The ticket's answer carries the agent's timer here: it wins over a top bar that has not read it yet.
  useEffect(() => {
    const here = data?.time.timer;
    if (here && timerState.timer?.ticketId !== ticket.id)
      setTimer({ ticketId: ticket.id, ticketNumber: ticket.number, ticketSubject: ticket.subject, ...here });
  }, [data]);

  const startTimer = async (stopRunning) => {
    const res = await api.post(`/tickets/${ticket.id}/timer/start`, stopRunning ? { stopRunning: true } : {});
    setTimer({ ticketId: ticket.id, ticketNumber: ticket.number, ticketSubject: ticket.subject, ...res.timer });
    if (res.stopped) timeChanged();
  };
  const start = useSubmit(async () => {
    try {
      await startTimer(false);
    } catch (err) {
      if (problemCode(err) !== 'timer_running') throw err;
      setDialog({ kind: 'switch', running: err.problem.running });
    }
  });
  const close = () => setDialog(null);
  const saved = () => {
    setDialog(null);
    timeChanged();
  };

  const time = data?.time;
  const items = data?.worklogs.items ?? [];
  const totals = data?.worklogs.totals ?? time?.totals;
  const pkg = time?.package;
  return html`<section class="card time-panel" aria-labelledby="time-title">
    <div class="card-head">
      <h2 id="time-title">${t('time.title')}</h2>
      ${
        canLog &&
        html`<div class="head-actions">
          ${
            runningHere
              ? html`<button type="button" class="timer-button running" onClick=${() => setDialog({ kind: 'stop' })}>
                  ■ ${t('time.stopTimer')} <span class="timer-elapsed">${formatElapsed(elapsedOf(timerState))}</span>
                </button>`
              : html`<button type="button" class="timer-button" disabled=${start.busy} onClick=${() => start.run()}>
                  ▶ ${t('time.startTimer')}
                </button>`
          }
          <button type="button" class="primary" disabled=${!time} onClick=${() => setDialog({ kind: 'log' })}>
            + ${t('time.logTime')}
          </button>
        </div>`
      }
    </div>
    <${ErrorBox} error=${error || start.error} />
    ${!data && !error && html`<p class="muted">${t('common.loading')}</p>`}
    ${
      pkg &&
      html`<${PackageBalance}
        granted=${pkg.grantedMinutes}
        used=${pkg.usedMinutes}
        balance=${pkg.balanceMinutes}
        caption=${html`${t('time.packageOf', { number: pkg.agreementNumber })}
          <span class="muted">${formatWorkDate(pkg.period.start)} – ${formatWorkDate(pkg.period.end)}</span>
          ${pkg.balanceMinutes <= 0 && html`<span class="chip overage">${t(`time.overagePolicy.${pkg.overage}`)}</span>`}`}
      />`
    }
    ${
      data &&
      (items.length === 0
        ? html`<p class="empty time-empty">${canLog ? t('time.emptyCanLog') : t('time.empty')}</p>`
        : html`<ul class="worklogs">
            ${items.map(
              (w) =>
                html`<${WorklogRow}
                  w=${w}
                  activities=${data.activities}
                  showMoney=${showMoney}
                  onEdit=${(x) => setDialog({ kind: 'edit', worklog: x })}
                  onDelete=${(x) => setDialog({ kind: 'delete', worklog: x })}
                  onHistory=${(x) => setDialog({ kind: 'history', worklog: x })}
                />`,
            )}
          </ul>`)
    }
    ${
      data &&
      items.length > 0 &&
      totals &&
      html`<div class="time-totals" data-totals>
        <span>${t('time.total')}: <b>${formatWork(totals.minutes)}</b></span>
        <span>${t('time.billed')}: <b>${formatWork(totals.billedMinutes)}</b></span>
        ${showMoney && html`<span>${t('time.amount')}: <b>${formatMoney(totals.amountKopecks)}</b></span>`}
        ${data.worklogs.nextCursor && html`<span class="muted">${t('time.more', { n: items.length })}</span>`}
      </div>`
    }
    ${
      time &&
      html`<p class="hint rounding-note">
        ${t('time.roundingNote', { quantum: formatWork(time.rounding.quantumMinutes), rule: t(`time.round.${time.rounding.rule}`) })}
        ${time.rounding.minimumMinutes > 0 && t('time.roundingMinimum', { minimum: formatWork(time.rounding.minimumMinutes) })}
      </p>`
    }
    ${dialog?.kind === 'stop' && html`<${StopTimerDialog} ticketId=${ticket.id} ticketNumber=${ticket.number} onClose=${close} />`}
    ${
      (dialog?.kind === 'log' || dialog?.kind === 'edit') &&
      html`<${WorklogDialog}
        ticketId=${ticket.id}
        worklog=${dialog.worklog}
        billableDefault=${time?.billableDefault ?? true}
        onClose=${close}
        onSaved=${saved}
      />`
    }
    ${
      dialog?.kind === 'history' &&
      html`<${WorklogHistoryDialog}
        worklog=${dialog.worklog}
        agents=${agents}
        activities=${data?.activities ?? []}
        showMoney=${showMoney}
        onClose=${close}
      />`
    }
    ${
      dialog?.kind === 'delete' &&
      html`<${ConfirmDialog}
        title=${t('time.deleteTitle')}
        text=${t('time.deleteText', { time: formatWork(dialog.worklog.minutes), date: formatWorkDate(dialog.worklog.workDate) })}
        confirmLabel=${t('time.delete')}
        danger
        onConfirm=${async () => {
          await api.del(`/worklogs/${dialog.worklog.id}`);
          saved();
        }}
        onClose=${close}
      />`
    }
    ${
      dialog?.kind === 'switch' &&
      html`<${ConfirmDialog}
        title=${t('time.switchTitle')}
        text=${t('time.switchText', { number: dialog.running.ticketNumber, subject: dialog.running.ticketSubject ?? '' })}
        confirmLabel=${t('time.switchConfirm')}
        onConfirm=${async () => {
          await startTimer(true);
          close();
        }}
        onClose=${close}
      />`
    }
  </section>`;
}
