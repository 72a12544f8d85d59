import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { AppError, badRequest, notFound } from '../../shared/errors.js';
import { AttachmentStore } from '../../shared/content-store.js';
import { authorize } from '../auth/index.js';
import {
  compileCalendar,
  compiledCalendar,
  calendarRecord,
  parseCalendarDocument,
  productionYears,
  utcToLocal,
  type CompiledCalendar,
} from '../calendars/index.js';
import { enqueue } from '../outbox/index.js';
import { renderReportFiles, reportFilters, reportNames, type RenderedFile } from './report-files.js';
import { duePeriod, periodBefore, periodOf, type PeriodRange, type ReportPeriod } from './report-schedule.js';
import * as repo from './report-mailing.repository.js';

export type Recipient =
  { kind: 'agent'; id: number } | { kind: 'contact'; id: number } | { kind: 'agreement_recipients' };
export type ReportFormat = 'pdf' | 'xlsx' | 'csv';

export interface SubscriptionInput {
  name?: string;
  report: string;
  filters?: Record<string, string | number>;
  schedule: { period: ReportPeriod; workingDay?: number; time?: string; calendarId?: number | null };
  format?: ReportFormat | ReportFormat[];
  recipients: Recipient[];
  language?: 'ru' | 'en';
  active?: boolean;
}

/** Reports are files of the clients' data: kept like attachments, by content, durable before a row names them. */
export const reportStore = (ctx: Ctx) => new AttachmentStore(join(ctx.filesDir, 'reports'), ctx.durable);

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const formatsOf = (f: SubscriptionInput['format']): ReportFormat[] =>
  f === undefined ? ['pdf', 'xlsx'] : [...new Set(Array.isArray(f) ? f : [f])];

async function checked(ctx: Ctx, input: SubscriptionInput) {
  const errors: Array<{ path: string; message: string }> = [];
  if (!reportNames.includes(input.report))
    errors.push({ path: 'body.report', message: `must be one of ${reportNames.join(', ')}` });
  const time = input.schedule.time ?? '09:00';
  if (!TIME.test(time)) errors.push({ path: 'body.schedule.time', message: 'must be HH:MM' });
  const workingDay = input.schedule.workingDay ?? 1;
  const formats = formatsOf(input.format);
  if (formats.length === 0) errors.push({ path: 'body.format', message: 'name at least one format' });
  if (input.recipients.length === 0) errors.push({ path: 'body.recipients', message: 'name at least one recipient' });
  const filters = input.filters ?? {};
  const allowed = reportFilters[input.report] ?? [];
  for (const key of Object.keys(filters))
    if (!allowed.includes(key))
      errors.push({ path: `body.filters.${key}`, message: `is not a filter of this report (${allowed.join(', ')})` });
  const agreementId = typeof filters.agreementId === 'number' ? filters.agreementId : null;
  const agreement = agreementId === null ? undefined : await repo.agreementForReports(ctx.db, agreementId);
  if (agreementId !== null && !agreement)
    errors.push({ path: 'body.filters.agreementId', message: 'no such agreement' });
  let organizationId = typeof filters.organizationId === 'number' ? filters.organizationId : null;
  if (agreement && organizationId !== null && agreement.organization_id !== organizationId)
    errors.push({ path: 'body.filters.agreementId', message: 'is not an agreement of the organization' });
  organizationId ??= agreement?.organization_id ?? null;
  if (organizationId !== null && !(await repo.exists(ctx.db, 'organizations', organizationId)))
    errors.push({ path: 'body.filters.organizationId', message: 'no such organization' });
  if (input.recipients.some((r) => r.kind === 'agreement_recipients') && !agreement)
    errors.push({ path: 'body.recipients', message: "an agreement's recipients need filters.agreementId" });
  const contactIds = input.recipients.flatMap((r) => (r.kind === 'contact' ? [r.id] : []));
  const contacts = await repo.contactsByIds(ctx.db, contactIds);
  if (
    contactIds.length &&
    (organizationId === null ||
      contacts.some((c) => c.organization_id !== organizationId) ||
      contacts.length < contactIds.length)
  )
    errors.push({
      path: 'body.recipients',
      message: "contacts receive only their organization's reports: name contacts of the report's client",
    });

  const calendarId = input.schedule.calendarId ?? null;
  if (calendarId !== null && !(await repo.exists(ctx.db, 'calendars', calendarId)))
    errors.push({ path: 'body.schedule.calendarId', message: 'no such calendar' });
  if (errors.length) throw badRequest(errors.map((e) => `${e.path.slice(5)} ${e.message}`).join('; '), { errors });
  return { time, workingDay, formats, filters, organizationId, agreementId, calendarId };
}

export async function createSubscription(ctx: Ctx, input: SubscriptionInput) {
  authorize(ctx.actor, 'report.subscribe');
  const c = await checked(ctx, input);
  const now = ctx.clock.now().toISOString();
  return inTransaction(ctx, (tx) =>
    repo.insertSubscription(tx.db, {
      name: input.name?.trim() || input.report,
      report: input.report,
      filters: JSON.stringify(c.filters),
      organization_id: c.organizationId,
      agreement_id: c.agreementId,
      period: input.schedule.period,
      working_day: c.workingDay,
      send_time: c.time,
      calendar_id: c.calendarId,
      formats: JSON.stringify(c.formats),
      recipients: JSON.stringify(input.recipients),
      language: input.language ?? (ctx.actor.kind === 'agent' && ctx.actor.language.startsWith('en') ? 'en' : 'ru'),
      active: input.active === false ? 0 : 1,
      created_by: ctx.actor.kind === 'agent' ? ctx.actor.id : null,
      created_at: now,
      updated_at: now,
    }),
  );
}

export async function getSubscription(ctx: Ctx, id: number) {
  authorize(ctx.actor, 'report.subscribe');
  const row = await repo.findSubscription(ctx.db, id);
  if (!row) throw notFound(`Report subscription ${id}`);
  return row;
}

export async function listSubscriptions(ctx: Ctx, opts: { organizationId?: number }) {
  authorize(ctx.actor, 'report.subscribe');
  return repo.listSubscriptions(ctx.db, opts);
}

export async function setSubscriptionActive(ctx: Ctx, id: number, active: boolean) {
  await getSubscription(ctx, id);
  return inTransaction(
    ctx,
    async (tx) =>
      (await repo.updateSubscription(tx.db, id, { active: active ? 1 : 0, updated_at: tx.clock.now().toISOString() }))!,
  );
}

export async function deleteSubscription(ctx: Ctx, id: number) {
  await getSubscription(ctx, id);
  await inTransaction(ctx, (tx) => repo.deleteSubscription(tx.db, id));
}

/** The moscow-hours desk calendar for a subscription that names none and covers no agreement. */
const deskCalendarDocument = parseCalendarDocument({
  timezone: 'Europe/Moscow',
  week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '18:00']]])),
  production: 'RU',
});

/** The calendar a subscription's working days and hours follow: its own, its agreement's, else the desk's. */
async function calendarOf(ctx: Ctx, sub: repo.SubscriptionRow): Promise<CompiledCalendar> {
  const agreement = sub.agreement_id === null ? undefined : await repo.agreementForReports(ctx.db, sub.agreement_id);
  const id = sub.calendar_id ?? agreement?.calendar_id ?? null;
  const row = id === null ? undefined : await calendarRecord(ctx.db, id);
  return row ? compiledCalendar(ctx, row) : compileCalendar(deskCalendarDocument, await productionYears(ctx));
}

/** The e-mail addresses of a subscription's recipients now: active agents, and only its own organization's contacts. */
async function addressesOf(ctx: Ctx, sub: repo.SubscriptionRow): Promise<string[]> {
  const recipients = JSON.parse(sub.recipients) as Recipient[];
  const agentIds = recipients.flatMap((r) => (r.kind === 'agent' ? [r.id] : []));
  const contactIds = recipients.flatMap((r) => (r.kind === 'contact' ? [r.id] : []));
  if (recipients.some((r) => r.kind === 'agreement_recipients') && sub.agreement_id !== null) {
    const agreement = await repo.agreementForReports(ctx.db, sub.agreement_id);
    if (agreement) contactIds.push(...(JSON.parse(agreement.recipient_contact_ids) as number[]));
  }
  const agents = (await repo.agentsByIds(ctx.db, agentIds)).filter((a) => a.active === 1).map((a) => a.email);
  const contacts = (await repo.contactsByIds(ctx.db, contactIds))
    .filter((c) => c.organization_id === sub.organization_id && c.email)
    .map((c) => c.email!);
  return [...new Set([...agents, ...contacts].map((e) => e.toLowerCase()))];
}

export interface StoredFile {
  name: string;
  sha256: string;
  size: number;
  contentType: string;
}

async function storeFiles(ctx: Ctx, files: RenderedFile[]): Promise<StoredFile[]> {
  const store = reportStore(ctx);
  const stored: StoredFile[] = [];
  for (const f of files) {
    const { sha256, size } = await store.put(Readable.from([f.bytes]), Number.MAX_SAFE_INTEGER);
    stored.push({ name: f.name, sha256, size, contentType: f.contentType });
  }
  return stored;
}

const mailText = (sub: repo.SubscriptionRow, period: PeriodRange) =>
  sub.language === 'en'
    ? {
        subject: `Report "${sub.name}" for ${period.from} – ${period.to}`,
        body: `Hello,\n\nattached is the report "${sub.name}" for ${period.from} – ${period.to}.\n\n— Ondesk`,
      }
    : {
        subject: `Отчёт «${sub.name}» за ${period.from} – ${period.to}`,
        body: `Здравствуйте!\n\nВо вложении отчёт «${sub.name}» за период ${period.from} – ${period.to}.\n\n— Ondesk`,
      };

/**
 * Renders a period's report, keeps its files and queues the mail — once per (subscription, period): the files
 * are rendered and stored first (idempotent, by content), then one transaction records the delivery, whose
 * unique key refuses a second one, and queues the mail. A crash before that commit renders again next time; after
 * it, the outbox sends. Returns the delivery's id, or null when the period had gone out already.
 */
async function deliver(ctx: Ctx, sub: repo.SubscriptionRow, period: PeriodRange, manual: boolean) {
  return recordDelivery(ctx, sub, period, await renderAndStore(ctx, sub, period), manual);
}

/** The first step of a delivery: the period's files, rendered and kept in the report store (by content). */
export async function renderAndStore(ctx: Ctx, sub: repo.SubscriptionRow, period: PeriodRange) {
  return storeFiles(
    ctx,
    await renderReportFiles(ctx, {
      report: sub.report,
      filters: JSON.parse(sub.filters) as Record<string, string | number>,
      from: period.from,
      to: period.to,
      language: sub.language,
      formats: JSON.parse(sub.formats) as ReportFormat[],
      baseName: `${sub.report}-${period.key}`,
    }),
  );
}

/** The second step: one transaction records the delivery (once per period) and queues its mail. */
async function recordDelivery(
  ctx: Ctx,
  sub: repo.SubscriptionRow,
  period: PeriodRange,
  files: StoredFile[],
  manual: boolean,
) {
  const addresses = await addressesOf(ctx, sub);
  return inTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    const id = await repo.insertDelivery(tx.db, {
      subscription_id: sub.id,
      organization_id: sub.organization_id,
      period_key: period.key,
      period_from: period.from,
      period_to: period.to,
      files: JSON.stringify(files),
      recipients: JSON.stringify(addresses),
      manual: manual ? 1 : 0,
      created_at: now.toISOString(),
    });
    if (id === null) return null;
    await repo.updateSubscription(tx.db, sub.id, { last_period_key: period.key });
    const text = mailText(sub, period);
    for (const address of addresses)
      await enqueue(
        tx.db,
        {
          channel: 'email',
          recipient: address,
          subject: text.subject,
          body: text.body,
          payload: { kind: 'report', deliveryId: id, files },
          dedupeKey: `report:${sub.id}:${period.key}:${address}`,
        },
        now,
      );
    return id;
  });
}

const todayIn = (calendar: CompiledCalendar, at: Date) => utcToLocal(calendar.zone, at.getTime()).date;

/**
 * The `report-mailing` job: every active subscription whose period is due gets it, once. Each subscription
 * is its own unit: one that fails to render is logged and tried again next run, the others go out.
 */
export async function reportMailingJob(ctx: Ctx) {
  let sent = 0;
  let failed = 0;
  for (const sub of await repo.listSubscriptions(ctx.db, { activeOnly: true })) {
    const calendar = await calendarOf(ctx, sub);
    const now = ctx.clock.now();
    const due = duePeriod(
      { period: sub.period, workingDay: sub.working_day, time: sub.send_time },
      calendar,
      todayIn(calendar, now),
      now.getTime(),
      sub.last_period_key,
    );
    if (!due) continue;
    try {
      if ((await deliver(ctx, sub, due, false)) !== null) sent++;
    } catch (err) {
      failed++;
      ctx.log.error({ err, subscriptionId: sub.id, period: due.key }, 'a scheduled report could not be sent');
    }
  }
  return { sent, failed };
}

/** The last full period of a subscription, as of now in its calendar. */
async function lastFullPeriod(ctx: Ctx, sub: repo.SubscriptionRow) {
  const calendar = await calendarOf(ctx, sub);
  return periodBefore(sub.period, periodOf(sub.period, todayIn(calendar, ctx.clock.now())));
}

/** "Send now": the last full period goes out at once, unless it went out already (then 409 names when). */
export async function sendNow(ctx: Ctx, id: number) {
  const sub = await getSubscription(ctx, id);
  const period = await lastFullPeriod(ctx, sub);
  const done = await repo.findDeliveryOf(ctx.db, sub.id, period.key);
  if (done)
    throw new AppError(
      409,
      'already_sent',
      `The report for ${period.from} – ${period.to} went out on ${done.created_at.slice(0, 10)}; it is in the archive`,
      { deliveryId: done.id },
    );
  const deliveryId = await deliver(ctx, sub, period, true);
  if (deliveryId === null) throw new AppError(409, 'already_sent', `The report for ${period.key} has just gone out`);
  return (await repo.findDelivery(ctx.db, deliveryId))!;
}

/** The last full period's report in one format, rendered now and sent nowhere. */
export async function previewReport(ctx: Ctx, id: number, format: ReportFormat) {
  const sub = await getSubscription(ctx, id);
  const period = await lastFullPeriod(ctx, sub);
  const [file] = await renderReportFiles(ctx, {
    report: sub.report,
    filters: JSON.parse(sub.filters) as Record<string, string | number>,
    from: period.from,
    to: period.to,
    language: sub.language,
    formats: [format],
    baseName: `${sub.report}-${period.key}`,
  });
  return file!;
}

export async function listDeliveries(
  ctx: Ctx,
  opts: { organizationId?: number; subscriptionId?: number; cursor?: number; limit: number },
) {
  authorize(ctx.actor, 'report.subscribe');
  const rows = await repo.listDeliveries(ctx.db, {
    ...opts,
    ...(opts.cursor !== undefined && { beforeId: opts.cursor }),
  });
  const items = rows.slice(0, opts.limit);
  return { items, nextCursor: rows.length > opts.limit ? String(items.at(-1)!.id) : null };
}

/** One file of a delivery from the archive. */
export async function deliveryFile(ctx: Ctx, id: number, index: number) {
  authorize(ctx.actor, 'report.subscribe');
  const delivery = await repo.findDelivery(ctx.db, id);
  if (!delivery) throw notFound(`Report delivery ${id}`);
  const file = (JSON.parse(delivery.files) as StoredFile[])[index];
  if (!file) throw notFound(`File ${index} of report delivery ${id}`);
  return { file, ...(await reportStore(ctx).open(file.sha256)) };
}

/**
 * A client's report archive, for the portal: every report mailed about the organization, newest first, the
 * organization a condition of the query. The portal has checked the contact may see reports before.
 */
export async function clientDeliveries(ctx: Ctx, organizationId: number, opts: { cursor?: number; limit: number }) {
  const rows = await repo.listDeliveries(ctx.db, {
    organizationId,
    limit: opts.limit,
    ...(opts.cursor !== undefined && { beforeId: opts.cursor }),
  });
  const items = rows.slice(0, opts.limit);
  return { items, nextCursor: rows.length > opts.limit ? String(items.at(-1)!.id) : null };
}

/** One file of a client's delivery; another client's delivery reads as missing. */
export async function clientDeliveryFile(ctx: Ctx, organizationId: number, id: number, index: number) {
  const delivery = await repo.findClientDelivery(ctx.db, organizationId, id);
  if (!delivery) throw notFound(`Report delivery ${id}`);
  const file = (JSON.parse(delivery.files) as StoredFile[])[index];
  if (!file) throw notFound(`File ${index} of report delivery ${id}`);
  return { file, ...(await reportStore(ctx).open(file.sha256)) };
}
