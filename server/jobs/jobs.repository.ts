import { sql, type Kysely } from 'kysely';
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

/**
 * Claims the job's next run by inserting it: the unique index job_runs_one_running (one running run per job) is the
 * judge, so two nodes claiming at the same moment cannot both win — the loser gets no id. No read-then-insert race.
 */
export async function claimRun(
  db: Db,
  row: { job: string; trigger: string; started_at: string; instance_id: string | null },
): Promise<number | undefined> {
  const inserted = await db
    .insertInto('job_runs')
    .values({ ...row, status: 'running', finished_at: null, result: null, error: null })
    // The index's own predicate, written as a literal: SQLite matches a partial index only to an identical one.
    .onConflict((oc) => oc.column('job').where('status', '=', sql.lit('running')).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

/**
 * Ends the runs of a job that say "running" but whose process stopped (crash, kill -9): begun before `startedBefore`,
 * or run by a node start (instance_id) that is no longer live — not reported since `liveSince`, or stopped — so the
 * node taking over need not wait out the age limit.
 */
export async function abandonStaleRuns(
  db: Db,
  a: { job: string; startedBefore: string; liveSince: string; at: string },
): Promise<number> {
  const res = await db
    .updateTable('job_runs')
    .set({ status: 'failed', finished_at: a.at, error: 'abandoned: the process running it stopped' })
    .where('job', '=', a.job)
    .where('status', '=', 'running')
    .where((eb) =>
      eb.or([
        eb('started_at', '<', a.startedBefore),
        eb.and([
          eb('instance_id', 'is not', null),
          eb.not(
            eb.exists(
              eb
                .selectFrom('cluster_nodes')
                .select('cluster_nodes.node_id')
                .whereRef('cluster_nodes.instance_id', '=', 'job_runs.instance_id')
                .where('cluster_nodes.stopped_at', 'is', null)
                .where('cluster_nodes.heartbeat_at', '>=', a.liveSince),
            ),
          ),
        ]),
      ]),
    )
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
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
