import { html } from '../html.js';
import { t } from '../i18n.js';
import { activityLabel } from './time-data.js';

/**
 * What a worklog says besides its time, shared by the stop dialog and the log form: the activity, a comment,
 * whether the client pays for it and whether the client sees it.
 * @param {{ form: { activityId: string, comment: string, billable: boolean, clientVisible: boolean },
 *   set: (patch: Record<string, unknown>) => void, activities: import('./time-data.js').Activity[] }} props
 */
export function WorkFields({ form, set, activities }) {
  const shown = activities.filter((a) => a.active || String(a.id) === form.activityId);
  return html`<label
      >${t('time.activity')}
      <select name="activityId" value=${form.activityId} onChange=${(e) => set({ activityId: e.target.value })}>
        <option value="">${t('time.noActivity')}</option>
        ${shown.map((a) => html`<option value=${a.id}>${activityLabel(a)}</option>`)}
      </select></label
    >
    <label
      >${t('time.comment')}
      <textarea
        name="comment"
        rows="3"
        maxlength="2000"
        value=${form.comment}
        onInput=${(e) => set({ comment: e.target.value })}
      ></textarea>
    </label>
    <label class="checkbox"
      ><input
        type="checkbox"
        name="billable"
        checked=${form.billable}
        onChange=${(e) => set({ billable: e.target.checked })}
      />
      ${t('time.billable')}</label
    >
    <label class="checkbox"
      ><input
        type="checkbox"
        name="clientVisible"
        checked=${form.clientVisible}
        onChange=${(e) => set({ clientVisible: e.target.checked })}
      />
      ${t('time.clientVisible')}</label
    >`;
}

/**
 * Those four as the API takes them. A new entry leaves out what is empty; an edit (`clear`) sends null for it,
 * so a removed comment or activity is removed on the server too.
 * @param {{ activityId: string, comment: string, billable: boolean, clientVisible: boolean }} form
 * @param {boolean} [clear]
 */
export function workBody(form, clear = false) {
  /** @type {Record<string, unknown>} */
  const body = { billable: form.billable, clientVisible: form.clientVisible };
  if (form.activityId) body.activityId = Number(form.activityId);
  else if (clear) body.activityId = null;
  if (form.comment.trim()) body.comment = form.comment.trim();
  else if (clear) body.comment = null;
  return body;
}
