import { api } from '../api.js';

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
