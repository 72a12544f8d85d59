import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { formatWork } from '../format.js';
import { Dialog } from '../components/dialog.js';
import { DateInput } from '../components/date-input.js';
import { ErrorBox } from '../components/error.js';
import { useSubmit } from '../components/use-submit.js';
import { loadActivities, problemCode } from './time-data.js';
import { WorkFields, workBody } from './work-fields.js';
import { durationText, localDate, localTime, parseDuration, spanOf } from './time-input.js';

/** The form of a worklog: new (defaults) or as it is. */
function formOf(worklog, billableDefault) {
  if (!worklog)
    return {
      mode: 'duration',
      duration: '',
      date: localDate(new Date()),
      from: '',
      to: '',
      activityId: '',
      comment: '',
      billable: billableDefault,
      clientVisible: false,
    };
  const span = worklog.startedAt && worklog.endedAt;
  return {
    mode: span ? 'span' : 'duration',
    duration: durationText(worklog.minutes),
    date: worklog.workDate,
    from: span ? localTime(new Date(worklog.startedAt)) : '',
    to: span ? localTime(new Date(worklog.endedAt)) : '',
    activityId: worklog.activityId === null ? '' : String(worklog.activityId),
    comment: worklog.comment ?? '',
    billable: worklog.billable,
    clientVisible: worklog.clientVisible,
  };
}

/**
 * Logging time by hand, or changing a worklog: minutes (or "1:30", "1 h 30 min") or a from–to span on a date,
 * and what the work was. The minutes typed are what was worked; the server rounds them for billing.
 * @param {{ ticketId: number, worklog?: any, billableDefault: boolean, onClose: () => void,
 *   onSaved: () => void }} props
 */
export function WorklogDialog({ ticketId, worklog, billableDefault, onClose, onSaved }) {
  const [form, setForm] = useState(() => formOf(worklog, billableDefault));
  const [activities, setActivities] = useState(/** @type {import('./time-data.js').Activity[]} */ ([]));
  const [loadError, setLoadError] = useState(/** @type {unknown} */ (null));
  const [fieldError, setFieldError] = useState('');
  useEffect(() => {
    loadActivities().then(setActivities, setLoadError);
  }, []);
  const set = (patch) => {
    setForm((f) => ({ ...f, ...patch }));
    setFieldError('');
  };
  const span = form.mode === 'span' ? spanOf(form.date, form.from, form.to) : null;
  const minutes = form.mode === 'duration' ? parseDuration(form.duration) : (span?.minutes ?? null);
  const save = useSubmit(async () => {
    if (minutes === null) {
      const message = form.mode === 'duration' ? t('time.err.duration') : t('time.err.span');
      setFieldError(message);
      throw new Error(message);
    }
    /** @type {Record<string, unknown>} */
    const body = { ...workBody(form, Boolean(worklog)), workDate: form.date };
    if (span) Object.assign(body, { startedAt: span.startedAt, endedAt: span.endedAt });
    else body.minutes = minutes;
    if (worklog) await api.patch(`/worklogs/${worklog.id}`, body);
    else await api.post('/worklogs', { ticketId, ...body });
    onSaved();
  });
  const title = worklog ? t('time.editTitle') : t('time.logTitle');
  return html`<${Dialog} title=${title} onClose=${onClose}>
    <form class="dialog-form time-form worklog-form" onSubmit=${save.onSubmit} novalidate>
      <div class="tabs" role="radiogroup" aria-label=${t('time.howMuch')}>
        <button
          type="button"
          role="radio"
          aria-checked=${form.mode === 'duration'}
          class=${form.mode === 'duration' ? 'active' : ''}
          onClick=${() => set({ mode: 'duration' })}
        >
          ${t('time.modeDuration')}
        </button>
        <button
          type="button"
          role="radio"
          aria-checked=${form.mode === 'span'}
          class=${form.mode === 'span' ? 'active' : ''}
          onClick=${() => set({ mode: 'span' })}
        >
          ${t('time.modeSpan')}
        </button>
      </div>
      <div class="time-row">
        ${
          form.mode === 'duration'
            ? html`<label
                >${t('time.duration')}
                <input
                  name="duration"
                  inputmode="text"
                  autocomplete="off"
                  placeholder=${t('time.durationPlaceholder')}
                  value=${form.duration}
                  aria-invalid=${fieldError ? 'true' : undefined}
                  onInput=${(e) => set({ duration: e.target.value })}
              /></label>`
            : html`<label
                  >${t('time.from')}
                  <input type="time" name="from" value=${form.from} onInput=${(e) => set({ from: e.target.value })}
                /></label>
                <label
                  >${t('time.to')}
                  <input type="time" name="to" value=${form.to} onInput=${(e) => set({ to: e.target.value })}
                /></label>`
        }
        <label
          >${t('time.date')}
          <${DateInput} name="workDate" value=${form.date} required onChange=${(date) => set({ date })}
        /></label>
      </div>
      <p class="hint" aria-live="polite">
        ${fieldError ? html`<span class="field-error">${fieldError}</span>` : minutes !== null ? formatWork(minutes) : t('time.durationHint')}
      </p>
      <${WorkFields} form=${form} set=${set} activities=${activities} />
      <${ErrorBox} error=${loadError || (save.error && !fieldError ? save.error : null)} />
      ${problemCode(save.error) === 'package_exhausted' && html`<p class="hint">${t('time.exhaustedHint')}</p>`}
      <div class="dialog-actions">
        <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button type="submit" class="primary" disabled=${save.busy}>
          ${worklog ? t('common.save') : t('time.log')}
        </button>
      </div>
    </form>
  <//>`;
}

/**
 * Asking before something that cannot be taken back (deleting a worklog) or that changes another ticket
 * (stopping the timer running there).
 * @param {{ title: string, text: string, confirmLabel: string, danger?: boolean, onConfirm: () => Promise<unknown>,
 *   onClose: () => void }} props
 */
export function ConfirmDialog({ title, text, confirmLabel, danger, onConfirm, onClose }) {
  const go = useSubmit(onConfirm);
  return html`<${Dialog} title=${title} onClose=${onClose}>
    <div class="dialog-form confirm-form">
      <p>${text}</p>
      <${ErrorBox} error=${go.error} />
      <div class="dialog-actions">
        <button type="button" onClick=${onClose}>${t('common.cancel')}</button>
        <button
          type="button"
          class=${danger ? 'danger-solid' : 'primary'}
          disabled=${go.busy}
          onClick=${() => go.run()}
        >
          ${confirmLabel}
        </button>
      </div>
    </div>
  <//>`;
}
