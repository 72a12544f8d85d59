import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, MacroTable } from '../../db/schema.js';

/** The shared macros and the agent's own, by name. */
export const listVisible = (db: Kysely<Database>, agentId: number) =>
  db
    .selectFrom('macros')
    .selectAll()
    .where((eb) => eb.or([eb('owner_agent_id', 'is', null), eb('owner_agent_id', '=', agentId)]))
    .orderBy('name')
    .orderBy('id')
    .execute();

export const findMacro = (db: Kysely<Database>, id: number) =>
  db.selectFrom('macros').selectAll().where('id', '=', id).executeTakeFirst();

export const insertMacro = (db: Kysely<Database>, row: Insertable<MacroTable>) =>
  db.insertInto('macros').values(row).returningAll().executeTakeFirstOrThrow();

export const updateMacro = (db: Kysely<Database>, id: number, set: Updateable<MacroTable>) =>
  db.updateTable('macros').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const deleteMacro = (db: Kysely<Database>, id: number) =>
  db.deleteFrom('macros').where('id', '=', id).executeTakeFirst();
