import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * One priority's open tickets by the nearest deadline (the built-in "P1" view) read as a range of their own.
 *
 * The view walked tickets_active_due (every open ticket in deadline order) and tested the priority in the index:
 * cheap while P1 tickets are spread through the walk, but proportional to the open tickets of other priorities
 * due before the first P1 one. A desk with 450,000 open P2 tickets due earlier than any P1 one took 15 ms per
 * page (p99 103 ms under load). This index answers the view with the page's rows and no others, whatever the
 * mix; assignee and client ride along so those filters are tested in the index too. The queue uses it when the
 * view names exactly one priority (tickets.repository.ts, listQueue); the status test is this WHERE verbatim.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index tickets_active_priority_due on tickets (priority, sla_order, id, assignee_id, organization_id)
      where status not in ('resolved', 'closed')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists tickets_active_priority_due`.execute(db);
}
