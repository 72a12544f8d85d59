import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * Escalation chains of 24x7 and premium tickets: a policy per agreement tier (steps with delays, repeated up to
 * a number of rounds), the chain frozen on a ticket when it starts (a later change of the policy never moves a
 * running chain), and every page sent to an engineer (the pay report counts them).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('escalation_policies')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('tier', 'text', (c) => c.notNull().unique().check(sql`tier in ('8x5', '24x7', 'premium', 'custom')`))
    // [{ target: 'line:<position>' | 'duty_manager' | 'agent:<id>', delayMinutes }]
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('repeat_count', 'integer', (c) => c.notNull().defaultTo(1).check(sql`repeat_count between 1 and 10`))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('agents.id'))
    .execute();

  await db.schema
    .createTable('ticket_escalations')
    .addColumn('ticket_id', 'integer', (c) => c.primaryKey().references('tickets.id').onDelete('cascade'))
    // The policy as it was when the chain started: { tier, steps, repeatCount }.
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    // The next step to page and its round; `next_at` (epoch ms) is null once the chain stopped.
    .addColumn('step', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('round', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_at', 'integer')
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'integer', (c) => c.references('agents.id'))
    .addColumn('stopped_reason', 'text', (c) =>
      c.check(sql`stopped_reason is null or stopped_reason in ('acknowledged', 'exhausted', 'resolved')`),
    )
    .execute();
  // The minute job reads only running chains that are due.
  await sql`create index ticket_escalations_due on ticket_escalations (next_at) where next_at is not null`.execute(db);

  await db.schema
    .createTable('duty_pages')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('sms', 'email')`))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .execute();
  await db.schema.createIndex('duty_pages_ticket').on('duty_pages').column('ticket_id').execute();
  // The pay report counts an engineer's pages by month.
  await db.schema.createIndex('duty_pages_agent_at').on('duty_pages').columns(['agent_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('duty_pages').execute();
  await db.schema.dropTable('ticket_escalations').execute();
  await db.schema.dropTable('escalation_policies').execute();
}
