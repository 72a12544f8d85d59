import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * Support lines, warranty agreements and the on-call pay report (issue 18).
 *
 * - `support_lines`: the desk's lines in order (L1 → L2 → development); escalation moves a ticket one line up,
 *   into the next line's team queue. `tickets.support_line` is the position the ticket is on (null: the first).
 * - `tickets.external_issue_*`: a ticket escalated to development may be tracked in an external tracker; its
 *   address and state are kept here, updated by the tracker through the API.
 * - `tickets.agreement_reason`: why the ticket got its agreement (inside a product's warranty, after it, …),
 *   so the ticket says it instead of leaving the agent to guess.
 * - `agreements.product_service_id`, `product_version`, `warranty_start`, `warranty_months`: a warranty
 *   agreement covers one product (a service of the catalogue) and version from its delivery for N months.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('support_lines')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('position', 'integer', (c) => c.notNull().unique().check(sql`position >= 1`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('team_id', 'integer', (c) => c.references('teams.id'))
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('support').check(sql`kind in ('support', 'development')`))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('tickets').addColumn('support_line', 'integer').execute();
  await db.schema.alterTable('tickets').addColumn('external_issue_url', 'text').execute();
  await db.schema.alterTable('tickets').addColumn('external_issue_state', 'text').execute();
  await db.schema.alterTable('tickets').addColumn('external_issue_updated_at', 'text').execute();
  await db.schema.alterTable('tickets').addColumn('agreement_reason', 'text').execute();

  await db.schema
    .alterTable('agreements')
    .addColumn('product_service_id', 'integer', (c) => c.references('services.id'))
    .execute();
  await db.schema.alterTable('agreements').addColumn('product_version', 'text').execute();
  await db.schema.alterTable('agreements').addColumn('warranty_start', 'text').execute();
  await db.schema.alterTable('agreements').addColumn('warranty_months', 'integer').execute();
  // A new ticket on a product looks up the client's warranties of that product.
  await db.schema
    .createIndex('agreements_warranty_product')
    .on('agreements')
    .columns(['organization_id', 'product_service_id'])
    .where(sql.ref('product_service_id'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('agreements_warranty_product').execute();
  for (const column of ['warranty_months', 'warranty_start', 'product_version', 'product_service_id'])
    await db.schema.alterTable('agreements').dropColumn(column).execute();
  for (const column of [
    'agreement_reason',
    'external_issue_updated_at',
    'external_issue_state',
    'external_issue_url',
    'support_line',
  ])
    await db.schema.alterTable('tickets').dropColumn(column).execute();
  await db.schema.dropTable('support_lines').execute();
}
