import type { AgreementTier, TicketPriority, TicketType } from '../../db/schema.js';

/** One cell of the SLA matrix, in business minutes of the agreement's calendar. */
export interface SlaTarget {
  priority: TicketPriority;
  /** A row with a type wins over the row without one for tickets of that type. */
  type: TicketType | null;
  reactionMinutes: number;
  /** null: the agreement promises a first response only. */
  resolutionMinutes: number | null;
}

export const priorities: TicketPriority[] = ['P1', 'P2', 'P3', 'P4'];

interface TierPreset {
  reactionMinutes: number;
  resolutionMinutes: Record<TicketPriority, number>;
  /** The tier promises hours around the clock, so its calendar should have no closed hours. */
  roundTheClock: boolean;
}

const standardResolution: Record<TicketPriority, number> = { P1: 480, P2: 960, P3: 2400, P4: 4800 };

/** The default terms of each sold tier; `custom` has none, its targets are always given. */
export const tierPresets: Record<Exclude<AgreementTier, 'custom'>, TierPreset> = {
  '8x5': { reactionMinutes: 60, resolutionMinutes: standardResolution, roundTheClock: false },
  '24x7': { reactionMinutes: 60, resolutionMinutes: standardResolution, roundTheClock: true },
  premium: { reactionMinutes: 15, resolutionMinutes: { P1: 240, P2: 480, P3: 1440, P4: 2880 }, roundTheClock: true },
};

export function presetTargets(tier: AgreementTier): SlaTarget[] | null {
  if (tier === 'custom') return null;
  const preset = tierPresets[tier];
  return priorities.map((priority) => ({
    priority,
    type: null,
    reactionMinutes: preset.reactionMinutes,
    resolutionMinutes: preset.resolutionMinutes[priority],
  }));
}

/** What is wrong with a target matrix, as `{ path, message }` per problem (empty when it is usable). */
export function targetProblems(targets: SlaTarget[], path = 'targets'): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  const seen = new Map<string, number>();
  targets.forEach((t, i) => {
    const key = `${t.priority}:${t.type ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined)
      problems.push({
        path: `${path}.${i}`,
        message: `repeats ${t.priority}${t.type ? ` ${t.type}` : ''} of ${path}.${first}; one row per priority and type`,
      });
    else seen.set(key, i);
    if (t.resolutionMinutes !== null && t.resolutionMinutes < t.reactionMinutes) {
      problems.push({
        path: `${path}.${i}.resolutionMinutes`,
        message: `${t.resolutionMinutes} min is shorter than the reaction time (${t.reactionMinutes} min)`,
      });
    }
  });
  return problems;
}

type WeekDocument = {
  week?: Partial<Record<string, Array<[string, string]>>>;
  holidays?: string[];
  production?: string | null;
};

const wholeDay = (intervals: Array<[string, string]> | undefined) =>
  intervals?.length === 1 && intervals[0]![0] === '00:00' && intervals[0]![1] === '24:00';

/**
 * A warning when a round-the-clock tier (24x7, premium) runs on a calendar with closed hours: its deadlines
 * would silently stop at night and on holidays, which is not what such a contract sells.
 */
export function tierCalendarWarning(
  tier: AgreementTier,
  calendar: { name: string; document: WeekDocument },
): string | null {
  if (tier === 'custom' || !tierPresets[tier].roundTheClock) return null;
  const doc = calendar.document;
  const allDays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].every((d) => wholeDay(doc.week?.[d]));
  const closedDates = (doc.holidays?.length ?? 0) > 0 || Boolean(doc.production);
  if (allDays && !closedDates) return null;
  return `The ${tier} tier expects a round-the-clock calendar, but "${calendar.name}" has closed hours${closedDates ? ' or holidays' : ''}; deadlines will pause outside its hours`;
}
