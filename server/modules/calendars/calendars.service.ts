import type { Ctx, TxCtx } from '../../context.js';
import type { Commit } from '../../db/write-batcher.js';
import { inTransaction } from '../../context.js';
import { whenCommitted } from '../../shared/brief-cache.js';
import { AppError, notFound } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import { compileCalendar, type CompiledCalendar } from './business-time.js';
import { CalendarError, parseCalendarDocument, toCalendarDocument } from './calendar-document.js';
import { computeBetween, computeDeadline, type DeadlineRequest } from './deadline.js';
import { holidaysFromIcs } from './ics.js';
import {
  builtInProductionYears,
  mergeProductionYears,
  missingYearWarning,
  parseProductionYear,
  type ProductionYear,
  type ProductionYears,
} from './production-calendar.js';
import * as repo from './calendars.repository.js';
import { yearView } from './year-view.js';
import { publish } from '../../events/event-bus.js';
import { isForeignKeyViolation } from '../../db/dialect.js';

/** Calendar errors are the caller's input: 400 with the path and what is wrong. */
export function asBadRequest<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof CalendarError)
      throw new AppError(400, 'invalid_calendar', err.message, { errors: [{ path: err.path, message: err.message }] });
    throw err;
  }
}

// Compiled calendars are reused while their document and the production data are unchanged. The key holds
// the document text itself (an edit within one clock tick still counts) and a stamp of the production years
// read from the database (another process — `ondesk calendar import` — may have changed them). Each compiled
// calendar builds its year tables on first use (milliseconds a year), so the tickets of one group commit share
// one: compiled inside a transaction, it is served to that transaction at once and to everyone once it commits.
const compiledCache = new Map<string, { key: string; compiled: CompiledCalendar; pendingIn?: Commit }>();

export async function productionYears(ctx: Ctx): Promise<ProductionYears> {
  const rows = await repo.listProductionYears(ctx.db, 'RU');
  return mergeProductionYears(rows.map((r) => [r.year, JSON.parse(r.data) as ProductionYear]));
}

export async function compiledCalendar(
  ctx: Ctx,
  row: Pick<repo.CalendarRow, 'id' | 'document'>,
): Promise<CompiledCalendar> {
  const stamp = await repo.productionStamp(ctx.db, 'RU');
  const key = `${stamp.years}:${stamp.importedAt ?? ''}:${row.document}`;
  const slot = `${ctx.dataDir}:${row.id}`;
  const cached = compiledCache.get(slot);
  const commit = (ctx as Partial<TxCtx>).commit;
  if (cached?.key === key && (cached.pendingIn === undefined || cached.pendingIn === commit)) return cached.compiled;
  const compiled = compileCalendar(parseCalendarDocument(JSON.parse(row.document)), await productionYears(ctx));
  // Read inside a transaction, the document and the production years may still be rolled back: until it
  // commits, only that transaction is served this one (a rolled-back one's entry is never served again).
  const entry = { key, compiled, pendingIn: commit };
  compiledCache.set(slot, entry);
  whenCommitted(ctx as Partial<TxCtx>, () => (entry.pendingIn = undefined));
  return compiled;
}

export function presentCalendar(row: repo.CalendarRow) {
  return {
    id: row.id,
    name: row.name,
    ...(JSON.parse(row.document) as object),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listCalendars(ctx: Ctx) {
  authorize(ctx.actor, 'calendar.read');
  return repo.listCalendars(ctx.db);
}

export async function getCalendar(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'calendar.read');
  const row = await repo.findCalendar(ctx.db, id);
  if (!row) throw notFound(`Calendar ${id}`);
  return row;
}

export async function createCalendar(ctx: Ctx, input: { name: string } & Record<string, unknown>) {
  authorize(ctx.actor, 'calendar.write');
  const { name, ...doc } = input;
  const parsed = asBadRequest(() => parseCalendarDocument(doc));
  const now = ctx.clock.now().toISOString();
  return inTransaction(ctx, (tx) =>
    repo.insertCalendar(tx.db, {
      name: name.trim(),
      document: JSON.stringify(toCalendarDocument(parsed)),
      created_at: now,
      updated_at: now,
    }),
  );
}

export async function updateCalendar(
  ctx: Ctx,
  id: number,
  input: { name?: string } & Record<string, unknown>,
  mode: 'merge' | 'replace' = 'merge',
) {
  authorize(ctx.actor, 'calendar.write');
  const { name, ...changes } = input;
  const row = await inTransaction(ctx, async (tx) => {
    const current = await repo.findCalendar(tx.db, id);
    if (!current) throw notFound(`Calendar ${id}`);
    // PATCH changes only the fields it names; PUT names them all. Either way the result is checked whole.
    let document: string | undefined;
    if (Object.keys(changes).length) {
      const merged =
        mode === 'replace' ? changes : { ...(JSON.parse(current.document) as Record<string, unknown>), ...changes };
      document = JSON.stringify(toCalendarDocument(asBadRequest(() => parseCalendarDocument(merged))));
    }
    const updated = await repo.updateCalendar(tx.db, id, {
      ...(name && { name: name.trim() }),
      ...(document && { document }),
      updated_at: ctx.clock.now().toISOString(),
    });
    await publish(tx, 'calendar.changed', { calendarId: id }); // tickets created from now on use the new hours
    return updated;
  });
  return row!;
}

export async function deleteCalendar(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'calendar.write');
  const result = await inTransaction(ctx, (tx) => repo.deleteCalendar(tx.db, id)).catch((err) => {
    if (isForeignKeyViolation(err))
      throw new AppError(
        409,
        'calendar_in_use',
        `Calendar ${id} is used by agreements; assign them another calendar first`,
      );
    throw err;
  });
  if (Number(result.numDeletedRows) === 0) throw notFound(`Calendar ${id}`);
}

export async function calendarDeadline(ctx: Ctx, id: number, req: DeadlineRequest) {
  const compiled = await compiledCalendar(ctx, await getCalendar(ctx, id));
  return asBadRequest(() => computeDeadline(compiled, req));
}

export async function calendarBetween(
  ctx: Ctx,
  id: number,
  req: { from: string; to: string; pauses?: Array<{ from: string; to: string }> },
) {
  const compiled = await compiledCalendar(ctx, await getCalendar(ctx, id));
  return asBadRequest(() => computeBetween(compiled, req));
}

/** Every date of a local year of a saved calendar, with its hours and why (the editor's year view). */
export async function calendarYear(ctx: Ctx, id: number, year: number) {
  const row = await getCalendar(ctx, id);
  return yearView(parseCalendarDocument(JSON.parse(row.document)), await productionYears(ctx), year);
}

/**
 * The editor previews a document before it is saved, so these take the document itself. Nothing is written,
 * so reading calendars is enough; the compiled calendar is not cached because every edit is a new document.
 */
export async function previewYear(ctx: Ctx, input: { document: Record<string, unknown>; year: number }) {
  authorize(ctx.actor, 'calendar.read');
  const parsed = asBadRequest(() => parseCalendarDocument(input.document));
  return yearView(parsed, await productionYears(ctx), input.year);
}

export async function previewDeadline(ctx: Ctx, input: { document: Record<string, unknown> } & DeadlineRequest) {
  authorize(ctx.actor, 'calendar.read');
  const { document, ...req } = input;
  const parsed = asBadRequest(() => parseCalendarDocument(document));
  const compiled = compileCalendar(parsed, await productionYears(ctx));
  return asBadRequest(() => computeDeadline(compiled, req));
}

export async function productionCalendarStatus(ctx: Ctx) {
  authorize(ctx.actor, 'calendar.read');
  const years = await productionYears(ctx);
  return {
    country: 'RU',
    years: [...years.keys()].sort().map((year) => ({ year, builtIn: builtInProductionYears.has(year) })),
    warning: missingYearWarning(years, ctx.clock.now()),
  };
}

/** Imports production-calendar years: the JSON shape of the shipped data, or an .ics of holidays. */
export async function importProductionCalendar(ctx: Ctx, input: { fileName: string; content: string }) {
  authorize(ctx.actor, 'calendar.write');
  const years = asBadRequest((): Array<[number, ProductionYear]> => {
    if (/\.ics$/i.test(input.fileName) || input.content.includes('BEGIN:VCALENDAR')) {
      const byYear = new Map<number, string[]>();
      for (const date of holidaysFromIcs(input.content))
        byYear.set(Number(date.slice(0, 4)), [...(byYear.get(Number(date.slice(0, 4))) ?? []), date]);
      // An .ics lists holidays only: a year the product knows keeps its working weekends and shortened days.
      return [...byYear].map(([year, holidays]) => {
        const known = builtInProductionYears.get(year);
        return [
          year,
          {
            holidays: [...new Set([...(known?.holidays ?? []), ...holidays])].sort(),
            workingWeekends: known?.workingWeekends ?? [],
            shortDays: known?.shortDays ?? [],
          },
        ];
      });
    }
    let doc: unknown;
    try {
      doc = JSON.parse(input.content);
    } catch (err) {
      throw new CalendarError(input.fileName, `is neither JSON nor iCalendar: ${(err as Error).message}`);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
      throw new CalendarError(
        input.fileName,
        'must be a JSON object { "years": { "2027": { holidays, workingWeekends, shortDays } } }',
      );
    const yearsDoc = (doc as { years?: unknown }).years;
    if (typeof yearsDoc !== 'object' || yearsDoc === null)
      throw new CalendarError('years', 'must map years to { holidays, workingWeekends, shortDays }');
    return Object.entries(yearsDoc as Record<string, unknown>).map(([y, v]) => [
      Number(y),
      parseProductionYear(Number(y), v),
    ]);
  });
  if (years.length === 0) throw new AppError(400, 'invalid_calendar', 'The file holds no year to import');
  const now = ctx.clock.now().toISOString();
  await inTransaction(ctx, async (tx) => {
    for (const [year, data] of years)
      await repo.upsertProductionYear(tx.db, { country: 'RU', year, data: JSON.stringify(data), imported_at: now });
    await publish(tx, 'calendar.changed', { calendarId: null });
  });
  return years.map(([year]) => year);
}
