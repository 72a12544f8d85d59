import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database>;

export function runningRun(db: Db, job: string) {
  return db
    .selectFrom('job_runs')
    .selectAll()
    .where('job', '=', job)
    .where('status', '=', 'running')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function startRun(db: Db, row: { job: string; trigger: string; started_at: string }): Promise<number> {
  const inserted = await db
    .insertInto('job_runs')
    .values({ ...row, status: 'running', finished_at: null, result: null, error: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export function finishRun(
  db: Db,
  id: number,
  patch: { status: 'ok' | 'failed'; finished_at: string; result?: string | null; error?: string | null },
) {
  return db.updateTable('job_runs').set(patch).where('id', '=', id).execute();
}

export function lastRuns(db: Db, job: string, limit: number) {
  return db.selectFrom('job_runs').selectAll().where('job', '=', job).orderBy('id', 'desc').limit(limit).execute();
}

/** Keeps the run log bounded: the newest `keep` runs of each job. */
export function pruneRuns(db: Db, job: string, keep: number) {
  return db
    .deleteFrom('job_runs')
    .where('job', '=', job)
    .where('id', '<', (eb) =>
      eb
        .selectFrom('job_runs')
        .select('id')
        .where('job', '=', job)
        .orderBy('id', 'desc')
        .limit(1)
        .offset(keep - 1),
    )
    .execute();
}
