import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * An engineer's open tickets by the nearest deadline (the built-in "My open" view) read as a range of their own.
 *
 * The view read every open ticket of the engineer from tickets_assignee and sorted them: 3 ms per page for an
 * engineer with 2,300 open tickets on the million-ticket desk (p99 25 ms at four connections). This index hands
 * them over in deadline order, so a page reads its 50 rows and stops. Only assigned tickets are in it: a new
 * ticket, which nobody has taken yet, costs no write here. The queue uses it when the view names one assignee
 * (tickets.repository.ts, listQueue); the status test is this WHERE verbatim, `assignee_id = ?` implies the rest.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index tickets_active_assignee_due on tickets (assignee_id, sla_order, id)
      where status not in ('resolved', 'closed') and assignee_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists tickets_active_assignee_due`.execute(db);
}
