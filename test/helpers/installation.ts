import type { Subscription } from '../../server/events/event-bus.js';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { databaseFile, openInstallation, type Installation } from '../../server/installation.js';
import type { Clock } from '../../server/shared/clock.js';
import type { Actor } from '../../server/context.js';
import type { DurablePath } from '../../server/db/durability.js';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { productRoot } from '../../server/shared/paths.js';
import { openPostgres } from '../../server/db/postgres.js';
import { openDatabase } from '../../server/db/connection.js';
import BetterSqlite3 from 'better-sqlite3';
import { migrateToLatest } from '../../server/db/migrator.js';
import { migrateAsOneNode } from '../../server/cluster/schema-guard.js';
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

async function onPostgres<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A new empty PostgreSQL database for one installation: its URL, and a function that drops it (connections
 * still open are ended by the drop). The cluster: ONDESK_TEST_PG_URL, else a private one (helpers/postgres.ts).
 * `migrated`: a copy of a database migrated to the latest schema (see migratedTemplate) instead of an empty one.
 */
export async function freshPostgresDatabase(
  options: { migrated?: boolean } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = postgresAdminUrl();
  const name = `ondesk_t_${randomBytes(6).toString('hex')}`;
  const template = options.migrated ? await migratedTemplate(admin) : null;
  await onPostgres(admin, (client) =>
    client.query(template ? `create database ${name} template ${template}` : `create database ${name}`),
  );
  const url = new URL(admin);
  url.pathname = `/${name}`;
  // Each installation has an id of its own (migration 003 draws it), as a database migrated from empty would.
  if (template)
    await onPostgres(url.toString(), (client) =>
      client.query(`update settings set value = $1 where key = 'installation_id'`, [randomUUID()]),
    );
  return {
    url: url.toString(),
    drop: async () => {
      await onPostgres(admin, (client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

let template: Promise<string> | undefined;

/**
 * The name of a database of the cluster migrated to the latest schema, made once per cluster and code (its name
 * carries a hash of the migrations and of the code that runs them): a test installation on PostgreSQL is a copy
 * of it (CREATE DATABASE … TEMPLATE, a file copy), which takes a quarter of the time of running the 34 migrations
 * on an empty database. The migrations from empty are still tested on their own (test/db/postgres-migrations).
 * Test processes running side by side make it one at a time, under an advisory lock.
 */
function migratedTemplate(admin: string): Promise<string> {
  template ??= (async () => {
    const name = `ondesk_tpl_${schemaHash()}`;
    await onPostgres(admin, async (client) => {
      await client.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
      const made = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (made.rowCount) return;
      const building = `${name}_building`;
      await client.query(`drop database if exists ${building} with (force)`);
      await client.query(`create database ${building}`);
      const url = new URL(admin);
      url.pathname = `/${building}`;
      const database = openPostgres({ url: url.toString(), poolSize: 2 });
      try {
        await migrateAsOneNode(database.db, () => migrateToLatest(database.db));
      } finally {
        await database.close();
      }
      // Renamed only once whole: a process stopped halfway leaves a "_building" one that the next run replaces.
      await client.query(`alter database ${building} rename to ${name}`);
    });
    return name;
  })();
  return template;
}

/**
 * Puts at `file` a copy of a SQLite database migrated to the latest schema, with an installation id of its own:
 * what SQLite's first start would make, by a file copy instead of 34 migrations (about 0.1 s of CPU each time).
 * The migrated file is made once per machine and code (its name carries the hash the PostgreSQL template's
 * does) under the temp dir; test processes racing to make it each build their own and rename it into place
 * whole. The migrations from an empty file are still tested on their own (test/db/migrations, and the tests
 * that open installations directly).
 */
async function copyMigratedSqlite(file: string): Promise<void> {
  copyFileSync(await migratedSqliteFile(), file);
  chmodSync(file, 0o600);
  const db = new BetterSqlite3(file);
  try {
    db.prepare(`update settings set value = ? where key = 'installation_id'`).run(randomUUID());
  } finally {
    db.close();
  }
}

let sqliteTemplate: Promise<string> | undefined;

function migratedSqliteFile(): Promise<string> {
  sqliteTemplate ??= (async () => {
    const made = join(tmpdir(), `ondesk-test-migrated-${schemaHash()}.db`);
    if (existsSync(made)) return made;
    const building = mkdtempSync(join(tmpdir(), 'ondesk-test-migrating-'));
    try {
      const file = join(building, 'ondesk.db');
      const database = openDatabase(file);
      try {
        await migrateAsOneNode(database.db, () => migrateToLatest(database.db));
      } finally {
        await database.close();
      }
      // One self-contained file: the copies switch to WAL when they are opened, as a new file does.
      const db = new BetterSqlite3(file);
      db.pragma('journal_mode = DELETE');
      db.close();
      renameSync(file, made);
      return made;
    } finally {
      rmSync(building, { recursive: true, force: true });
    }
  })();
  return sqliteTemplate;
}

/** A hash of the migrations and of the code that runs them: what a migrated template is made from. */
function schemaHash(): string {
  const root = productRoot;
  const hash = createHash('sha256');
  for (const file of filesUnder(root, ['migrations', 'server/db']))
    hash.update(file).update(readFileSync(join(root, file)));
  return hash.digest('hex').slice(0, 16);
}

/** The files under these folders of the project, recursively, in a fixed order. */
function filesUnder(root: string, dirs: string[]): string[] {
  return dirs
    .flatMap((dir) =>
      readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? filesUnder(root, [join(dir, entry.name)]) : [join(dir, entry.name)],
      ),
    )
    .sort();
}

/** The advisory lock under which test processes make the migrated template (any number no other lock uses). */
const TEMPLATE_LOCK = 7_291_402_120;

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
  const postgres =
    (opts.database ?? testDialect) === 'postgres' ? await freshPostgresDatabase({ migrated: true }) : null;
  // Also in the data dir's settings: a test that opens the same data dir again (a restart, a CLI command)
  // finds the same database.
  if (postgres)
    writeFileSync(
      join(dataDir, 'ondesk.json'),
      JSON.stringify({ database: 'postgres', databaseUrl: postgres.url, databasePool: 4 }),
    );
  else await copyMigratedSqlite(databaseFile(dataDir));
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
