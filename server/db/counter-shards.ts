import type pg from 'pg';

/**
 * The advisory lock keys of the dashboards' counter shards: this base + the shard (`pg_backend_pid() % 64`, the
 * shard migration 033's triggers count on). Any fixed range no other lock of Ondesk uses (the writers' lock is
 * 7,291,402,119).
 */
export const SHARD_LOCK_BASE = 7_291_403_000;
/** New connections tried for a shard of their own before one is kept on a shard another connection counts on. */
const ATTEMPTS = 8;

const claimed = new WeakSet<pg.PoolClient>();

/**
 * A pooled connection whose counter shard no other live connection of the database counts on. Migration 033 keeps
 * the dashboards' daily counts per shard so that concurrent creations never bump the same row; two connections
 * whose process ids meet modulo 64 still did, and one of their transactions ran again (a ticket number lost to the
 * sequence, a retry for nothing). A new connection takes its shard's advisory lock for as long as it lives (the
 * lock goes with the connection); when another connection holds it, this one is closed and a new one opened,
 * whose process id differs. After ATTEMPTS tries (more than 64 connections) it is kept all the same: a shared
 * shard costs a retry now and then, never a wrong count.
 */
export async function connectOnOwnShard(pool: pg.Pool): Promise<pg.PoolClient> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    if (claimed.has(client)) return client;
    let free: boolean;
    try {
      const { rows } = await client.query<{ free: boolean }>(
        'select pg_try_advisory_lock($1::bigint + pg_backend_pid() % 64) as free',
        [SHARD_LOCK_BASE],
      );
      free = rows[0]?.free === true;
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    if (free || attempt >= ATTEMPTS) {
      claimed.add(client);
      return client;
    }
    client.release(true);
  }
}
