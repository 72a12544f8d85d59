import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { loadMessages, t } from '../i18n.js';
import { formatElapsed } from '../format.js';
import { loadStyles } from '../components/lazy.js';
import { may } from '../session.js';
import { elapsedOf, refreshTimer, useTicking, useTimerState } from './timer-store.js';
import { StopTimerDialog } from './stop-dialog.js';

// The top bar is on every page, so the words and styles of time load with the desk.
await Promise.all([loadMessages('time'), loadStyles('/app/styles/time.css')]);

/**
 * The running timer in the top bar: the ticket it runs on, its time moving each second, and Stop. Shown on
 * every page and at phone width; read from the server at load, so a reload or another device shows it too.
 * @param {{ me: import('../session.js').Me }} props
 */
export function TimerChip({ me }) {
  const allowed = may(me, 'worklog.log');
  const s = useTimerState();
  const [stopping, setStopping] = useState(false);
  // What the top bar could not read: a mark with the reason, so a lost timer is never silently hidden.
  const [failure, setFailure] = useState(/** @type {any} */ (null));
  useTicking(Boolean(s.timer));
  useEffect(() => {
    if (allowed) refreshTimer().then(() => setFailure(null), setFailure);
  }, [allowed]);
  if (allowed && failure && !s.timer)
    return html`<span class="timer-chip failed" role="status" title=${`${t('time.timerUnknown')}: ${failure.message}`}
      >⏱ ?</span
    >`;
  if (!allowed || !s.timer) return null;
  const { timer } = s;
  const number = timer.ticketNumber ?? timer.ticketId;
  return html`<span class="timer-chip" data-ticket-id=${timer.ticketId}>
    <span class="timer-dot" aria-hidden="true"></span>
    <a href=${`/tickets/${timer.ticketId}`} title=${timer.ticketSubject ?? ''}>#${number}</a>
    <span class="timer-elapsed" role="timer" aria-label=${t('time.running', { number })}
      >${formatElapsed(elapsedOf(s))}</span
    >
    <button type="button" class="timer-stop" title=${t('time.stopTimer')} onClick=${() => setStopping(true)}>
      <span aria-hidden="true">■</span><span class="timer-stop-label"> ${t('time.stop')}</span>
    </button>
    ${stopping && html`<${StopTimerDialog} ticketId=${timer.ticketId} ticketNumber=${number} onClose=${() => setStopping(false)} />`}
  </span>`;
}
