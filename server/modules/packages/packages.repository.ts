import { sql, type Insertable, type Kysely } from 'kysely';
import type { AgreementTimeTermsTable, Database, PackageLedgerTable } from '../../db/schema.js';
import { dummyKysely } from '../../db/dummy.js';
import { parameterRow, precompiled } from '../../db/prepared.js';

/** An agreement as its hour package needs it: dates, package size, people to tell and the calendar's zone. */
const packageAgreementQuery = (db: Kysely<Database>) =>
  db
    .selectFrom('agreements')
    .innerJoin('organizations', 'organizations.id', 'agreements.organization_id')
    .innerJoin('calendars', 'calendars.id', 'agreements.calendar_id')
    .select([
      'agreements.id',
      'agreements.number',
      'agreements.title',
      'agreements.kind',
      'agreements.status',
      'agreements.organization_id',
      'organizations.name as organization_name',
      'agreements.start_date',
      'agreements.end_date',
      'agreements.hours_package',
      'agreements.manager_id',
      'agreements.recipient_contact_ids',
      'calendars.document as calendar_document',
    ])
    .where('agreements.id', '=', 0);

// Every logged piece of work reads the package and its periods and appends to the ledger: these statements are
// compiled once (server/db/prepared.ts).
const packageAgreement = precompiled(() => packageAgreementQuery(dummyKysely).compile());

export async function findPackageAgreement(db: Kysely<Database>, id: number) {
  return (await packageAgreement(db, [id])).rows[0];
}
export type PackageAgreementRow = NonNullable<Awaited<ReturnType<typeof findPackageAgreement>>>;

/** Agreements with an hour package whose periods may still need opening or closing. */
export async function agreementIdsWithPackages(db: Kysely<Database>, endedSince: string): Promise<number[]> {
  const rows = await db
    .selectFrom('agreements')
    .select('id')
    .where('hours_package', '>', 0)
    .where('status', 'in', ['active', 'expired'])
    .where('end_date', '>=', endedSince)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

export function findTerms(db: Kysely<Database>, agreementId: number) {
  return db.selectFrom('agreement_time_terms').selectAll().where('agreement_id', '=', agreementId).executeTakeFirst();
}

export function saveTerms(db: Kysely<Database>, row: Insertable<AgreementTimeTermsTable>) {
  const { agreement_id: _key, ...patch } = row;
  return db
    .insertInto('agreement_time_terms')
    .values(row)
    .onConflict((oc) => oc.column('agreement_id').doUpdateSet(patch))
    .execute();
}

const periodQuery = precompiled(() =>
  dummyKysely
    .selectFrom('package_periods')
    .selectAll()
    .where('agreement_id', '=', 0)
    .where('period_key', '=', '')
    .compile(),
);

export async function findPeriod(db: Kysely<Database>, agreementId: number, key: string) {
  return (await periodQuery(db, [agreementId, key])).rows[0];
}
export type PeriodRow = NonNullable<Awaited<ReturnType<typeof findPeriod>>>;

export function listPeriods(db: Kysely<Database>, agreementId: number) {
  return db
    .selectFrom('package_periods')
    .selectAll()
    .where('agreement_id', '=', agreementId)
    .orderBy('start_date')
    .execute();
}

/** The earliest period not closed yet: where late work is charged once its own period has closed. */
const firstOpenPeriodQuery = precompiled(() =>
  dummyKysely
    .selectFrom('package_periods')
    .selectAll()
    .where('agreement_id', '=', 0)
    .where('closed_at', 'is', null)
    .orderBy('start_date')
    .limit(1)
    .compile(),
);

export async function firstOpenPeriod(db: Kysely<Database>, agreementId: number) {
  return (await firstOpenPeriodQuery(db, [agreementId, 1])).rows[0];
}

const latestPeriodQuery = precompiled(() =>
  dummyKysely
    .selectFrom('package_periods')
    .selectAll()
    .where('agreement_id', '=', 0)
    .orderBy('start_date', 'desc')
    .limit(1)
    .compile(),
);

export async function latestPeriod(db: Kysely<Database>, agreementId: number) {
  return (await latestPeriodQuery(db, [agreementId, 1])).rows[0];
}

/** Creates a period; false when it existed already. */
export async function insertPeriod(
  db: Kysely<Database>,
  row: { agreement_id: number; period_key: string; start_date: string; end_date: string },
): Promise<boolean> {
  const result = await db
    .insertInto('package_periods')
    .values(row)
    .onConflict((oc) => oc.columns(['agreement_id', 'period_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export function closePeriod(db: Kysely<Database>, agreementId: number, key: string, at: string) {
  return db
    .updateTable('package_periods')
    .set({ closed_at: at })
    .where('agreement_id', '=', agreementId)
    .where('period_key', '=', key)
    .where('closed_at', 'is', null)
    .execute();
}

const ledgerColumns = ['agreement_id', 'period_key', 'kind', 'minutes', 'worklog_id', 'at', 'actor', 'note'] as const;
const appendLedgerQuery = precompiled(() =>
  dummyKysely
    .insertInto('package_ledger')
    .values(parameterRow(ledgerColumns))
    .onConflict((oc) => oc.doNothing())
    .compile(),
);
const addToPeriodQuery = precompiled(() =>
  dummyKysely
    .updateTable('package_periods')
    .set((eb) => ({
      granted_minutes: eb('granted_minutes', '+', 0),
      used_minutes: eb('used_minutes', '+', 0),
      balance_minutes: eb('balance_minutes', '+', 0),
    }))
    .where('agreement_id', '=', 0)
    .where('period_key', '=', '')
    .compile(),
);

/**
 * Appends a movement and adds it to its period's sums in the same transaction; a grant, carry or expiry already
 * made for the period is not made again (false).
 */
export async function appendLedger(
  db: Kysely<Database>,
  row: Required<Omit<Insertable<PackageLedgerTable>, 'id'>>,
): Promise<boolean> {
  const result = await appendLedgerQuery(
    db,
    ledgerColumns.map((c) => row[c]),
  );
  if (Number(result.numAffectedRows ?? 0n) === 0) return false;
  const granted = row.kind === 'grant' || (row.kind === 'carry' && row.minutes > 0) ? row.minutes : 0;
  const used = row.kind === 'consume' || row.kind === 'correction' ? -row.minutes : 0;
  await addToPeriodQuery(db, [granted, used, row.minutes, row.agreement_id, row.period_key]);
  return true;
}

export interface PeriodSums {
  grantedMinutes: number;
  usedMinutes: number;
  balanceMinutes: number;
}

/** A period's sums as kept with its movements (zero for a period not opened). */
export async function periodSums(db: Kysely<Database>, agreementId: number, key: string): Promise<PeriodSums> {
  return sumsOfPeriod(await findPeriod(db, agreementId, key));
}

/** The sums kept in a period's row (zero for a period not opened). */
export function sumsOfPeriod(row: PeriodRow | undefined): PeriodSums {
  return {
    grantedMinutes: row?.granted_minutes ?? 0,
    usedMinutes: row?.used_minutes ?? 0,
    balanceMinutes: row?.balance_minutes ?? 0,
  };
}

/**
 * The same sums computed from the ledger itself: what was granted (grants and carries in), what work used
 * (consumption and corrections) and the balance (every movement). Tests hold the kept sums to these.
 */
export async function ledgerSums(db: Kysely<Database>, agreementId: number, key: string): Promise<PeriodSums> {
  const row = await db
    .selectFrom('package_ledger')
    .select([
      sql<number>`coalesce(sum(case when kind = 'grant' or (kind = 'carry' and minutes > 0) then minutes end), 0)`.as(
        'granted',
      ),
      sql<number>`coalesce(-sum(case when kind in ('consume', 'correction') then minutes end), 0)`.as('used'),
      sql<number>`coalesce(sum(minutes), 0)`.as('balance'),
    ])
    .where('agreement_id', '=', agreementId)
    .where('period_key', '=', key)
    .executeTakeFirstOrThrow();
  return { grantedMinutes: Number(row.granted), usedMinutes: Number(row.used), balanceMinutes: Number(row.balance) };
}

export function markNotified(db: Kysely<Database>, agreementId: number, key: string, threshold: number) {
  return db
    .updateTable('package_periods')
    .set({ notified_threshold: threshold })
    .where('agreement_id', '=', agreementId)
    .where('period_key', '=', key)
    .where('notified_threshold', '<', threshold)
    .execute();
}

/** What a worklog has taken from packages so far, per period (negative: minutes consumed). */
export async function worklogMovements(db: Kysely<Database>, worklogId: number) {
  const rows = await db
    .selectFrom('package_ledger')
    .select(['agreement_id', 'period_key', sql<number>`sum(minutes)`.as('minutes')])
    .where('worklog_id', '=', worklogId)
    .groupBy(['agreement_id', 'period_key'])
    .execute();
  return rows.map((r) => ({ agreementId: r.agreement_id, periodKey: r.period_key, minutes: Number(r.minutes) }));
}

export function ledgerOf(db: Kysely<Database>, agreementId: number, limit: number) {
  return db
    .selectFrom('package_ledger')
    .leftJoin('worklogs', 'worklogs.id', 'package_ledger.worklog_id')
    .leftJoin('tickets', 'tickets.id', 'worklogs.ticket_id')
    .select([
      'package_ledger.id',
      'package_ledger.period_key',
      'package_ledger.kind',
      'package_ledger.minutes',
      'package_ledger.worklog_id',
      'tickets.number as ticket_number',
      'package_ledger.at',
      'package_ledger.actor',
      'package_ledger.note',
    ])
    .where('package_ledger.agreement_id', '=', agreementId)
    .orderBy('package_ledger.id', 'desc')
    .limit(limit)
    .execute();
}

/** The billable work of a period, for "what the hours went to". */
export function periodWork(db: Kysely<Database>, agreementId: number, start: string, end: string, limit: number) {
  return db
    .selectFrom('worklogs')
    .innerJoin('tickets', 'tickets.id', 'worklogs.ticket_id')
    .innerJoin('agents', 'agents.id', 'worklogs.agent_id')
    .select([
      'worklogs.work_date',
      'tickets.number as ticket_number',
      'tickets.subject as ticket_subject',
      'agents.name as agent_name',
      'worklogs.billed_minutes',
      'worklogs.comment',
    ])
    .where('worklogs.agreement_id', '=', agreementId)
    .where('worklogs.billable', '=', 1)
    .where('worklogs.work_date', '>=', start)
    .where('worklogs.work_date', '<=', end)
    .orderBy('worklogs.work_date')
    .orderBy('worklogs.id')
    .limit(limit)
    .execute();
}

export function findContacts(db: Kysely<Database>, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('contacts')
    .select(['id', 'name', 'email', 'language', 'organization_id'])
    .where('id', 'in', ids)
    .execute();
}
