import type { Kysely, Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, AgentRole } from './db/schema.js';
import type { Clock } from './shared/clock.js';
import type { Commit } from './db/write-batcher.js';
import type { Writer } from './db/writer.js';
import type { DurablePath } from './db/durability.js';
import type { DomainEvents } from './events/event-bus.js';

export type Actor =
  | { kind: 'agent'; id: number; role: AgentRole; name: string; language: string }
  | { kind: 'contact'; id: number; organizationId: number; name: string; language: string }
  | { kind: 'system'; name: string };

/**
 * What every service call receives, whether it comes from HTTP, a job or the CLI. `db` is a transaction
 * inside `inTransaction`; on SQLite never reach for an outer handle there — it would wait forever on
 * Kysely's connection mutex.
 */
export interface Ctx {
  actor: Actor;
  db: Kysely<Database>;
  clock: Clock;
  log: FastifyBaseLogger;
  /** Every write goes through it: group commit on SQLite (db/write-batcher.ts), pooled on PostgreSQL. */
  writes: Writer;
  dataDir: string;
  /** Where stored files live (setting filesDir, default the data dir): a directory every node mounts. */
  filesDir: string;
  /** This server node's id (see licensing/node-identity.ts). */
  nodeId: string;
  /** Set inside a transaction (see TxCtx): what a cache may keep waits for it to commit. */
  commit?: Commit;
  /** Makes a file or a directory durable (fsync): files a row names are durable before that row commits. */
  durable: DurablePath;
  /** The installation's domain events: who reacts to what (built by server/wiring.ts). */
  events: DomainEvents;
}

/**
 * `commit` is the transaction this work joined: a batch may roll back and run its units again, so what
 * must see only committed state (process-wide caches) waits for `commit.afterCommit`.
 */
export type TxCtx = Ctx & { db: Transaction<Database>; inTransaction: true; commit: Commit };

const isTx = (ctx: Ctx): ctx is TxCtx => (ctx as Partial<TxCtx>).inTransaction === true;

/**
 * Runs `work` atomically and answers only once it is durable. Work that arrives together shares one
 * commit (group commit). Called again inside a transaction, it joins that transaction.
 */
export function inTransaction<T>(ctx: Ctx, work: (tx: TxCtx) => Promise<T>): Promise<T> {
  if (isTx(ctx)) return work(ctx);
  return ctx.writes.run((trx, commit) => work({ ...ctx, db: trx, inTransaction: true, commit }));
}

export const systemActor = (name = 'system'): Actor => ({ kind: 'system', name });

export function agentId(actor: Actor): number | null {
  return actor.kind === 'agent' ? actor.id : null;
}
