import { SqliteAdapter, sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { migrations } from '../../migrations/index.js';
import { appliedMigrations } from './cluster.repository.js';

/** The newest migration this node's code knows: what its row in cluster_nodes says it speaks. */
export const knownSchemaVersion: string = Object.keys(migrations).at(-1)!;

export class SchemaTooNew extends Error {}

/**
 * Why this node's code cannot run on the database, or null: the database has applied migrations this code does not
 * know, so a newer Ondesk upgraded it (another node, or a newer build on this one). Pure.
 */
export function schemaRefusal(applied: readonly string[], known: readonly string[]): string | null {
  const knownSet = new Set(known);
  const unknown = applied.filter((name) => !knownSet.has(name)).sort();
  if (unknown.length === 0) return null;
  return `the database was upgraded to ${unknown.at(-1)} by a newer Ondesk (${unknown.length} migration${unknown.length === 1 ? '' : 's'} this node does not know, its newest is ${known.at(-1) ?? 'none'}); upgrade this node to the version the other nodes run`;
}

/** Refuses (SchemaTooNew) when the database is ahead of this code; run before migrating and before serving. */
export async function assertSchemaKnown(db: Kysely<Database>): Promise<void> {
  const refusal = schemaRefusal(await appliedMigrations(db), Object.keys(migrations));
  if (refusal) throw new SchemaTooNew(refusal);
}

const isSqlite = (db: Kysely<Database>) => db.getExecutor().adapter instanceof SqliteAdapter;
const WAIT_FOR_LOCK_MS = 10 * 60_000;

/**
 * Runs `migrate` so that one node at a time upgrades the database. On SQLite the whole upgrade is one IMMEDIATE
 * transaction: SQLite's write lock keeps a second process (another node on the same file, `ondesk migrate` beside a
 * starting server) waiting, and a crash halfway leaves the schema as it was. PostgreSQL's migrator takes its own
 * advisory lock. Either way the guard runs again once the lock is ours: the one who waited may find the work done,
 * or done by a newer node.
 */
export async function migrateAsOneNode(
  db: Kysely<Database>,
  migrate: () => Promise<unknown>,
  onWait?: (message: string) => void,
): Promise<void> {
  await assertSchemaKnown(db);
  const known = Object.keys(migrations);
  const applied = new Set(await appliedMigrations(db));
  if (known.every((name) => applied.has(name))) return;
  if (!isSqlite(db)) {
    await migrate();
    await assertSchemaKnown(db);
    return;
  }
  const deadline = Date.now() + WAIT_FOR_LOCK_MS;
  for (let told = false; ;) {
    try {
      await sql`begin immediate`.execute(db);
      break;
    } catch (err) {
      if (!/SQLITE_BUSY|database is locked/i.test(`${(err as { code?: string }).code} ${(err as Error).message}`))
        throw err;
      if (Date.now() > deadline) throw err;
      if (!told) onWait?.('another process is upgrading the database; waiting for it to finish');
      told = true;
    }
  }
  try {
    await assertSchemaKnown(db);
    await migrate();
    await sql`commit`.execute(db);
  } catch (err) {
    await sql`rollback`.execute(db).catch(() => undefined);
    throw err;
  }
}
