import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, WebFormTable } from '../../db/schema.js';

const SECRET_SETTING = 'web_forms.hmac_key';

const withNames = (db: Kysely<Database>) =>
  db
    .selectFrom('web_forms as f')
    .leftJoin('organizations as o', 'o.id', 'f.organization_id')
    .leftJoin('services as s', 's.id', 'f.service_id')
    .selectAll('f')
    .select(['o.name as organization_name', 's.name as service_name']);

export function insertForm(db: Kysely<Database>, row: Insertable<WebFormTable>) {
  return db.insertInto('web_forms').values(row).returning('id').executeTakeFirstOrThrow();
}

export function findForm(db: Kysely<Database>, key: string) {
  return withNames(db).where('f.key', '=', key).executeTakeFirst();
}

export type FormRow = NonNullable<Awaited<ReturnType<typeof findForm>>>;

export function listForms(db: Kysely<Database>, f: { organizationId?: number; limit: number; afterId?: number }) {
  let q = withNames(db);
  if (f.organizationId !== undefined) q = q.where('f.organization_id', '=', f.organizationId);
  if (f.afterId !== undefined) q = q.where('f.id', '>', f.afterId);
  return q
    .orderBy('f.id')
    .limit(f.limit + 1)
    .execute();
}

export function updateForm(db: Kysely<Database>, id: number, patch: Updateable<WebFormTable>) {
  return db.updateTable('web_forms').set(patch).where('id', '=', id).executeTakeFirst();
}

export function deleteForm(db: Kysely<Database>, id: number) {
  return db.deleteFrom('web_forms').where('id', '=', id).executeTakeFirst();
}

export function organizationExists(db: Kysely<Database>, id: number) {
  return db.selectFrom('organizations').select('id').where('id', '=', id).executeTakeFirst();
}

export function serviceExists(db: Kysely<Database>, id: number) {
  return db.selectFrom('services').select('id').where('id', '=', id).executeTakeFirst();
}

/** The installation's form key: made once, kept with the settings (so it moves with backups). */
export async function hmacSecret(db: Kysely<Database>, candidate: string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key: SECRET_SETTING, value: candidate })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', SECRET_SETTING)
    .executeTakeFirstOrThrow();
  return row.value;
}

export function readSecret(db: Kysely<Database>) {
  return db.selectFrom('settings').select('value').where('key', '=', SECRET_SETTING).executeTakeFirst();
}

/**
 * Spends a proof: false when it was spent before (the primary key refuses it). Expired rows go in the same
 * breath — a challenge past its expiry is refused by its own date, so its row has nothing left to guard.
 */
export async function spendProof(db: Kysely<Database>, signature: string, expiresMs: number, nowMs: number) {
  await db.deleteFrom('web_form_spent_proofs').where('expires_at', '<', nowMs).execute();
  const res = await db
    .insertInto('web_form_spent_proofs')
    .values({ signature, expires_at: expiresMs })
    .onConflict((oc) => oc.column('signature').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

export function isSpent(db: Kysely<Database>, signature: string) {
  return db
    .selectFrom('web_form_spent_proofs')
    .select('signature')
    .where('signature', '=', signature)
    .executeTakeFirst();
}
