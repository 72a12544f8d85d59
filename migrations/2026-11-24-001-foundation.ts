import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('agents')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('email', 'text', (c) => c.notNull().unique().modifyEnd(sql`collate nocase`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin','manager','engineer','accountant')`))
    .addColumn('password_hash', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('ru'))
    .addColumn('timezone', 'text')
    .addColumn('phone', 'text')
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_agent').on('sessions').column('agent_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('organizations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('legal_name', 'text')
    .addColumn('tax_id', 'text')
    .addColumn('notes', 'text')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organizations_name').on('organizations').expression(sql`name collate nocase`).execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('ru'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contacts_organization').on('contacts').column('organization_id').execute();
  await db.schema.createIndex('contacts_email').on('contacts').expression(sql`email collate nocase`).execute();

  await db.schema
    .createTable('addresses')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('label', 'text')
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('latitude', 'real')
    .addColumn('longitude', 'real')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('addresses_organization').on('addresses').column('organization_id').execute();

  await db.schema
    .createTable('tickets')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('incident','request','question','change')`))
    .addColumn('priority', 'text', (c) => c.notNull().check(sql`priority in ('P1','P2','P3','P4')`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('new','open','in_progress','waiting_for_client','on_approval','resolved','closed')`),
    )
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('contact_id', 'integer', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('assignee_id', 'integer', (c) => c.references('agents.id').onDelete('set null'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_by_agent_id', 'integer', (c) => c.references('agents.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('closed_at', 'text')
    .execute();
  // The queue filters by one or two of these and pages by id (newest first).
  await db.schema.createIndex('tickets_status').on('tickets').columns(['status', 'id']).execute();
  await db.schema.createIndex('tickets_assignee').on('tickets').columns(['assignee_id', 'status', 'id']).execute();
  await db.schema.createIndex('tickets_organization').on('tickets').columns(['organization_id', 'id']).execute();
  await db.schema.createIndex('tickets_organization_updated').on('tickets').columns(['organization_id', 'updated_at']).execute();
  await db.schema.createIndex('tickets_priority').on('tickets').columns(['priority', 'id']).execute();
  await db.schema.createIndex('tickets_updated').on('tickets').columns(['updated_at']).execute();

  await db.schema
    .createTable('comments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('author_agent_id', 'integer', (c) => c.references('agents.id').onDelete('set null'))
    .addColumn('author_contact_id', 'integer', (c) => c.references('contacts.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('public', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comments_ticket').on('comments').columns(['ticket_id', 'id']).execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('comment_id', 'integer', (c) => c.references('comments.id').onDelete('set null'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('uploaded_by_agent_id', 'integer', (c) => c.references('agents.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_ticket').on('attachments').column('ticket_id').execute();

  await db.schema
    .createTable('ticket_history')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('actor_agent_id', 'integer', (c) => c.references('agents.id').onDelete('set null'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('field', 'text')
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .execute();
  await db.schema.createIndex('ticket_history_ticket').on('ticket_history').columns(['ticket_id', 'id']).execute();

  await db.schema
    .createTable('saved_views')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  // One full-text index over tickets, comments, organizations and contacts. Words in any script,
  // case-folded, diacritics removed (ё = е); prefix indexes make "принтер*" (how the search box queries)
  // find "Принтеры" cheaply. A word index is a fraction of a trigram index's size, so inserts stay fast.
  // rowid = ref_id * 4 + kind code, so each source row owns exactly one index row.
  await sql`create virtual table search_index using fts5(
    kind unindexed, ref_id unindexed, parent_id unindexed, title, body,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
  )`.execute(db);
  const triggers = [
    ['tickets', 0, 'ticket', `new.id`, `'#' || new.number || ' ' || new.subject`, `new.description`],
    ['comments', 1, 'comment', `new.ticket_id`, `''`, `new.body`],
    ['organizations', 2, 'organization', `new.id`, `new.name`, `coalesce(new.legal_name,'') || ' ' || coalesce(new.tax_id,'') || ' ' || coalesce(new.notes,'')`],
    ['contacts', 3, 'contact', `new.organization_id`, `new.name`, `coalesce(new.email,'') || ' ' || coalesce(new.phone,'') || ' ' || coalesce(new.position,'')`],
  ] as const;
  for (const [table, code, kind, parent, title, body] of triggers) {
    const insert = `insert into search_index(rowid, kind, ref_id, parent_id, title, body)
      values (new.id * 4 + ${code}, '${kind}', new.id, ${parent}, ${title}, ${body});`;
    await sql.raw(`create trigger ${table}_search_insert after insert on ${table} begin ${insert} end`).execute(db);
    await sql
      .raw(
        `create trigger ${table}_search_update after update on ${table} begin
           delete from search_index where rowid = old.id * 4 + ${code}; ${insert} end`,
      )
      .execute(db);
    await sql
      .raw(`create trigger ${table}_search_delete after delete on ${table} begin
           delete from search_index where rowid = old.id * 4 + ${code}; end`)
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['tickets', 'comments', 'organizations', 'contacts']) {
    for (const op of ['insert', 'update', 'delete']) await sql.raw(`drop trigger if exists ${table}_search_${op}`).execute(db);
  }
  await sql`drop table if exists search_index`.execute(db);
  for (const table of [
    'settings',
    'saved_views',
    'ticket_history',
    'attachments',
    'comments',
    'tickets',
    'addresses',
    'contacts',
    'organizations',
    'api_tokens',
    'sessions',
    'agents',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
