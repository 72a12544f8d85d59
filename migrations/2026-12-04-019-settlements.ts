import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * Money received and what it is owed for: payments (entered by hand or imported from the bank's 1C exchange
 * file), each statement imported, who matched a payment to which client and invoice (a payment is a fact:
 * only its matching changes, and every change leaves a row), and each engineer's pay formula.
 * Money is integer kopecks; percents of revenue are basis points (1000 = 10 %).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bank_imports')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    // Documents in the file, and what became of them.
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('imported', 'integer', (c) => c.notNull())
    .addColumn('matched', 'integer', (c) => c.notNull())
    .addColumn('unmatched', 'integer', (c) => c.notNull())
    .addColumn('skipped', 'integer', (c) => c.notNull())
    .addColumn('duplicates', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('payments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('organization_id', 'integer', (c) => c.references('organizations.id'))
    .addColumn('entity_id', 'integer', (c) => c.references('legal_entities.id'))
    .addColumn('invoice_document_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('amount_kopecks', 'integer', (c) => c.notNull().check(sql`amount_kopecks > 0`))
    .addColumn('payer_name', 'text')
    .addColumn('payer_inn', 'text')
    .addColumn('payer_account', 'text')
    .addColumn('purpose', 'text')
    .addColumn('payment_number', 'text')
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('manual', 'import')`))
    .addColumn('import_id', 'integer', (c) => c.references('bank_imports.id'))
    // The same bank payment in two statements (overlapping periods) is one payment: the key is its identity.
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    // How the client (and invoice) were found: 'invoice' (number + INN), 'inn', 'manual', or null (not yet).
    .addColumn('matched_by', 'text', (c) => c.check(sql`matched_by in ('invoice', 'inn', 'manual')`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payments_org_date').on('payments').columns(['organization_id', 'date', 'id']).execute();
  await db.schema.createIndex('payments_date').on('payments').columns(['date', 'id']).execute();
  await db.schema.createIndex('payments_invoice').on('payments').column('invoice_document_id').execute();
  // The list a person works through: payments no client was found for.
  await sql`create index payments_unmatched on payments (date, id) where organization_id is null`.execute(db);

  await db.schema
    .createTable('payment_history')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('payment_id', 'integer', (c) => c.notNull().references('payments.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('from_organization_id', 'integer')
    .addColumn('from_invoice_document_id', 'integer')
    .addColumn('to_organization_id', 'integer')
    .addColumn('to_invoice_document_id', 'integer')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('payment_history_payment').on('payment_history').columns(['payment_id', 'id']).execute();

  await db.schema
    .createTable('salary_formulas')
    .addColumn('agent_id', 'integer', (c) => c.primaryKey().references('agents.id'))
    .addColumn('fixed_kopecks', 'integer', (c) => c.notNull().defaultTo(0).check(sql`fixed_kopecks >= 0`))
    .addColumn('per_billable_hour_kopecks', 'integer', (c) =>
      c.notNull().defaultTo(0).check(sql`per_billable_hour_kopecks >= 0`),
    )
    .addColumn('revenue_percent_bp', 'integer', (c) =>
      c.notNull().defaultTo(0).check(sql`revenue_percent_bp between 0 and 10000`),
    )
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['salary_formulas', 'payment_history', 'payments', 'bank_imports'])
    await db.schema.dropTable(table).execute();
}
