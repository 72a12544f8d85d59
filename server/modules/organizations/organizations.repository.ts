import type { Insertable, Kysely, Updateable } from 'kysely';
import { containsText } from '../../db/text-match.js';
import type { AddressTable, ContactTable, Database, OrganizationTable } from '../../db/schema.js';

export function insertOrganization(db: Kysely<Database>, row: Insertable<OrganizationTable>) {
  return db.insertInto('organizations').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findOrganization(db: Kysely<Database>, id: number) {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function updateOrganization(db: Kysely<Database>, id: number, patch: Updateable<OrganizationTable>) {
  return db.updateTable('organizations').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export function listOrganizations(
  db: Kysely<Database>,
  opts: { q?: string; afterName?: string; afterId?: number; limit: number },
) {
  let q = db.selectFrom('organizations').selectAll();
  if (opts.q) {
    const text = opts.q;
    q = q.where((eb) => eb.or([containsText('name', text), containsText('legal_name', text), eb('tax_id', '=', text)]));
  }
  if (opts.afterName !== undefined && opts.afterId !== undefined) {
    const { afterName, afterId } = opts;
    q = q.where((eb) =>
      eb.or([eb('name', '>', afterName), eb.and([eb('name', '=', afterName), eb('id', '>', afterId)])]),
    );
  }
  return q
    .orderBy('name')
    .orderBy('id')
    .limit(opts.limit + 1)
    .execute();
}

export function insertContact(db: Kysely<Database>, row: Insertable<ContactTable>) {
  return db.insertInto('contacts').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findContact(db: Kysely<Database>, id: number) {
  return db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function updateContact(
  db: Kysely<Database>,
  id: number,
  organizationId: number | undefined,
  patch: Updateable<ContactTable>,
) {
  let q = db.updateTable('contacts').set(patch).where('id', '=', id);
  if (organizationId !== undefined) q = q.where('organization_id', '=', organizationId);
  return q.returningAll().executeTakeFirst();
}

export function deleteContact(db: Kysely<Database>, id: number) {
  return db.deleteFrom('contacts').where('id', '=', id).executeTakeFirst();
}

export function listContacts(db: Kysely<Database>, organizationId: number) {
  return db.selectFrom('contacts').selectAll().where('organization_id', '=', organizationId).orderBy('name').execute();
}

export function insertAddress(db: Kysely<Database>, row: Insertable<AddressTable>) {
  return db.insertInto('addresses').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateAddress(
  db: Kysely<Database>,
  organizationId: number,
  id: number,
  patch: Updateable<AddressTable>,
) {
  return db
    .updateTable('addresses')
    .set(patch)
    .where('id', '=', id)
    .where('organization_id', '=', organizationId)
    .returningAll()
    .executeTakeFirst();
}

export function deleteAddress(db: Kysely<Database>, organizationId: number, id: number) {
  return db
    .deleteFrom('addresses')
    .where('id', '=', id)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
}

export function listAddresses(db: Kysely<Database>, organizationId: number) {
  return db.selectFrom('addresses').selectAll().where('organization_id', '=', organizationId).orderBy('id').execute();
}
