import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { precompiled } from '../../db/prepared.js';
import { dummyKysely } from '../../db/dummy.js';

export const listCalendars = (db: Kysely<Database>) => db.selectFrom('calendars').selectAll().orderBy('name').execute();
const findCalendarQuery = precompiled(() =>
  dummyKysely.selectFrom('calendars').selectAll().where('id', '=', 0).compile(),
);
// Read for every ticket created under an agreement: compiled once.
export const findCalendar = async (db: Kysely<Database>, id: number) => (await findCalendarQuery(db, [id])).rows[0];

export const insertCalendar = (
  db: Kysely<Database>,
  row: { name: string; document: string; created_at: string; updated_at: string },
) => db.insertInto('calendars').values(row).returningAll().executeTakeFirstOrThrow();

export const updateCalendar = (
  db: Kysely<Database>,
  id: number,
  patch: { name?: string; document?: string; updated_at: string },
) => db.updateTable('calendars').set(patch).where('id', '=', id).returningAll().executeTakeFirst();

export const deleteCalendar = (db: Kysely<Database>, id: number) =>
  db.deleteFrom('calendars').where('id', '=', id).executeTakeFirst();

export const listProductionYears = (db: Kysely<Database>, country: string) =>
  db.selectFrom('production_calendar_years').selectAll().where('country', '=', country).orderBy('year').execute();

export const upsertProductionYear = (
  db: Kysely<Database>,
  row: { country: string; year: number; data: string; imported_at: string },
) =>
  db
    .insertInto('production_calendar_years')
    .values(row)
    .onConflict((oc) => oc.columns(['country', 'year']).doUpdateSet({ data: row.data, imported_at: row.imported_at }))
    .execute();

export type CalendarRow = NonNullable<Awaited<ReturnType<typeof findCalendar>>>;

const productionStampQuery = precompiled(() =>
  dummyKysely
    .selectFrom('production_calendar_years')
    .select((eb) => [eb.fn.countAll<number>().as('years'), eb.fn.max('imported_at').as('importedAt')])
    .where('country', '=', 'RU')
    .compile(),
);

/** Changes whenever production years are imported, by any process: how many, and the latest import. */
export async function productionStamp(db: Kysely<Database>, country: string) {
  const row = (await productionStampQuery(db, [country])).rows[0]!;
  return { years: Number(row.years), importedAt: row.importedAt as string | null };
}
