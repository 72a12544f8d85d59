import { html } from '../html.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { formatDate, formatMoney, formatWork, formatWorkDate } from '../format.js';
import { Dialog } from '../components/dialog.js';
import { ErrorBox } from '../components/error.js';
import { useData } from '../components/use-data.js';
import { actorName, activityLabel } from './time-data.js';

/**
 * The fields of a worklog's snapshot a change lists, and how each reads (null: the activity, named from the list).
 * @type {Array<[string, ((v: any) => string) | null]>}
 */
const FIELDS = [
  ['minutes', (v) => formatWork(v)],
  ['billedMinutes', (v) => formatWork(v)],
  ['workDate', (v) => formatWorkDate(v)],
  ['activityId', null],
  ['comment', (v) => v ?? '—'],
  ['billable', (v) => (v ? t('time.yes') : t('time.no'))],
  ['clientVisible', (v) => (v ? t('time.yes') : t('time.no'))],
  ['amountKopecks', (v) => formatMoney(v)],
];

/** "Time: 20 min → 30 min" for each field a change touched. */
function changes(before, after, activities, showMoney) {
  if (!before || !after) return [];
  const activity = (id) => {
    const found = activities.find((a) => a.id === id);
    return found ? activityLabel(found) : id === null ? '—' : `#${id}`;
  };
  return FIELDS.filter(([key]) => (key !== 'amountKopecks' || showMoney) && before[key] !== after[key]).map(
    ([key, show]) => {
      const read = show ?? activity;
      return `${t(`time.field.${key}`)}: ${read(before[key])} → ${read(after[key])}`;
    },
  );
}

/**
 * What happened to a worklog: who logged it, each change with its fields before and after, its billing.
 * @param {{ worklog: any, agents: any[], activities: any[], showMoney: boolean, onClose: () => void }} props
 */
export function WorklogHistoryDialog({ worklog, agents, activities, showMoney, onClose }) {
  const history = useData(() => api.get(`/worklogs/${worklog.id}/history`).then((r) => r.items), [worklog.id]);
  return html`<${Dialog} title=${t('time.historyTitle')} onClose=${onClose}>
    <div class="dialog-form worklog-history">
      <${ErrorBox} error=${history.error} />
      ${!history.data && !history.error && html`<p class="muted">${t('common.loading')}</p>`}
      ${
        history.data &&
        html`<ol class="history-list">
          ${history.data.map(
            (h) =>
              html`<li>
                <div>
                  <b>${actorName(h.actor, agents)}</b> ${t(`time.hist.${h.action}`)}
                  <time class="muted">${formatDate(h.at)}</time>
                </div>
                ${changes(h.before, h.after, activities, showMoney).map((line) => html`<div class="muted">${line}</div>`)}
              </li>`,
          )}
        </ol>`
      }
      <div class="dialog-actions"><button type="button" onClick=${onClose}>${t('time.close')}</button></div>
    </div>
  <//>`;
}
