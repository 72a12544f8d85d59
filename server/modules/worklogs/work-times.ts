import { badRequest } from '../../shared/errors.js';
import { utcToLocal } from '../calendars/index.js';

/** The longest piece of work one worklog may hold: a week. A forgotten timer is corrected, not billed. */
export const MAX_MINUTES = 7 * 24 * 60;

export interface TimesInput {
  minutes?: number;
  startedAt?: string | null;
  endedAt?: string | null;
  workDate?: string;
}

export interface WorkTimes {
  minutes: number;
  startedAt: string | null;
  endedAt: string | null;
  workDate: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const field = (path: string, message: string) =>
  badRequest(`${path.slice(5)} ${message}`, { errors: [{ path, message }] });

/**
 * When and how long: either minutes (on a work date, today by default) or the interval it started and ended
 * (its date is the day it started in the zone given). Dates are the agreement calendar's, like its periods.
 */
export function workTimes(input: TimesInput, zone: string, now: Date): WorkTimes {
  const interval = input.startedAt != null || input.endedAt != null;
  if (interval && input.minutes !== undefined)
    throw badRequest('Give either the minutes worked or when the work started and ended, not both', {
      errors: [{ path: 'body.minutes', message: 'conflicts with startedAt/endedAt' }],
    });
  if (input.workDate !== undefined && (!DATE.test(input.workDate) || Number.isNaN(Date.parse(input.workDate))))
    throw field('body.workDate', 'must be a date like 2026-12-04');
  const today = utcToLocal(zone, now.getTime()).date;
  let times: WorkTimes;
  if (interval) {
    if (input.startedAt == null || input.endedAt == null)
      throw field(
        input.startedAt == null ? 'body.startedAt' : 'body.endedAt',
        'is needed with the other end of the interval',
      );
    const start = Date.parse(input.startedAt);
    const end = Date.parse(input.endedAt);
    if (Number.isNaN(start)) throw field('body.startedAt', 'is not a date and time');
    if (Number.isNaN(end)) throw field('body.endedAt', 'is not a date and time');
    if (end <= start) throw field('body.endedAt', 'must be after startedAt');
    const minutes = Math.max(1, Math.round((end - start) / 60_000));
    if (minutes > MAX_MINUTES) throw field('body.endedAt', `is more than a week after startedAt; split the work`);
    times = {
      minutes,
      startedAt: new Date(start).toISOString(),
      endedAt: new Date(end).toISOString(),
      workDate: input.workDate ?? utcToLocal(zone, start).date,
    };
  } else {
    if (input.minutes === undefined)
      throw badRequest('Give the minutes worked, or when the work started and ended', {
        errors: [{ path: 'body.minutes', message: 'is required without startedAt and endedAt' }],
      });
    times = { minutes: input.minutes, startedAt: null, endedAt: null, workDate: input.workDate ?? today };
  }
  const tomorrow = utcToLocal(zone, now.getTime() + 86_400_000).date;
  if (times.workDate > tomorrow) throw field('body.workDate', `is ${times.workDate}: work cannot be logged ahead`);
  return times;
}

/**
 * What an edit asks the times to become, or null when it leaves them alone. New minutes (or a cleared interval)
 * make it a piece of minutes; a moved end keeps the other one; a new date alone keeps the interval, if any.
 */
export function timesAfterChange(current: WorkTimes, change: TimesInput): TimesInput | null {
  const { minutes, startedAt, endedAt, workDate } = change;
  if (minutes === undefined && startedAt === undefined && endedAt === undefined && workDate === undefined) return null;
  if (minutes !== undefined || startedAt === null || endedAt === null)
    return { minutes: minutes ?? current.minutes, workDate: workDate ?? current.workDate };
  if (startedAt !== undefined || endedAt !== undefined)
    return {
      startedAt: startedAt ?? current.startedAt,
      endedAt: endedAt ?? current.endedAt,
      ...(workDate !== undefined && { workDate }),
    };
  return current.startedAt
    ? { startedAt: current.startedAt, endedAt: current.endedAt, workDate: workDate ?? current.workDate }
    : { minutes: current.minutes, workDate: workDate ?? current.workDate };
}
