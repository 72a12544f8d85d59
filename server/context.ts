import type { Kysely, Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, AgentRole } from './db/schema.js';
import type { Clock } from './shared/clock.js';
import type { WriteBatcher } from './db/write-batcher.js';

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
  /** Group commit: every write goes through it (see db/write-batcher.ts). */
  writes: WriteBatcher;
  dataDir: string;
  /** This server node's id (see licensing/node-identity.ts). */
  nodeId: string;
}

export type TxCtx = Ctx & { db: Transaction<Database>; inTransaction: true };

const isTx = (ctx: Ctx): ctx is TxCtx => (ctx as Partial<TxCtx>).inTransaction === true;

/**
 * Runs `work` atomically and answers only once it is durable. Work that arrives together shares one
 * commit (group commit). Called again inside a transaction, it joins that transaction.
 */
export function inTransaction<T>(ctx: Ctx, work: (tx: TxCtx) => Promise<T>): Promise<T> {
  if (isTx(ctx)) return work(ctx);
  return ctx.writes.run((trx) => work({ ...ctx, db: trx, inTransaction: true }));
}

export const systemActor = (name = 'system'): Actor => ({ kind: 'system', name });

export function agentId(actor: Actor): number | null {
  return actor.kind === 'agent' ? actor.id : null;
}
