import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import { containsText } from '../../db/text-match.js';
import type { AgreementHistoryTable, AgreementStatus, AgreementTable, Database } from '../../db/schema.js';
import type { SlaTarget } from './tier-presets.js';

/** An agreement with the name of its client, which every view and notice shows. */
const withOrganization = (db: Kysely<Database>) =>
  db
    .selectFrom('agreements')
    .innerJoin('organizations', 'organizations.id', 'agreements.organization_id')
    .selectAll('agreements')
    .select('organizations.name as organization_name');

export function findAgreement(db: Kysely<Database>, id: number) {
  return withOrganization(db).where('agreements.id', '=', id).executeTakeFirst();
}

export type AgreementRow = NonNullable<Awaited<ReturnType<typeof findAgreement>>>;

export function findAgreementByNumber(db: Kysely<Database>, number: string) {
  return withOrganization(db).where('agreements.number', '=', number).executeTakeFirst();
}

export async function insertAgreement(db: Kysely<Database>, row: Insertable<AgreementTable>): Promise<number> {
  const inserted = await db.insertInto('agreements').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export function updateAgreement(db: Kysely<Database>, id: number, patch: Updateable<AgreementTable>) {
  return db.updateTable('agreements').set(patch).where('id', '=', id).executeTakeFirst();
}

export interface AgreementFilter {
  statuses?: AgreementStatus[];
  organizationId?: number;
  q?: string;
  /** Active agreements whose last day lies in [from, to] for their calendars (see the service). */
  endingWindows?: Array<{ calendarIds: number[]; from: string; to: string }>;
  sort: 'end' | 'number';
  after?: { key: string; id: number };
  limit: number;
}

export function listAgreements(db: Kysely<Database>, f: AgreementFilter) {
  let q = withOrganization(db);
  if (f.statuses?.length) q = q.where('agreements.status', 'in', f.statuses);
  if (f.organizationId !== undefined) q = q.where('agreements.organization_id', '=', f.organizationId);
  if (f.q) {
    const text = f.q;
    q = q.where((eb) => eb.or([containsText('agreements.number', text), containsText('agreements.title', text)]));
  }
  if (f.endingWindows) {
    const windows = f.endingWindows;
    q = q
      .where('agreements.status', '=', 'active')
      .where((eb) =>
        eb.or(
          windows.map((w) =>
            eb.and([
              eb('agreements.calendar_id', 'in', w.calendarIds),
              eb('agreements.end_date', '>=', w.from),
              eb('agreements.end_date', '<=', w.to),
            ]),
          ),
        ),
      );
  }
  const column = f.sort === 'end' ? 'agreements.end_date' : 'agreements.number';
  if (f.after) {
    const { key, id } = f.after;
    q = q.where((eb) => eb.or([eb(column, '>', key), eb.and([eb(column, '=', key), eb('agreements.id', '>', id)])]));
  }
  return q
    .orderBy(column)
    .orderBy('agreements.id')
    .limit(f.limit + 1)
    .execute();
}

/** The agreements the lifecycle job looks at: those that can still start, end or owe a notice. */
export function listLiveAgreements(db: Kysely<Database>) {
  return db
    .selectFrom('agreements')
    .select(['id', 'status', 'calendar_id', 'start_date', 'end_date', 'notice_days'])
    .where('status', 'in', ['planned', 'active'])
    .orderBy('id')
    .execute();
}

export function listServicesOf(db: Kysely<Database>, agreementId: number) {
  return db
    .selectFrom('agreement_services')
    .innerJoin('services', 'services.id', 'agreement_services.service_id')
    .selectAll('services')
    .where('agreement_services.agreement_id', '=', agreementId)
    .orderBy('services.name')
    .orderBy('services.id')
    .execute();
}

export async function replaceServices(db: Kysely<Database>, agreementId: number, serviceIds: readonly number[]) {
  await db.deleteFrom('agreement_services').where('agreement_id', '=', agreementId).execute();
  if (serviceIds.length > 0)
    await db
      .insertInto('agreement_services')
      .values(serviceIds.map((service_id) => ({ agreement_id: agreementId, service_id })))
      .execute();
}

export async function listTargets(db: Kysely<Database>, agreementId: number): Promise<SlaTarget[]> {
  const rows = await db
    .selectFrom('sla_targets')
    .selectAll()
    .where('agreement_id', '=', agreementId)
    .orderBy('priority')
    .orderBy('type', (ob) => ob.asc().nullsFirst())
    .execute();
  return rows.map((r) => ({
    priority: r.priority,
    type: r.type,
    reactionMinutes: r.reaction_minutes,
    resolutionMinutes: r.resolution_minutes,
  }));
}

export async function replaceTargets(db: Kysely<Database>, agreementId: number, targets: readonly SlaTarget[]) {
  await db.deleteFrom('sla_targets').where('agreement_id', '=', agreementId).execute();
  if (targets.length > 0) {
    await db
      .insertInto('sla_targets')
      .values(
        targets.map((t) => ({
          agreement_id: agreementId,
          priority: t.priority,
          type: t.type,
          reaction_minutes: t.reactionMinutes,
          resolution_minutes: t.resolutionMinutes,
        })),
      )
      .execute();
  }
}

export function insertHistory(db: Kysely<Database>, row: Insertable<AgreementHistoryTable>) {
  return db.insertInto('agreement_history').values(row).execute();
}

export function listHistory(db: Kysely<Database>, agreementId: number) {
  return db.selectFrom('agreement_history').selectAll().where('agreement_id', '=', agreementId).orderBy('id').execute();
}

export type HistoryRow = Awaited<ReturnType<typeof listHistory>>[number];

/** Numbers already taken in a series ("2026-014", "2026-014/2", … or "2026-014-1", …). */
export async function numbersStartingWith(db: Kysely<Database>, prefix: string): Promise<Set<string>> {
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db
    .selectFrom('agreements')
    .select('number')
    .where(sql<boolean>`number like ${pattern} escape '\\'`)
    .execute();
  // LIKE ignores ASCII case; the series is exact.
  return new Set(rows.map((r) => r.number).filter((n) => n.startsWith(prefix)));
}

/** The agreements renewed from this one. */
export function listRenewalsOf(db: Kysely<Database>, agreementId: number) {
  return db
    .selectFrom('agreements')
    .select(['id', 'number', 'status'])
    .where('renewed_from_id', '=', agreementId)
    .orderBy('id')
    .execute();
}

export function findContacts(db: Kysely<Database>, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('contacts')
    .select(['id', 'organization_id', 'name', 'email', 'language'])
    .where('id', 'in', ids)
    .execute();
}

export function findAgentsByIds(db: Kysely<Database>, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('agents').select(['id', 'name', 'email', 'language', 'active']).where('id', 'in', ids).execute();
}

export function findOrganizations(db: Kysely<Database>, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', ids).execute();
}
