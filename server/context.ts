import type { Kysely, Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, AgentRole } from './db/schema.js';
import type { Clock } from './shared/clock.js';

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
  /** Resolves once committed writes are on stable storage (see db/connection.ts). */
  durable: () => Promise<void>;
  dataDir: string;
}

export type TxCtx = Ctx & { db: Transaction<Database> };

/** Runs `work` in one transaction and answers only after the commit is durable. */
export async function inTransaction<T>(ctx: Ctx, work: (tx: TxCtx) => Promise<T>): Promise<T> {
  const result = await ctx.db.transaction().execute((trx) => work({ ...ctx, db: trx }));
  await ctx.durable();
  return result;
}

export const systemActor = (name = 'system'): Actor => ({ kind: 'system', name });

export function agentId(actor: Actor): number | null {
  return actor.kind === 'agent' ? actor.id : null;
}
