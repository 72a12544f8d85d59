import type { CompiledCalendar } from '../calendars/business-time.js';
import type { TxCtx } from '../../context.js';
import { enqueue } from '../outbox/outbox.repository.js';
import { insertHistory } from '../tickets/tickets.repository.js';
import type { SlaSnapshot } from './sla-clock.js';
import { slaDigest, slaMail, type SlaEvent } from './sla-mail.js';
import * as repo from './sla.repository.js';

/** What happens when a ticket enters warning or breach: its history says so and the people who own it hear. */

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Agents looked up once per sweep, not once per ticket. */
export class PeopleCache {
  private agents = new Map<number, Awaited<ReturnType<typeof repo.agentContacts>>[number] | null>();
  private managers: Awaited<ReturnType<typeof repo.activeManagers>> | null = null;

  async agentsById(db: TxCtx['db'], ids: number[]) {
    const missing = ids.filter((id) => !this.agents.has(id));
    if (missing.length) {
      const found = await repo.agentContacts(db, missing);
      for (const id of missing) this.agents.set(id, found.find((a) => a.id === id) ?? null);
    }
    return ids.map((id) => this.agents.get(id)).filter((a): a is NonNullable<typeof a> => Boolean(a));
  }

  async activeManagers(db: TxCtx['db']) {
    this.managers ??= await repo.activeManagers(db);
    return this.managers;
  }
}

export interface EventContext {
  calendar: CompiledCalendar;
  managerId: number | null;
  people?: PeopleCache;
  /** The caller stored sla_warned_at with the state already (the sweep's single update). */
  warnedStored?: boolean;
  /** The sweep collects notices and sends them per recipient (a digest when there are many). */
  mailbag?: Mailbag;
}

interface SlaNotice {
  recipient: { id: number; email: string; language: string };
  event: SlaEvent;
  ticket: { id: number; number: number; subject: string };
  due: number | null;
  zone: string;
}

async function sendNotice(tx: TxCtx, n: SlaNotice, now: Date) {
  const mail = slaMail(n.recipient.language, n.event, n.ticket, n.due, n.zone);
  await enqueue(tx.db, { channel: 'email', recipient: n.recipient.email, subject: mail.subject, body: mail.body, dedupeKey: `sla:${n.ticket.id}:${n.event}:${n.due}:${n.recipient.id}` }, now);
}

/** Up to this many SLA notices for one person in one sweep go one by one; more arrive as one digest. */
const DIGEST_FROM = 6;

/**
 * Notices of one sweep batch, grouped by person: nobody gets a thousand e-mails when a thousand tickets
 * breach together (a mail server outage, a long weekend) — they get a digest listing them.
 */
export class Mailbag {
  private byRecipient = new Map<number, SlaNotice[]>();

  add(n: SlaNotice) {
    const list = this.byRecipient.get(n.recipient.id) ?? [];
    list.push(n);
    this.byRecipient.set(n.recipient.id, list);
  }

  async flush(tx: TxCtx, now: Date, batchKey: string) {
    for (const [recipientId, notices] of this.byRecipient) {
      if (notices.length < DIGEST_FROM) {
        for (const n of notices) await sendNotice(tx, n, now);
        continue;
      }
      const first = notices[0]!;
      const mail = slaDigest(first.recipient.language, notices.map((n) => ({ event: n.event, ticket: n.ticket, due: n.due, zone: n.zone })));
      await enqueue(tx.db, { channel: 'email', recipient: first.recipient.email, subject: mail.subject, body: mail.body, dedupeKey: `sla-digest:${batchKey}:${recipientId}` }, now);
    }
    this.byRecipient.clear();
  }
}

/** Warning and breach events: a history entry and e-mails to the assignee and the agreement's manager. */
export async function emitEvents(tx: TxCtx, before: repo.TicketSlaRow, snap: SlaSnapshot, ectx: EventContext): Promise<{ warnings: number; breaches: number }> {
  const events: Array<{ event: SlaEvent; due: number | null }> = [];
  const now = tx.clock.now();
  if (snap.state === 'warning' && before.sla_state !== 'warning' && before.sla_warned_at === null) events.push({ event: 'warning', due: snap.pendingDue });
  if (snap.reactionBreachedAt !== null && before.reaction_breached_at === null) events.push({ event: 'reaction-breached', due: snap.reactionBreachedAt });
  if (snap.resolutionBreachedAt !== null && before.resolution_breached_at === null) events.push({ event: 'resolution-breached', due: snap.resolutionBreachedAt });
  if (events.length === 0) return { warnings: 0, breaches: 0 };
  if (!ectx.warnedStored && events.some((e) => e.event === 'warning')) await repo.updateSla(tx.db, before.id, { sla_warned_at: now.toISOString() });
  const people = ectx.people ?? new PeopleCache();
  const owners = [...new Set([before.assignee_id, ectx.managerId].filter((id): id is number => id !== null))];
  let recipients = await people.agentsById(tx.db, owners);
  // Nobody owns it, or a breach under an agreement without a manager: escalate to the desk's managers.
  if (recipients.length === 0 || (events.some((e) => e.event !== 'warning') && ectx.managerId === null)) {
    const managers = await people.activeManagers(tx.db);
    recipients = [...recipients, ...managers.filter((m) => !recipients.some((r) => r.id === m.id))];
  }
  for (const { event, due } of events) {
    await insertHistory(tx.db, [{ ticket_id: before.id, actor_agent_id: null, at: now.toISOString(), action: `sla_${event.replace('-', '_')}`, field: null, old_value: null, new_value: iso(due) }]);
    for (const r of recipients) {
      const notice: SlaNotice = { recipient: r, event, ticket: { id: before.id, number: before.number, subject: before.subject }, due, zone: ectx.calendar.zone };
      if (ectx.mailbag) ectx.mailbag.add(notice);
      else await sendNotice(tx, notice, now);
    }
  }
  return { warnings: events.filter((e) => e.event === 'warning').length, breaches: events.filter((e) => e.event !== 'warning').length };
}
