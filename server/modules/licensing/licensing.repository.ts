import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

export async function getSetting(db: Db, key: string): Promise<string | undefined> {
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

export async function putSetting(db: Db, key: string, value: string) {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** The license in force: the highest sequence applied. */
export function currentLicense(db: Db) {
  return db.selectFrom('licenses').selectAll().orderBy('lsq', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function highestLsq(db: Db): Promise<number | undefined> {
  const row = await db
    .selectFrom('licenses')
    .select((eb) => eb.fn.max('lsq').as('lsq'))
    .executeTakeFirst();
  return row?.lsq ?? undefined;
}

export function insertLicense(
  db: Db,
  row: { jti: string; lsq: number; token: string; claims: string; applied_at: string; applied_by: string },
) {
  return db
    .insertInto('licenses')
    .values(row)
    .onConflict((oc) => oc.column('jti').doNothing())
    .execute();
}

export function nodeToken(db: Db, nodeId: string) {
  return db.selectFrom('node_tokens').selectAll().where('node_id', '=', nodeId).executeTakeFirst();
}

/** Nodes registered under a license and not yet expired at `nowS`. */
export async function registeredNodes(db: Db, licenseJti: string, nowS: number) {
  return db
    .selectFrom('node_tokens')
    .select(['node_id', 'jti', 'expires_at', 'applied_at'])
    .where('license_jti', '=', licenseJti)
    .where('expires_at', '>=', nowS)
    .orderBy('applied_at')
    .execute();
}

export function upsertNodeToken(
  db: Db,
  row: { node_id: string; jti: string; license_jti: string; token: string; expires_at: number; applied_at: string },
) {
  return db
    .insertInto('node_tokens')
    .values(row)
    .onConflict((oc) =>
      oc.column('node_id').doUpdateSet({
        jti: row.jti,
        license_jti: row.license_jti,
        token: row.token,
        expires_at: row.expires_at,
        applied_at: row.applied_at,
      }),
    )
    .execute();
}

export function deleteNodeToken(db: Db, nodeId: string) {
  return db.deleteFrom('node_tokens').where('node_id', '=', nodeId).executeTakeFirst();
}

export async function revokedIds(db: Db): Promise<Set<string>> {
  return new Set((await db.selectFrom('revoked_tokens').select('jti').execute()).map((r) => r.jti));
}

export async function insertRevoked(db: Db, ids: string[], listJti: string, at: string) {
  for (let i = 0; i < ids.length; i += 200) {
    await db
      .insertInto('revoked_tokens')
      .values(ids.slice(i, i + 200).map((jti) => ({ jti, list_jti: listJti, imported_at: at })))
      .onConflict((oc) => oc.column('jti').doNothing())
      .execute();
  }
}

export function recordSeatUsage(db: Db, day: string, active: number) {
  return db
    .insertInto('seat_usage')
    .values({ day, max_active: active })
    .onConflict((oc) =>
      oc
        .column('day')
        .doUpdateSet((eb) => ({ max_active: eb.fn('max', [eb.ref('seat_usage.max_active'), eb.val(active)]) })),
    )
    .execute();
}

export function seatUsage(db: Db, sinceDay: string) {
  return db.selectFrom('seat_usage').selectAll().where('day', '>=', sinceDay).orderBy('day').execute();
}

export function activeAdmins(db: Db) {
  return db
    .selectFrom('agents')
    .select(['id', 'email', 'name', 'language'])
    .where('role', '=', 'admin')
    .where('active', '=', 1)
    .execute();
}
