import { sql, type Kysely } from 'kysely';

// Frozen: a migration never changes once released. Later changes go into a new file.

/**
 * Measured work: timers, worklogs with their history, the activities they name, an agreement's time terms
 * (hour package period, carry-over, over-consumption, rounding, billable default), the package ledger and its
 * periods, and what prices the work: rate cards (most specific wins), multipliers for nights, weekends and
 * holidays, discounts and agents' internal cost rates. Money is integer kopecks; percentages of discounts are
 * basis points (1250 = 12.5 %), multipliers are percents (150 = ×1.5).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('worklog_activities')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name_ru', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  const activities: Array<[string, string]> = [
    ['Консультация', 'Consultation'],
    ['Диагностика', 'Diagnostics'],
    ['Настройка', 'Configuration'],
    ['Разработка', 'Development'],
    ['Выезд к клиенту', 'On-site visit'],
    ['Документация', 'Documentation'],
  ];
  for (const [i, [ru, en]] of activities.entries())
    await sql`insert into worklog_activities (name_ru, name_en, position) values (${ru}, ${en}, ${i})`.execute(db);

  await db.schema
    .createTable('worklogs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id'))
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id'))
    .addColumn('agreement_id', 'integer', (c) => c.references('agreements.id'))
    .addColumn('service_id', 'integer', (c) => c.references('services.id'))
    .addColumn('started_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('work_date', 'text', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull().check(sql`minutes > 0`))
    .addColumn('billed_minutes', 'integer', (c) => c.notNull())
    .addColumn('activity_id', 'integer', (c) => c.references('worklog_activities.id'))
    .addColumn('comment', 'text')
    .addColumn('billable', 'integer', (c) => c.notNull())
    .addColumn('client_visible', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('package_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('overage_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rate_kopecks', 'integer')
    .addColumn('rate_source', 'text')
    .addColumn('multiplier_percent', 'integer', (c) => c.notNull().defaultTo(100))
    .addColumn('discount_bp', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('amount_kopecks', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cost_kopecks', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('exported_at', 'text')
    .addColumn('act_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('worklogs_ticket').on('worklogs').columns(['ticket_id', 'id']).execute();
  await db.schema.createIndex('worklogs_agent_date').on('worklogs').columns(['agent_id', 'work_date']).execute();
  await db.schema.createIndex('worklogs_org_date').on('worklogs').columns(['organization_id', 'work_date']).execute();
  await db.schema
    .createIndex('worklogs_agreement_date')
    .on('worklogs')
    .columns(['agreement_id', 'work_date'])
    .execute();
  await db.schema.createIndex('worklogs_date').on('worklogs').columns(['work_date', 'id']).execute();

  await db.schema
    .createTable('worklog_history')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('worklog_id', 'integer', (c) => c.notNull())
    .addColumn('ticket_id', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .execute();
  await db.schema.createIndex('worklog_history_worklog').on('worklog_history').columns(['worklog_id', 'id']).execute();

  // At most one running timer per agent: the agent is the key. It lives on the server, so a reload or a
  // restart finds it where it was.
  await db.schema
    .createTable('timers')
    .addColumn('agent_id', 'integer', (c) => c.primaryKey().references('agents.id').onDelete('cascade'))
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('agreement_time_terms')
    .addColumn('agreement_id', 'integer', (c) => c.primaryKey().references('agreements.id').onDelete('cascade'))
    .addColumn('package_period', 'text', (c) =>
      c.notNull().defaultTo('month').check(sql`package_period in ('month', 'quarter', 'once')`),
    )
    .addColumn('carry_rule', 'text', (c) =>
      c.notNull().defaultTo('none').check(sql`carry_rule in ('none', 'limited', 'all')`),
    )
    .addColumn('carry_limit_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('overage', 'text', (c) => c.notNull().defaultTo('bill').check(sql`overage in ('refuse', 'bill')`))
    .addColumn('overage_rate_kopecks', 'integer')
    .addColumn('round_quantum_minutes', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('round_rule', 'text', (c) =>
      c.notNull().defaultTo('up').check(sql`round_rule in ('up', 'nearest', 'down')`),
    )
    .addColumn('minimum_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('billable_default', 'integer')
    .addColumn('thresholds', 'text', (c) => c.notNull().defaultTo('[50,80,100]'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('package_periods')
    .addColumn('agreement_id', 'integer', (c) => c.notNull().references('agreements.id').onDelete('cascade'))
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    // The ledger's sums for the period, kept with every movement in the same transaction: logging work reads
    // the balance without summing a month of movements each time.
    .addColumn('granted_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('used_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('balance_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    // The highest threshold already announced for the period: each is told once, and work after it costs nothing.
    .addColumn('notified_threshold', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('package_periods_pk', ['agreement_id', 'period_key'])
    .execute();

  // The balance is the sum of the ledger: editing or deleting a worklog appends a correction, never rewrites.
  await db.schema
    .createTable('package_ledger')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('agreement_id', 'integer', (c) => c.notNull().references('agreements.id').onDelete('cascade'))
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('grant', 'consume', 'carry', 'expire', 'correction')`),
    )
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('worklog_id', 'integer')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('package_ledger_period')
    .on('package_ledger')
    .columns(['agreement_id', 'period_key', 'id'])
    .execute();
  // A period is granted, carried from and expired once, however often the job runs.
  await sql`create unique index package_ledger_once on package_ledger (agreement_id, period_key, kind, note)
            where kind in ('grant', 'carry', 'expire')`.execute(db);
  await db.schema.createIndex('package_ledger_worklog').on('package_ledger').column('worklog_id').execute();

  await db.schema.alterTable('services').addColumn('billable_default', 'integer').execute();

  await db.schema
    .createTable('rate_cards')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('agreement_id', 'integer', (c) => c.references('agreements.id').onDelete('cascade'))
    .addColumn('service_id', 'integer', (c) => c.references('services.id').onDelete('cascade'))
    .addColumn('agent_id', 'integer', (c) => c.references('agents.id').onDelete('cascade'))
    .addColumn('rate_kopecks', 'integer', (c) => c.notNull().check(sql`rate_kopecks >= 0`))
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create unique index rate_cards_scope on rate_cards
            (coalesce(agreement_id, 0), coalesce(service_id, 0), coalesce(agent_id, 0))`.execute(db);

  // One row with agreement_id null is the desk's default; a row per agreement overrides it.
  await db.schema
    .createTable('rate_multipliers')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('agreement_id', 'integer', (c) => c.references('agreements.id').onDelete('cascade'))
    .addColumn('night_percent', 'integer', (c) => c.notNull().defaultTo(100))
    .addColumn('weekend_percent', 'integer', (c) => c.notNull().defaultTo(100))
    .addColumn('holiday_percent', 'integer', (c) => c.notNull().defaultTo(100))
    .addColumn('night_start', 'text', (c) => c.notNull().defaultTo('22:00'))
    .addColumn('night_end', 'text', (c) => c.notNull().defaultTo('08:00'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create unique index rate_multipliers_scope on rate_multipliers (coalesce(agreement_id, 0))`.execute(db);

  await db.schema
    .createTable('discounts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('agreement_id', 'integer', (c) => c.references('agreements.id').onDelete('cascade'))
    .addColumn('organization_id', 'integer', (c) => c.references('organizations.id').onDelete('cascade'))
    .addColumn('percent_bp', 'integer', (c) => c.notNull().check(sql`percent_bp between 0 and 10000`))
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'discounts_one_scope',
      sql`(agreement_id is null) <> (organization_id is null)`,
    )
    .execute();

  await db.schema
    .createTable('agent_cost_rates')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('rate_kopecks', 'integer', (c) => c.notNull().check(sql`rate_kopecks >= 0`))
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('agent_cost_rates_from')
    .on('agent_cost_rates')
    .columns(['agent_id', 'valid_from'])
    .unique()
    .execute();

  // What the package job and the threshold notices announce: new rules admins can change like the others.
  for (const [event, recipient] of [
    ['package.threshold', 'manager'],
    ['package.threshold', 'organization_contacts'],
    ['package.exhausted', 'manager'],
    ['package.exhausted', 'organization_contacts'],
  ])
    await sql`insert into notification_rules (event, channel, recipient, enabled, created_at)
              values (${event}, 'email', ${recipient}, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from notification_rules where event in ('package.threshold', 'package.exhausted')`.execute(db);
  for (const table of [
    'agent_cost_rates',
    'discounts',
    'rate_multipliers',
    'rate_cards',
    'package_ledger',
    'package_periods',
    'agreement_time_terms',
    'timers',
    'worklog_history',
    'worklogs',
    'worklog_activities',
  ])
    await db.schema.dropTable(table).execute();
  await db.schema.alterTable('services').dropColumn('billable_default').execute();
}
