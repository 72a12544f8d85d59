import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { formatElapsed } from '../format.js';
import { Dialog } from '../components/dialog.js';
import { ErrorBox } from '../components/error.js';
import { useSubmit } from '../components/use-submit.js';
import { loadActivities, problemCode } from './time-data.js';
import { WorkFields, workBody } from './work-fields.js';
import { elapsedOf, setTimer, timeChanged, useTicking, useTimerState } from './timer-store.js';

/**
 * Stopping the running timer: what the work was, prefilled (no activity, billable as the ticket's agreement
 * or type says, hidden from the client); Save logs it, Discard throws the time away.
 * @param {{ ticketId: number, ticketNumber?: number, onClose: () => void }} props
 */
export function StopTimerDialog({ ticketId, ticketNumber, onClose }) {
  const timerState = useTimerState();
  useTicking(true);
  const [activities, setActivities] = useState(/** @type {import('./time-data.js').Activity[]} */ ([]));
  const [form, setForm] = useState({ activityId: '', comment: '', billable: true, clientVisible: false });
  const [loadError, setLoadError] = useState(/** @type {unknown} */ (null));
  useEffect(() => {
    loadActivities().then(setActivities, setLoadError);
    api
      .get(`/tickets/${ticketId}/time`)
      .then((time) => setForm((f) => ({ ...f, billable: time.billableDefault })), setLoadError);
  }, [ticketId]);
  const set = (patch) => setForm((f) => ({ ...f, ...patch }));
  const done = () => {
    setTimer(null);
    timeChanged();
    onClose();
  };
  const save = useSubmit(async () => {
    await api.post(`/tickets/${ticketId}/timer/stop`, workBody(form));
    done();
  });
  const discard = useSubmit(async () => {
    await api.post(`/tickets/${ticketId}/timer/stop`, { discard: true });
    done();
  });
  const running = timerState.timer?.ticketId === ticketId;
  return html`<${Dialog} title=${t('time.stopTitle', { number: ticketNumber ?? ticketId })} onClose=${onClose}>
    <form class="dialog-form time-form stop-form" onSubmit=${save.onSubmit}>
      <p class="timer-big" role="timer">${running ? formatElapsed(elapsedOf(timerState)) : '—'}</p>
      <p class="hint">${t('time.stopHint')}</p>
      <${WorkFields} form=${form} set=${set} activities=${activities} />
      <${ErrorBox} error=${loadError || save.error || discard.error} />
      ${problemCode(save.error) === 'package_exhausted' && html`<p class="hint">${t('time.exhaustedHint')}</p>`}
      <div class="dialog-actions">
        <button
          type="button"
          class="link danger-link"
          disabled=${discard.busy || save.busy}
          onClick=${() => discard.run()}
        >
          ${t('time.discard')}
        </button>
        <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button type="submit" class="primary" disabled=${save.busy || discard.busy}>${t('time.saveLog')}</button>
      </div>
    </form>
  <//>`;
}
