import { api } from '../api.js';
import { language, t } from '../i18n.js';

/**
 * Reference data of the time forms, read once per page load: the activities change rarely (settings) and
 * every log form needs them.
 * @typedef {{ id: number, name: string, nameRu: string, nameEn: string, active: boolean }} Activity
 */

/** @type {Promise<Activity[]> | null} */
let activities = null;

/** The worklog activities (names in the viewer's language). @returns {Promise<Activity[]>} */
export function loadActivities() {
  activities ??= api.get('/worklog-activities').then(
    (r) => r.items,
    (err) => {
      activities = null;
      throw err;
    },
  );
  return activities;
}

/** The settings page changed them: the next form reads them again. */
export function activitiesChanged() {
  activities = null;
}

/** The problem code of a failed request (`timer_running`, `package_exhausted`, …), if the server sent one. */
export const problemCode = (/** @type {any} */ err) => err?.problem?.code ?? null;

/**
 * An activity's name in the desk's language as the viewer chose it in this browser (the server names them in
 * the agent's profile language, which the language switch does not change).
 * @param {Activity} activity
 */
export const activityLabel = (activity) => (language() === 'en' ? activity.nameEn : activity.nameRu) || activity.name;

/**
 * A worklog's activity in the desk's language, from the list when it is loaded, else as the server named it.
 * @param {{ activityId: number | null, activityName: string | null }} worklog
 * @param {Activity[]} activities
 */
export function worklogActivity(worklog, activities) {
  const found = activities.find((a) => a.id === worklog.activityId);
  return found ? activityLabel(found) : worklog.activityName;
}

/**
 * Who did something to time (a ledger entry, a worklog's change): the server tags it `agent:12` or
 * `system:packages` (or gives an object with a name); agents are named from the desk's list.
 * @param {unknown} actor
 * @param {{ id: number, name: string }[]} agents
 */
export function actorName(actor, agents) {
  if (actor && typeof actor === 'object') return /** @type {{ name?: string }} */ (actor).name ?? t('history.system');
  const [kind, id] = String(actor ?? '').split(':');
  if (kind === 'agent') return agents.find((a) => String(a.id) === id)?.name ?? `#${id}`;
  return t('history.system');
}
