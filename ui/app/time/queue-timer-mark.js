import { html } from '../html.js';
import { t } from '../i18n.js';
import { formatElapsed } from '../format.js';
import { elapsedOf, useTicking, useTimerState } from './timer-store.js';

/**
 * The mark on the queue's row of the ticket the agent's timer runs on: an icon and the time. Small, as the
 * queue loads with the desk; the timer itself is read by the top bar.
 * @param {{ ticketId: number }} props
 */
export function QueueTimerMark({ ticketId }) {
  const s = useTimerState();
  const here = s.timer?.ticketId === ticketId;
  useTicking(here);
  if (!here) return null;
  return html`<span class="queue-timer" title=${t('time.timerHere')}
    ><span class="timer-dot" aria-hidden="true"></span>${formatElapsed(elapsedOf(s))}</span
  >`;
}
