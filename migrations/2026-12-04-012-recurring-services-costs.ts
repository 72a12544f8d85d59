import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * Recurring services of a client (domains, certificates, hosting, DNS, licences …) with what they cost us
 * and what the client pays, billed every N months from an anchor date and watched for expiry; the charges
 * the daily job records for each billing date (invoiced later by documents); and purchases made for a client.
 * Money is integer kopecks; VAT rates are integer percents (null: no VAT).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('recurring_services')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('domain', 'certificate', 'hosting', 'dns', 'license', 'other')`),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('vendor', 'text')
    .addColumn('cost_kopecks', 'integer', (c) => c.notNull().defaultTo(0).check(sql`cost_kopecks >= 0`))
    .addColumn('price_kopecks', 'integer', (c) => c.notNull().defaultTo(0).check(sql`price_kopecks >= 0`))
    .addColumn('vat_rate', 'integer', (c) => c.check(sql`vat_rate between 0 and 100`))
    .addColumn('billing_every_months', 'integer', (c) =>
      c.notNull().check(sql`billing_every_months between 1 and 120`),
    )
    // The schedule is counted from this date, not from the previous (possibly month-end clamped) one.
    .addColumn('billing_anchor_date', 'text', (c) => c.notNull())
    .addColumn('next_billing_date', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text')
    .addColumn('host', 'text')
    .addColumn('live_check', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notify_contact_id', 'integer', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('manager_id', 'integer', (c) => c.references('agents.id').onDelete('set null'))
    .addColumn('notes', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_check_at', 'text')
    .addColumn('last_check_result', 'text')
    .addColumn('last_check_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('recurring_services_org')
    .on('recurring_services')
    .columns(['organization_id', 'name', 'id'])
    .execute();
  await db.schema.createIndex('recurring_services_expiry').on('recurring_services').columns(['expires_on', 'id']).execute();
  await db.schema
    .createIndex('recurring_services_billing')
    .on('recurring_services')
    .columns(['active', 'next_billing_date'])
    .execute();

  // One charge per item and billing date: the job may run any number of times after any downtime.
  await db.schema
    .createTable('recurring_charges')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('recurring_service_id', 'integer', (c) => c.notNull().references('recurring_services.id'))
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('billing_date', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('amount_kopecks', 'integer', (c) => c.notNull())
    .addColumn('vat_rate', 'integer')
    .addColumn('cost_kopecks', 'integer', (c) => c.notNull())
    .addColumn('invoiced_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('recurring_charges_once', ['recurring_service_id', 'billing_date'])
    .execute();
  await db.schema
    .createIndex('recurring_charges_org_date')
    .on('recurring_charges')
    .columns(['organization_id', 'billing_date', 'id'])
    .execute();
  await db.schema.createIndex('recurring_charges_date').on('recurring_charges').columns(['billing_date', 'id']).execute();

  await db.schema
    .createTable('client_costs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('cost_date', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('vendor', 'text')
    .addColumn('amount_kopecks', 'integer', (c) => c.notNull().check(sql`amount_kopecks >= 0`))
    .addColumn('vat_rate', 'integer', (c) => c.check(sql`vat_rate between 0 and 100`))
    .addColumn('vat_kopecks', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rebill', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('invoiced_at', 'text')
    .addColumn('agreement_id', 'integer', (c) => c.references('agreements.id').onDelete('set null'))
    .addColumn('ticket_id', 'integer', (c) => c.references('tickets.id').onDelete('set null'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('client_costs_org_date').on('client_costs').columns(['organization_id', 'cost_date', 'id']).execute();
  await db.schema.createIndex('client_costs_date').on('client_costs').columns(['cost_date', 'id']).execute();

  // Expiry reminders go to the item's manager and the client's billing contact, as rules admins can change.
  for (const recipient of ['manager', 'organization_contacts'])
    await sql`insert into notification_rules (event, channel, recipient, enabled, created_at)
              values ('recurring.expiring', 'email', ${recipient}, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from notification_rules where event = 'recurring.expiring'`.execute(db);
  for (const table of ['client_costs', 'recurring_charges', 'recurring_services']) await db.schema.dropTable(table).execute();
}
