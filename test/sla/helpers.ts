import type { Installation } from '../../server/installation.js';
import type { AgreementTier, TicketPriority, TicketType } from '../../server/db/schema.js';
import { createCalendar } from '../../server/modules/calendars/calendars.service.js';
import { slaTermsChanged } from '../../server/modules/sla/terms-cache.js';

/** An agreement written straight to its tables: SLA tests do not depend on the agreements service's rules. */
export async function agreementFixture(
  inst: Installation,
  opts: {
    organizationId: number;
    calendarId: number;
    tier?: AgreementTier;
    status?: 'active' | 'planned' | 'expired';
    serviceIds?: number[];
    targets: Array<{ priority: TicketPriority; type?: TicketType; reaction: number; resolution: number | null }>;
    managerId?: number | null;
    warningPercent?: number;
    number?: string;
    start?: string;
  },
) {
  const db = inst.database.db;
  const now = new Date().toISOString();
  const row = await db
    .insertInto('agreements')
    .values({
      organization_id: opts.organizationId,
      number: opts.number ?? `A-${Math.random().toString(36).slice(2, 8)}`,
      title: 'Support',
      kind: 'commercial',
      tier: opts.tier ?? '8x5',
      calendar_id: opts.calendarId,
      start_date: opts.start ?? '2026-01-01',
      end_date: '2027-12-31',
      status: opts.status ?? 'active',
      manager_id: opts.managerId ?? null,
      warning_percent: opts.warningPercent ?? 80,
      hours_package: null,
      hour_rate: null,
      notes: null,
      renewed_from_id: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const serviceId of opts.serviceIds ?? [])
    await db.insertInto('agreement_services').values({ agreement_id: row.id, service_id: serviceId }).execute();
  for (const t of opts.targets) {
    await db
      .insertInto('sla_targets')
      .values({
        agreement_id: row.id,
        priority: t.priority,
        type: t.type ?? null,
        reaction_minutes: t.reaction,
        resolution_minutes: t.resolution,
      })
      .execute();
  }
  slaTermsChanged(inst.ctx()); // written past the services, so their hooks did not say so
  return row.id;
}

export async function serviceFixture(inst: Installation, name: string) {
  const now = new Date().toISOString();
  return (
    await inst.database.db
      .insertInto('services')
      .values({ name, description: null, category: null, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

const weekdays = (intervals: [string, string][]) => ({
  mon: intervals,
  tue: intervals,
  wed: intervals,
  thu: intervals,
  fri: intervals,
  sat: [],
  sun: [],
});

export async function moscow8x5(inst: Installation) {
  return (
    await createCalendar(inst.ctx(), {
      name: 'Moscow 8x5',
      timezone: 'Europe/Moscow',
      week: weekdays([['10:00', '19:00']]),
      production: 'RU',
    })
  ).id;
}

export async function allDay(inst: Installation) {
  const day: [string, string][] = [['00:00', '24:00']];
  return (
    await createCalendar(inst.ctx(), {
      name: '24x7',
      timezone: 'Europe/Moscow',
      week: { ...weekdays(day), sat: day, sun: day },
    })
  ).id;
}
