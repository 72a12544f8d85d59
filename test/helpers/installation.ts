import type { Subscription } from '../../server/events/event-bus.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { openInstallation, type Installation } from '../../server/installation.js';
import type { Clock } from '../../server/shared/clock.js';
import type { Actor } from '../../server/context.js';
import type { DurablePath } from '../../server/db/durability.js';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { postgresAdminUrl } from './postgres.js';

export function tempDir(t: Test, prefix = 'ondesk-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Which database the tests run on: SQLite (default) or, with ONDESK_TEST_DATABASE=postgres, a fresh PostgreSQL
 * database per installation in the cluster at ONDESK_TEST_PG_URL (an admin URL; see test/tools/pg-cluster.mjs).
 */
export const testDialect: 'sqlite' | 'postgres' =
  process.env.ONDESK_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * Options for a test that checks SQLite itself (its file, its WAL, its query planner) and has no PostgreSQL
 * equivalent: on PostgreSQL it shows as SKIPPED with the reason, never as passed. `t.test(name, sqliteOnly('…'), fn)`.
 */
export function sqliteOnly(reason: string): { skip: string | false } {
  return { skip: testDialect === 'postgres' && `SQLite only: ${reason}` };
}

/**
 * A new empty PostgreSQL database for one installation: its URL, and a function that drops it (connections
 * still open are ended by the drop). The cluster: ONDESK_TEST_PG_URL, else a private one (helpers/postgres.ts).
 */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = postgresAdminUrl();
  const name = `ondesk_t_${randomBytes(6).toString('hex')}`;
  const onAdmin = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await onAdmin(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onAdmin(`drop database if exists ${name} with (force)`) };
}

/**
 * A real installation on a real database — a SQLite file in a temp dir, or a fresh PostgreSQL database (see
 * testDialect) — closed and removed after the test.
 */
export async function testInstallation(
  t: Test,
  opts: {
    clock?: Clock;
    env?: NodeJS.ProcessEnv;
    durable?: DurablePath;
    subscriptions?: readonly Subscription[];
    /** This database whatever ONDESK_TEST_DATABASE says (the PostgreSQL tests themselves). */
    database?: 'sqlite' | 'postgres';
  } = {},
): Promise<Installation> {
  const dataDir = tempDir(t);
  const postgres = (opts.database ?? testDialect) === 'postgres' ? await freshPostgresDatabase() : null;
  // Also in the data dir's settings: a test that opens the same data dir again (a restart, a CLI command)
  // finds the same database.
  if (postgres)
    writeFileSync(
      join(dataDir, 'ondesk.json'),
      JSON.stringify({ database: 'postgres', databaseUrl: postgres.url, databasePool: 4 }),
    );
  const inst = await openInstallation({
    dataDir,
    clock: opts.clock,
    durable: opts.durable,
    env: opts.env ?? {},
    subscriptions: opts.subscriptions,
    // ONDESK_TEST_LOG=stdout: the desk's warnings and errors (a 500's cause) in the test's output.
    logToStdout: process.env.ONDESK_TEST_LOG === 'stdout',
    overrides: {
      logLevel: 'warn',
      ...(postgres && { database: 'postgres' as const, databaseUrl: postgres.url, databasePool: 4 }),
    },
  }).catch(async (err: unknown) => {
    await postgres?.drop();
    throw err;
  });
  t.teardown(async () => {
    await inst.close();
    await postgres?.drop();
  });
  return inst;
}

export const adminActor: Actor = { kind: 'agent', id: 1, role: 'admin', name: 'Admin', language: 'en' };
