import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * Documents the desk issues: our own legal entities (requisites, signers, stamp and signature images), the
 * gap-free numbers per entity, kind and year, the issued documents with their lines (frozen at issue: SQLite
 * triggers refuse any UPDATE or DELETE, so a correction can only be a new document), what each document billed
 * (so the next invoice or act does not bill it again), deliveries by mail, and the admin-editable templates.
 * Money is integer kopecks (signed on documents: a storno act is negative); VAT rates are integer percents
 * (null: «Без НДС»); quantities are thousandths (1.5 h = 1500).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('legal_entities')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('short_name', 'text', (c) => c.notNull())
    .addColumn('inn', 'text', (c) => c.notNull())
    .addColumn('kpp', 'text')
    .addColumn('ogrn', 'text')
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('bank_name', 'text', (c) => c.notNull())
    .addColumn('bik', 'text', (c) => c.notNull())
    .addColumn('corr_account', 'text', (c) => c.notNull())
    .addColumn('settlement_account', 'text', (c) => c.notNull())
    .addColumn('director_name', 'text', (c) => c.notNull())
    .addColumn('director_position', 'text', (c) => c.notNull())
    .addColumn('accountant_name', 'text')
    .addColumn('accountant_position', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    // PNG images in the content store, addressed by their hash.
    .addColumn('stamp_sha256', 'text')
    .addColumn('director_signature_sha256', 'text')
    .addColumn('accountant_signature_sha256', 'text')
    // 'standard': 22 % for documents dated from 2026-01-01, 20 % before (the VAT rate is the document date's).
    .addColumn('vat_mode', 'text', (c) => c.notNull().defaultTo('standard').check(sql`vat_mode in ('standard', '10', '0', 'none')`))
    .addColumn('prices_include_vat', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // The gap-free sequence: incremented in the same transaction as the document insert, so a rolled-back
  // creation gives its number back and a committed one never shares it.
  await db.schema
    .createTable('document_counters')
    .addColumn('entity_id', 'integer', (c) => c.notNull().references('legal_entities.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('document_counters_pk', ['entity_id', 'kind', 'year'])
    .execute();

  await db.schema
    .createTable('documents')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('invoice', 'act', 'contract', 'reconciliation')`))
    .addColumn('correction', 'text', (c) => c.check(sql`correction in ('storno', 'corrected')`))
    .addColumn('corrects_document_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('entity_id', 'integer', (c) => c.notNull().references('legal_entities.id'))
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('agreement_id', 'integer', (c) => c.references('agreements.id'))
    // An act made from an invoice names it.
    .addColumn('source_document_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('number', 'integer', (c) => c.notNull().check(sql`number > 0`))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('number_text', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('period_from', 'text')
    .addColumn('period_to', 'text')
    .addColumn('net_kopecks', 'integer', (c) => c.notNull())
    .addColumn('vat_kopecks', 'integer', (c) => c.notNull())
    .addColumn('total_kopecks', 'integer', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('ru', 'en')`))
    // The monthly run's month ('YYYY-MM'): one invoice and one act per organization and month, however often it runs.
    .addColumn('billing_month', 'text')
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('documents_number_once', ['entity_id', 'kind', 'year', 'number'])
    .execute();
  await db.schema.createIndex('documents_org_date').on('documents').columns(['organization_id', 'date', 'id']).execute();
  await db.schema.createIndex('documents_date').on('documents').columns(['date', 'id']).execute();
  await db.schema.createIndex('documents_corrects').on('documents').column('corrects_document_id').execute();
  await sql`create unique index documents_month_once on documents (organization_id, kind, billing_month)
            where billing_month is not null`.execute(db);

  await db.schema
    .createTable('document_lines')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('source_kind', 'text', (c) =>
      c.notNull().check(sql`source_kind in ('worklog', 'ticket', 'service', 'package', 'recurring', 'client_cost', 'manual')`),
    )
    .addColumn('source_ids', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity_milli', 'integer', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('unit_price_kopecks', 'integer', (c) => c.notNull())
    .addColumn('discount_kopecks', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('net_kopecks', 'integer', (c) => c.notNull())
    .addColumn('vat_rate', 'integer', (c) => c.check(sql`vat_rate between 0 and 100`))
    .addColumn('vat_kopecks', 'integer', (c) => c.notNull())
    .addColumn('total_kopecks', 'integer', (c) => c.notNull())
    .addUniqueConstraint('document_lines_position', ['document_id', 'position'])
    .execute();

  // Issued documents are never edited: the proof is in the database, whoever writes to it.
  for (const table of ['documents', 'document_lines'])
    for (const op of ['update', 'delete'])
      await sql
        .raw(
          `create trigger ${table}_no_${op} before ${op} on ${table}
           begin select raise(abort, 'issued documents are never changed; issue a correction instead'); end`,
        )
        .execute(db);

  // What a live invoice or act has billed: one mark per kind and item, so the next document skips it. A storno
  // removes its act's marks (the items may be billed again); the document's lines keep their source ids.
  // source_ref: a worklog, recurring charge or client cost id, or '<agreement id>:<period key>' of a package fee.
  await db.schema
    .createTable('document_billing_marks')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('invoice', 'act')`))
    .addColumn('source_kind', 'text', (c) => c.notNull().check(sql`source_kind in ('worklog', 'package', 'recurring', 'client_cost')`))
    .addColumn('source_ref', 'text', (c) => c.notNull())
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addPrimaryKeyConstraint('document_billing_marks_pk', ['kind', 'source_kind', 'source_ref'])
    .execute();
  await db.schema.createIndex('document_billing_marks_document').on('document_billing_marks').column('document_id').execute();

  // Sending a document is not an edit of it: deliveries live in their own rows.
  await db.schema
    .createTable('document_deliveries')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('outbox_id', 'integer')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('document_deliveries_document').on('document_deliveries').columns(['document_id', 'id']).execute();

  await db.schema
    .createTable('document_templates')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('invoice', 'act', 'contract', 'reconciliation')`))
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('ru', 'en')`))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_templates_pk', ['kind', 'language'])
    .execute();

  // The package fee of an agreement, billed once per package period; the entity's VAT mode decides its VAT.
  await db.schema.alterTable('agreement_time_terms').addColumn('package_fee_kopecks', 'integer').execute();
  // A storno finds the worklogs its act covered.
  await db.schema.createIndex('worklogs_act').on('worklogs').column('act_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('worklogs_act').execute();
  await db.schema.alterTable('agreement_time_terms').dropColumn('package_fee_kopecks').execute();
  for (const table of ['documents', 'document_lines'])
    for (const op of ['update', 'delete']) await sql.raw(`drop trigger ${table}_no_${op}`).execute(db);
  for (const table of [
    'document_templates',
    'document_deliveries',
    'document_billing_marks',
    'document_lines',
    'documents',
    'document_counters',
    'legal_entities',
  ])
    await db.schema.dropTable(table).execute();
}
