import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * A node's mark of the files directory is kept in the settings table (`files.node.<node id>`): it is read and
 * written only here, one row per node, the same on SQLite and PostgreSQL.
 */
const PREFIX = 'files.node.';

export function writeFilesMark(db: Kysely<Database>, nodeId: string, value: string): Promise<unknown> {
  return db
    .insertInto('settings')
    .values({ key: `${PREFIX}${nodeId}`, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** The marks of these nodes, by node id (a node that never marked is absent). */
export async function readFilesMarks(db: Kysely<Database>, nodeIds: readonly string[]): Promise<Map<string, string>> {
  if (nodeIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('settings')
    .select(['key', 'value'])
    .where(
      'key',
      'in',
      nodeIds.map((id) => `${PREFIX}${id}`),
    )
    .execute();
  return new Map(rows.map((r) => [r.key.slice(PREFIX.length), r.value]));
}
