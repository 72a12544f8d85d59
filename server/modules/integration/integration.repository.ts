import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { TypeFilter } from './events-cursor.js';

type Db = Kysely<Database>;

/** The newest event id (0 when there is none). */
export async function lastEventId(db: Db): Promise<number> {
  const row = await db
    .selectFrom('domain_events')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return row?.id ?? 0;
}

/** Events after `afterId` up to `upToId`, of the filter's types, oldest first. */
export function eventsPage(db: Db, afterId: number, upToId: number, filter: TypeFilter, limit: number) {
  let q = db
    .selectFrom('domain_events')
    .select(['id', 'type', 'occurred_at', 'data'])
    .where('id', '>', afterId)
    .where('id', '<=', upToId);
  if (filter.exact.length > 0 || filter.prefixes.length > 0) {
    q = q.where((eb) =>
      eb.or([
        ...(filter.exact.length > 0 ? [eb('type', 'in', filter.exact)] : []),
        // `agreement.` + '%': the dot ends the family, and event types hold no LIKE wildcards (parseTypes).
        ...filter.prefixes.map((p) => eb('type', 'like', `${p}%`)),
      ]),
    );
  }
  return q.orderBy('id').limit(limit).execute();
}

export function findIdempotencyKey(db: Db, principal: string, key: string) {
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('principal', '=', principal)
    .where('key', '=', key)
    .executeTakeFirst();
}

/** Takes the key for a new first request (replacing an expired row of the same key). */
export async function reserveIdempotencyKey(
  db: Db,
  row: { principal: string; key: string; request_hash: string; created_at: string; expires_at: string },
) {
  await db
    .insertInto('idempotency_keys')
    .values({ ...row, status: null, content_type: null, body: null })
    .onConflict((oc) =>
      oc.columns(['principal', 'key']).doUpdateSet({
        request_hash: row.request_hash,
        status: null,
        content_type: null,
        body: null,
        created_at: row.created_at,
        expires_at: row.expires_at,
      }),
    )
    .execute();
}

export async function completeIdempotencyKey(
  db: Db,
  principal: string,
  key: string,
  answer: { status: number; content_type: string | null; body: string },
) {
  await db
    .updateTable('idempotency_keys')
    .set(answer)
    .where('principal', '=', principal)
    .where('key', '=', key)
    .where('status', 'is', null)
    .execute();
}

/** Frees a key whose first request failed on our side (5xx) or never answered: a retry runs it again. */
export async function releaseIdempotencyKey(db: Db, principal: string, key: string) {
  await db
    .deleteFrom('idempotency_keys')
    .where('principal', '=', principal)
    .where('key', '=', key)
    .where('status', 'is', null)
    .execute();
}

export async function deleteExpiredIdempotencyKeys(db: Db, now: string): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
