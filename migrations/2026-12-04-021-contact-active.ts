import type { Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * Clients editable in the desk (issue 17).
 *
 * - `contacts.active`: a person who left the client is deactivated, not deleted — their tickets and comments
 *   keep their author — and from then on cannot sign in to the portal and is not offered as a requester.
 * - `organizations.kpp`: a Russian company's KPP beside its INN (`tax_id`), so the client's requisites are
 *   complete where agents edit them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('contacts')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('organizations').addColumn('kpp', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organizations').dropColumn('kpp').execute();
  await db.schema.alterTable('contacts').dropColumn('active').execute();
}
