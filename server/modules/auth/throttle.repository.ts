import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

// The shared counters of the sign-in throttle and the API token limits (table throttle_counters). Every
// change is one conditional statement — an upsert whose update runs only when the limit allows it — so
// concurrent requests on any node cannot all read "room left": SQLite runs each statement alone, PostgreSQL
// locks the row it updates. Columns are qualified with the table's name: in an upsert an unqualified name
// could mean the proposed row on some engines.

type Db = Kysely<Database>;

const T = 'throttle_counters';
const col = (name: string) => sql.ref(`${T}.${name}`);
/** Checks under way that still count: a node that died mid-check stops counting once its reservation ends. */
const liveInFlight = (at: string) =>
  sql<number>`(case when ${col('reserved_until')} > ${at} then ${col('in_flight')} else 0 end)`;

export type CounterRow = Awaited<ReturnType<typeof readCounter>>;

export function readCounter(db: Db, key: string) {
  return db.selectFrom(T).selectAll().where('key', '=', key).executeTakeFirst();
}

export async function counterExists(db: Db, key: string): Promise<boolean> {
  return (await db.selectFrom(T).select('key').where('key', '=', key).executeTakeFirst()) !== undefined;
}

/**
 * Takes a check slot on an (account, source) pair: only when its delay has passed and fewer checks are under
 * way than its budget — the free failures left, or one once they are spent. True when the slot was taken.
 */
export async function reservePair(
  db: Db,
  key: string,
  opts: { at: string; reservedUntil: string; freeFailures: number },
): Promise<boolean> {
  const { at, reservedUntil, freeFailures } = opts;
  const budget = sql<number>`(case when ${col('count')} < ${freeFailures} then ${freeFailures} - ${col('count')} else 1 end)`;
  const row = await db
    .insertInto(T)
    .values({ key, count: 0, in_flight: 1, window_start: at, reserved_until: reservedUntil, updated_at: at })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({
          in_flight: sql<number>`${liveInFlight(at)} + 1`,
          reserved_until: reservedUntil,
          updated_at: at,
        })
        .where(sql<boolean>`(${col('next_allowed_at')} is null or ${col('next_allowed_at')} <= ${at})`)
        .where(sql<boolean>`${liveInFlight(at)} < ${budget}`),
    )
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Takes a slot on an account's per-minute failure budget (for sources that never signed in to it): the
 * failures of its current minute plus the checks under way stay below `cap`. A minute that ended starts anew.
 */
export async function reserveAccount(
  db: Db,
  key: string,
  opts: { at: string; windowFrom: string; reservedUntil: string; cap: number },
): Promise<boolean> {
  const { at, windowFrom, reservedUntil, cap } = opts;
  const expired = sql<boolean>`${col('window_start')} <= ${windowFrom}`;
  const failures = sql<number>`(case when ${expired} then 0 else ${col('count')} end)`;
  const row = await db
    .insertInto(T)
    .values({ key, count: 0, in_flight: 1, window_start: at, reserved_until: reservedUntil, updated_at: at })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({
          count: failures,
          window_start: sql<string>`(case when ${expired} then ${at} else ${col('window_start')} end)`,
          in_flight: sql<number>`${liveInFlight(at)} + 1`,
          reserved_until: reservedUntil,
          updated_at: at,
        })
        .where(sql<boolean>`${failures} + ${liveInFlight(at)} < ${cap}`),
    )
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

/** Ends a check: its slot is freed, and a failure is counted. Answers the failures counted so far. */
export async function releaseSlot(
  db: Db,
  key: string,
  opts: { at: string; failed: boolean; windowFrom?: string },
): Promise<number | null> {
  const { at, failed, windowFrom } = opts;
  const expired =
    windowFrom === undefined ? sql<boolean>`1 = 0` : sql<boolean>`${col('window_start')} <= ${windowFrom}`;
  const row = await db
    .updateTable(T)
    .set({
      in_flight: sql<number>`(case when ${col('in_flight')} > 0 then ${col('in_flight')} - 1 else 0 end)`,
      ...(failed && {
        count: sql<number>`(case when ${expired} then 1 else ${col('count')} + 1 end)`,
        window_start: sql<string>`(case when ${expired} then ${at} else ${col('window_start')} end)`,
      }),
      updated_at: at,
    })
    .where('key', '=', key)
    .returning('count')
    .executeTakeFirst();
  return row ? row.count : null;
}

export function setNextAllowed(db: Db, key: string, nextAllowedAt: string) {
  return db.updateTable(T).set({ next_allowed_at: nextAllowedAt }).where('key', '=', key).execute();
}

export function deleteCounter(db: Db, key: string) {
  return db.deleteFrom(T).where('key', '=', key).execute();
}

/** Records a marker row (a source that signed in to an account), refreshing it when it exists. */
export function touchMarker(db: Db, key: string, at: string) {
  return db
    .insertInto(T)
    .values({ key, count: 0, in_flight: 0, window_start: at, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ updated_at: at }))
    .execute();
}

/**
 * Adds `delta` requests to a token's window and answers the window's total over every node. The key names
 * the window, so nodes whose clocks agree to the second count into the same row.
 */
export async function addToWindow(db: Db, key: string, delta: number, at: string): Promise<number> {
  const row = await db
    .insertInto(T)
    .values({ key, count: delta, in_flight: 0, window_start: at, updated_at: at })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ count: sql<number>`${col('count')} + ${delta}`, updated_at: at }),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Deletes counters idle since `idleBefore` that hold nothing back any more (no delay ahead, no check under
 * way), and markers of known sources idle since `markersBefore`.
 */
export async function purgeCounters(
  db: Db,
  opts: { at: string; idleBefore: string; markersBefore: string; markerPattern: string },
): Promise<number> {
  const counters = await db
    .deleteFrom(T)
    .where('key', 'not like', opts.markerPattern)
    .where('updated_at', '<', opts.idleBefore)
    .where((eb) => eb.or([eb('next_allowed_at', 'is', null), eb('next_allowed_at', '<=', opts.at)]))
    .where((eb) => eb.or([eb('reserved_until', 'is', null), eb('reserved_until', '<=', opts.at)]))
    .executeTakeFirst();
  const markers = await db
    .deleteFrom(T)
    .where('key', 'like', opts.markerPattern)
    .where('updated_at', '<', opts.markersBefore)
    .executeTakeFirst();
  return Number(counters.numDeletedRows) + Number(markers.numDeletedRows);
}
