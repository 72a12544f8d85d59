import builtIn from './production-calendar-ru.json' with { type: 'json' };
import { CalendarError, isValidDate } from './calendar-document.js';

/**
 * The Russian production calendar: holidays and transferred days off, working weekends, and the shortened
 * pre-holiday days of art. 95 of the Labour Code (one hour shorter). The product ships verified years;
 * later years are imported by admins (`ondesk calendar import`).
 */
export interface ProductionYear {
  holidays: string[];
  workingWeekends: string[];
  shortDays: string[];
  totals?: { workingDays: number; nonWorkingDays: number; hours40: number };
}

export type ProductionYears = ReadonlyMap<number, ProductionYear>;

export const builtInProductionYears: ProductionYears = new Map(
  Object.entries((builtIn as { years: Record<string, ProductionYear> }).years).map(([y, data]) => [Number(y), data]),
);

/** Validates one imported year (the same JSON shape as the shipped data). */
export function parseProductionYear(year: number, value: unknown): ProductionYear {
  const path = `years.${year}`;
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    throw new CalendarError(path, 'is not a year between 2000 and 2100');
  if (typeof value !== 'object' || value === null)
    throw new CalendarError(path, 'must be an object with holidays, workingWeekends, shortDays');
  const v = value as Record<string, unknown>;
  const dates = (key: string): string[] => {
    const list = v[key] ?? [];
    if (!Array.isArray(list)) throw new CalendarError(`${path}.${key}`, 'must be a list of dates');
    return list.map((d, i) => {
      if (typeof d !== 'string' || !isValidDate(d) || !d.startsWith(`${year}-`))
        throw new CalendarError(`${path}.${key}[${i}]`, `"${String(d)}" is not a date of ${year}`);
      return d;
    });
  };
  return { holidays: dates('holidays'), workingWeekends: dates('workingWeekends'), shortDays: dates('shortDays') };
}

/** Built-in years with imported ones added (an import for a shipped year replaces it). */
export function mergeProductionYears(imported: Iterable<[number, ProductionYear]>): ProductionYears {
  const all = new Map(builtInProductionYears);
  for (const [year, data] of imported) all.set(year, data);
  return all;
}

/** A warning for admins when next year's production calendar is missing, from October on. */
export function missingYearWarning(years: ProductionYears, today: Date): string | null {
  const next = today.getUTCFullYear() + 1;
  if (years.has(today.getUTCFullYear()) && (today.getUTCMonth() < 9 || years.has(next))) return null;
  const missing = years.has(today.getUTCFullYear()) ? next : today.getUTCFullYear();
  return `The production calendar for ${missing} is not loaded yet; deadlines in ${missing} count it as a normal year until it is imported (ondesk calendar import FILE)`;
}
