import type { Kysely } from 'kysely';
import { insertRows } from '../db/commit-buffer.js';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database>;

export interface EventRow {
  type: string;
  occurred_at: string;
  actor: string;
  data: string;
}

/** Appends events in order (their ids follow it), many rows a statement. */
export function insertEvents(db: Db, rows: readonly EventRow[]): Promise<void> {
  return insertRows(
    db,
    'domain_events',
    ['type', 'occurred_at', 'actor', 'data'],
    rows.map((r) => [r.type, r.occurred_at, r.actor, r.data]),
  );
}

export function eventsAfter(db: Db, afterId: number, limit: number) {
  return db.selectFrom('domain_events').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

export async function lastEventId(db: Db): Promise<number> {
  const row = await db
    .selectFrom('domain_events')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return row?.id ?? 0;
}

export async function cursorOf(db: Db, processor: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('event_cursors')
    .select('last_event_id')
    .where('processor', '=', processor)
    .executeTakeFirst();
  return row?.last_event_id;
}

export async function putCursor(db: Db, processor: string, lastEventId: number, at: string): Promise<void> {
  await db
    .insertInto('event_cursors')
    .values({ processor, last_event_id: lastEventId, updated_at: at })
    .onConflict((oc) => oc.column('processor').doUpdateSet({ last_event_id: lastEventId, updated_at: at }))
    .execute();
}

export function listCursors(db: Db) {
  return db.selectFrom('event_cursors').selectAll().orderBy('processor').execute();
}

/** Deletes events older than `before` up to `maxId` (no processor still needs them); returns how many. */
export async function pruneEvents(db: Db, before: string, maxId: number): Promise<number> {
  const result = await db
    .deleteFrom('domain_events')
    .where('occurred_at', '<', before)
    .where('id', '<=', maxId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
