import { CompiledQuery, sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database, WebhookDeliveryTable, WebhookEndpointTable } from '../../db/schema.js';
import { isPostgres } from '../../db/claims.js';

type Db = Kysely<Database>;
export type EndpointRow = Selectable<WebhookEndpointTable>;
export type DeliveryRow = Selectable<WebhookDeliveryTable>;

// ---- settings ----------------------------------------------------------------------------------------------

export async function readSetting(db: Db, key: string): Promise<string | undefined> {
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

/** Writes a setting unless it exists; answers the stored value (the first writer wins a race). */
export async function settingOnce(db: Db, key: string, value: string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await readSetting(db, key))!;
}

export function writeSetting(db: Db, key: string, value: string) {
  return db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

// ---- endpoints ---------------------------------------------------------------------------------------------

export async function insertEndpoint(
  db: Db,
  row: Omit<
    EndpointRow,
    | 'id'
    | 'failing_since'
    | 'disabled_reason'
    | 'previous_secret'
    | 'previous_secret_until'
    | 'claimed_by'
    | 'claim_expires_at'
  >,
): Promise<EndpointRow> {
  return db.insertInto('webhook_endpoints').values(row).returningAll().executeTakeFirstOrThrow();
}

export function listEndpoints(db: Db) {
  return db.selectFrom('webhook_endpoints').selectAll().orderBy('id').execute();
}

export function findEndpoint(db: Db, id: number) {
  return db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
}

export function activeEndpoints(db: Db) {
  return db.selectFrom('webhook_endpoints').selectAll().where('active', '=', 1).orderBy('id').execute();
}

export function updateEndpoint(db: Db, id: number, patch: Updateable<WebhookEndpointTable>) {
  return db.updateTable('webhook_endpoints').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteEndpoint(db: Db, id: number): Promise<boolean> {
  const r = await db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

// ---- deliveries --------------------------------------------------------------------------------------------

export interface NewDelivery {
  endpoint_id: number;
  message_id: string;
  event_id: number | null;
  event_type: string;
  body: string;
  manual: number;
  created_at: string;
  next_attempt_at: string;
}

const deliveryColumns = [
  'endpoint_id',
  'message_id',
  'event_id',
  'event_type',
  'body',
  'manual',
  'created_at',
  'next_attempt_at',
] as const;

/**
 * Queues messages, many a statement (the processor queues a whole batch of events at once). A message already
 * queued for its endpoint and event is skipped: reading an event twice sends it once.
 */
export async function insertDeliveries(db: Db, rows: readonly NewDelivery[]): Promise<void> {
  const perStatement = Math.floor(30_000 / deliveryColumns.length);
  const row = `(${deliveryColumns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += perStatement) {
    const part = rows.slice(i, i + perStatement);
    // `on conflict do nothing` (not SQLite's `insert or ignore`): the same statement serves PostgreSQL.
    const text = `insert into webhook_deliveries (${deliveryColumns.join(', ')}) values ${Array(part.length).fill(row).join(', ')} on conflict do nothing`;
    await db.executeQuery(
      CompiledQuery.raw(
        text,
        part.flatMap((r) => deliveryColumns.map((c) => r[c])),
      ),
    );
  }
}

export async function insertDelivery(db: Db, row: NewDelivery): Promise<DeliveryRow> {
  return db.insertInto('webhook_deliveries').values(row).returningAll().executeTakeFirstOrThrow();
}

/**
 * The message each active endpoint must send next — its oldest pending one — when that one is due. Later
 * messages of an endpoint wait behind it: receivers get them in order.
 */
export async function dueHeads(db: Db, now: string): Promise<DeliveryRow[]> {
  const r = await sql<DeliveryRow>`
    select d.* from webhook_endpoints e
    join webhook_deliveries d on d.id = (
      select min(p.id) from webhook_deliveries p where p.endpoint_id = e.id and p.status = 'pending'
    )
    where e.active = 1 and d.next_attempt_at <= ${now}
    order by d.next_attempt_at, d.id`.execute(db);
  return r.rows;
}

/**
 * Claims the endpoints whose oldest pending message is due and that no sender drains now (no claim, or one
 * that expired): one statement, so two senders — two nodes, or two rounds — never drain one endpoint at once,
 * and its messages keep their order. PostgreSQL lets a concurrent claimer skip locked endpoints. Answers the
 * ids claimed.
 */
export async function claimDueEndpoints(db: Db, node: string, now: string, until: string): Promise<number[]> {
  const free = sql<boolean>`(claim_expires_at is null or claim_expires_at <= ${now})`;
  let chosen = db
    .selectFrom('webhook_endpoints as e')
    .select('e.id')
    .where('e.active', '=', 1)
    .where((eb) => eb.or([eb('e.claim_expires_at', 'is', null), eb('e.claim_expires_at', '<=', now)]))
    .where(
      sql<boolean>`exists (select 1 from webhook_deliveries d where d.id = (
        select min(p.id) from webhook_deliveries p where p.endpoint_id = e.id and p.status = 'pending'
      ) and d.next_attempt_at <= ${now})`,
    );
  if (isPostgres(db)) chosen = chosen.forUpdate().skipLocked();
  // A materialized CTE, read once (a rescanned locking subquery misbehaves on PostgreSQL: see outbox claimDue).
  const rows = await db
    .with(
      (cte) => cte('chosen').materialized(),
      () => chosen,
    )
    .updateTable('webhook_endpoints')
    .set({ claimed_by: node, claim_expires_at: until })
    .where('id', 'in', (eb) => eb.selectFrom('chosen').select('chosen.id'))
    .where(free)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Moves this node's claim on an endpoint forward; false when the claim is no longer this node's. */
export async function renewEndpointClaim(db: Db, id: number, node: string, until: string): Promise<boolean> {
  const r = await db
    .updateTable('webhook_endpoints')
    .set({ claim_expires_at: until })
    .where('id', '=', id)
    .where('claimed_by', '=', node)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Ends this node's claim on an endpoint: the next round, on any node, may drain it. */
export function releaseEndpointClaim(db: Db, id: number, node: string) {
  return db
    .updateTable('webhook_endpoints')
    .set({ claimed_by: null, claim_expires_at: null })
    .where('id', '=', id)
    .where('claimed_by', '=', node)
    .execute();
}

/** The next pending messages of one endpoint after `afterId`, in order. */
export function pendingAfter(db: Db, endpointId: number, afterId: number, limit: number) {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', 'pending')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export function updateDelivery(db: Db, id: number, patch: Updateable<WebhookDeliveryTable>) {
  return db.updateTable('webhook_deliveries').set(patch).where('id', '=', id).execute();
}

export function findDelivery(db: Db, endpointId: number, id: number) {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export interface LogQuery {
  status?: 'pending' | 'succeeded' | 'failed';
  event?: string;
  /** Rows with a smaller id (the log reads newest first). */
  beforeId?: number;
  limit: number;
}

/** One page of an endpoint's log, newest first; served by the (endpoint, status|event, id) indexes. */
export function listDeliveries(db: Db, endpointId: number, q: LogQuery) {
  let query = db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.event) query = query.where('event_type', '=', q.event);
  if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
  return query.orderBy('id', 'desc').limit(q.limit).execute();
}

/** The messages an endpoint was sent (first deliveries, not redeliveries) created within [from, to]. */
export function deliveriesBetween(db: Db, endpointId: number, from: string, to: string, limit: number) {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .where('manual', '=', 0)
    .where('created_at', '>=', from)
    .where('created_at', '<=', to)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Deletes finished log rows older than `before`; pending messages are never dropped. */
export async function deleteFinishedBefore(db: Db, before: string): Promise<number> {
  const r = await db
    .deleteFrom('webhook_deliveries')
    .where('created_at', '<', before)
    .where('status', '!=', 'pending')
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Active admins with an address: who hears that an endpoint was turned off. */
export function activeAdmins(db: Db) {
  return db
    .selectFrom('agents')
    .select(['id', 'name', 'email', 'language'])
    .where('role', '=', 'admin')
    .where('active', '=', 1)
    .orderBy('id')
    .execute();
}
