import type { CompiledCalendar } from '../calendars/index.js';
import type { TxCtx } from '../../context.js';
import { PeopleCache } from '../notifications/index.js';
import { notifySystemEvent, queueNotice, type Notice } from '../notifications/index.js';
import type { Language } from '../notifications/index.js';
import { enqueue } from '../outbox/index.js';
import { enqueueSms } from '../sms/index.js';
import { publish } from '../../events/event-bus.js';
import type { SlaSnapshot } from './sla-clock.js';
import { formatDue, slaDigest, slaKindName, type SlaEvent } from './sla-mail.js';
import * as repo from './sla.repository.js';

/** What happens when a ticket enters warning or breach: its history says so and the people who own it hear. */

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export interface EventContext {
  calendar: CompiledCalendar;
  managerId: number | null;
  people?: PeopleCache;
  /** The caller stored sla_warned_at with the state already (the sweep's single update). */
  warnedStored?: boolean;
  /** The sweep collects notices and sends them per recipient (a digest when there are many). */
  mailbag?: Mailbag;
  /** Read with the ticket by the sweep; looked up otherwise. */
  facts?: NoticeFacts;
}

type NoticeFacts = { organization_name: string; assignee_name: string | null };

/** Up to this many SLA notices for one person and channel in one sweep go one by one; more arrive as one digest. */
const DIGEST_FROM = 6;

interface BaggedNotice extends Notice {
  sla: { event: SlaEvent; ticket: { number: number; subject: string }; due: number | null; zone: string };
}

/**
 * Notices of one sweep batch, grouped by person and channel: nobody gets a thousand e-mails (or SMS) when a
 * thousand tickets breach together (a mail server outage, a long weekend) — they get a digest listing them.
 */
export class Mailbag {
  private byRecipient = new Map<string, BaggedNotice[]>();

  add(n: BaggedNotice) {
    const key = `${n.channel}|${n.person.kind}|${n.person.id}`;
    const list = this.byRecipient.get(key) ?? [];
    list.push(n);
    this.byRecipient.set(key, list);
  }

  async flush(tx: TxCtx, now: Date, batchKey: string) {
    for (const notices of this.byRecipient.values()) {
      if (notices.length < DIGEST_FROM) {
        for (const n of notices) await queueNotice(tx, n, now);
        continue;
      }
      const { person, channel } = notices[0]!;
      const digest = slaDigest(
        person.language,
        notices.map((n) => n.sla),
      );
      const key = `sla-digest:${batchKey}:${person.id}`;
      if (channel === 'sms')
        await enqueueSms(
          tx.db,
          {
            phone: person.phone!,
            text: digest.subject,
            event: 'sla.digest',
            agentId: person.id,
            dedupeKey: `sms:${key}`,
          },
          now,
        );
      else
        await enqueue(
          tx.db,
          { channel: 'email', recipient: person.email!, subject: digest.subject, body: digest.body, dedupeKey: key },
          now,
        );
    }
    this.byRecipient.clear();
  }
}

/**
 * Warning and breach events: a history entry, and notices through the notification rules (by default the
 * assignee and the agreement's manager). A breach under an agreement without a manager goes to the desk's
 * managers; an event no rule delivers to anybody still reaches them.
 */
export async function emitEvents(
  tx: TxCtx,
  before: repo.TicketSlaRow,
  snap: SlaSnapshot,
  ectx: EventContext,
): Promise<{ warnings: number; breaches: number }> {
  const events: Array<{ event: SlaEvent; due: number | null }> = [];
  const now = tx.clock.now();
  if (snap.state === 'warning' && before.sla_state !== 'warning' && before.sla_warned_at === null)
    events.push({ event: 'warning', due: snap.pendingDue });
  if (snap.reactionBreachedAt !== null && before.reaction_breached_at === null)
    events.push({ event: 'reaction-breached', due: snap.reactionBreachedAt });
  if (snap.resolutionBreachedAt !== null && before.resolution_breached_at === null)
    events.push({ event: 'resolution-breached', due: snap.resolutionBreachedAt });
  if (events.length === 0) return { warnings: 0, breaches: 0 };
  if (!ectx.warnedStored && events.some((e) => e.event === 'warning'))
    await repo.updateSla(tx.db, before.id, { sla_warned_at: now.toISOString() });
  const people = ectx.people ?? new PeopleCache();
  const facts = ectx.facts ?? (await repo.noticeFacts(tx.db, before.id));
  const zone = ectx.calendar.zone;
  const ticket = { id: before.id, number: before.number, subject: before.subject };
  for (const { event, due } of events) {
    // The ticket's history records it (server/wiring.ts), and webhooks and reports read it later.
    if (event === 'warning')
      await publish(tx, 'sla.warning', { ticketId: before.id, number: before.number, due: iso(due) });
    else
      await publish(tx, 'sla.breached', {
        ticketId: before.id,
        number: before.number,
        kind: event === 'reaction-breached' ? 'reaction' : 'resolution',
        due: iso(due),
      });
    const breach = event !== 'warning';
    const values = (language: Language) => ({
      'ticket.number': String(before.number),
      'ticket.subject': before.subject,
      'ticket.priority': before.priority,
      'organization.name': facts?.organization_name ?? '',
      'assignee.name': facts?.assignee_name ?? (language === 'ru' ? 'не назначен' : 'unassigned'),
      'sla.kind': slaKindName(
        language,
        event === 'resolution-breached' || (event === 'warning' && before.first_response_at !== null)
          ? 'resolution'
          : 'reaction',
      ),
      'sla.due': formatDue(language, due, zone),
    });
    await notifySystemEvent(tx, {
      event: breach ? 'sla.breach' : 'sla.warning',
      who: {
        assigneeId: before.assignee_id,
        teamId: before.team_id,
        managerId: ectx.managerId,
        managersWhenNoManager: breach,
        contactsAllowed: false,
      },
      values,
      dedupeKey: (person) =>
        `sla:${before.id}:${event}:${due}:${person.kind === 'agent' ? '' : 'contact-'}${person.id}`,
      people,
      fallback: () => people.withRole(tx.db, 'manager'),
      ...(ectx.mailbag && { sink: (n: Notice) => ectx.mailbag!.add({ ...n, sla: { event, ticket, due, zone } }) }),
    });
  }
  return {
    warnings: events.filter((e) => e.event === 'warning').length,
    breaches: events.filter((e) => e.event !== 'warning').length,
  };
}
