import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * Several nodes on one database: each node's row (who it is, where it answers, which schema its code knows, when it
 * last said it was alive) and the leases through which exactly one node does a piece of background work (the
 * scheduler, one IMAP mailbox). Written with the schema builder only, so the same file serves SQLite and PostgreSQL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cluster_nodes')
    .addColumn('node_id', 'text', (c) => c.primaryKey())
    // One start of the node: a node restarted after kill -9 has a new one, a second copy with the same id is told apart.
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('hostname', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    // The newest migration this node's code knows.
    .addColumn('schema_version', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('heartbeat_at', 'text', (c) => c.notNull())
    // Set by a clean stop: the node is gone at once instead of after the liveness window.
    .addColumn('stopped_at', 'text')
    .execute();

  await db.schema
    .createTable('leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder_node_id', 'text', (c) => c.notNull())
    // The fencing token: grows by one each time the lease passes to another holder (or is taken again after a release).
    .addColumn('token', 'integer', (c) => c.notNull())
    .addColumn('acquired_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  // The job runner claims a run by inserting it: one running run per job is the database's rule, not a read that
  // another node could pass at the same moment. Runs a crash left "running" (all but the newest of a job) end first.
  await db
    .updateTable('job_runs')
    .set({ status: 'failed', error: 'abandoned: the process running it stopped' })
    .where('status', '=', 'running')
    .where('id', 'not in', (eb: any) =>
      eb.selectFrom('job_runs').select(eb.fn.max('id').as('id')).where('status', '=', 'running').groupBy('job'),
    )
    .execute();
  await sql`create unique index job_runs_one_running on job_runs (job) where status = 'running'`.execute(db);
  // Which start of a node runs it: once that node stops reporting, its run no longer blocks the node taking over.
  await db.schema.alterTable('job_runs').addColumn('instance_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists job_runs_one_running`.execute(db);
  await db.schema.alterTable('job_runs').dropColumn('instance_id').execute();
  await db.schema.dropTable('leases').ifExists().execute();
  await db.schema.dropTable('cluster_nodes').ifExists().execute();
}
