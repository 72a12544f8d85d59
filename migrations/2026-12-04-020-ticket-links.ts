import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * Links between tickets (duplicate of, related, parent of / child of) — one row per link, read from both ends —
 * and saved queue views shared with a team.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ticket_links')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    .addColumn('linked_ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    // Stored in the direction it was made: a `child_of` row reads as `parent_of` from the other ticket.
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('duplicate_of', 'related', 'parent_of', 'child_of')`),
    )
    .addColumn('created_by_agent_id', 'integer', (c) => c.references('agents.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('ticket_links_not_self', sql`ticket_id <> linked_ticket_id`)
    .execute();
  // One link between two tickets, whichever end made it.
  await sql`create unique index ticket_links_pair on ticket_links (min(ticket_id, linked_ticket_id), max(ticket_id, linked_ticket_id))`.execute(
    db,
  );
  await db.schema.createIndex('ticket_links_linked').on('ticket_links').column('linked_ticket_id').execute();

  await db.schema
    .alterTable('saved_views')
    .addColumn('team_id', 'integer', (c) => c.references('teams.id'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('saved_views').dropColumn('team_id').execute();
  await db.schema.dropTable('ticket_links').execute();
}
