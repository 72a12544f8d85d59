import { PostgresAdapter, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** How long a claim on shared work (an outbox batch, a webhook endpoint, a spooled message) holds. */
export const CLAIM_MS = 60_000;

/**
 * Whether a handle talks to PostgreSQL. Claims add `FOR UPDATE SKIP LOCKED` there, so concurrent claimers
 * pass over each other's rows instead of queueing behind them; SQLite has one writer, which already makes the
 * claiming statement atomic, and has no such clause.
 */
export function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The instant a claim made at `now` ends. */
export const claimUntil = (now: Date, ms = CLAIM_MS) => new Date(now.getTime() + ms).toISOString();
