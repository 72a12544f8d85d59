import type { TxCtx } from '../../context.js';
import type { NotificationChannel } from '../../db/schema.js';
import { enqueue } from '../outbox/index.js';
import { enqueueSms } from '../sms/index.js';
import type { PeopleCache } from './recipients.js';
import { resolveRecipients, type Concerned, type Person } from './recipients.js';
import { templateFor } from './template-store.js';
import { languageOf, renderText, type Language, type SystemEvent, type TemplateValues } from './templates.js';

/** One message for one person, ready for the outbox; rendered only when it goes out on its own. */
export interface Notice {
  event: SystemEvent;
  channel: NotificationChannel;
  person: Person;
  /** A job gathering a digest never renders the notices it sums up. */
  render(): Promise<{ subject: string; body: string }>;
  dedupeKey: string;
  payload?: unknown;
}

/** Takes rendered notices instead of queueing them: a job that gathers a whole run (digests). */
export type NoticeSink = (notice: Notice) => void;

export interface SystemNoticeSpec {
  event: SystemEvent;
  who: Concerned;
  /** The event's template values for a person, in the person's language. */
  values: (language: Language, person: Person) => TemplateValues;
  /** Unique per occurrence and person, so a job run twice sends nothing twice. SMS keys get an `sms:` prefix. */
  dedupeKey: (person: Person) => string;
  payload?: unknown;
  people?: PeopleCache;
  sink?: NoticeSink;
  /** When no rule reaches anybody at all: the people who hear it anyway (a breach never goes unheard). */
  fallback?: () => Promise<Person[]>;
}

/**
 * Fans an event that no person caused (SLA sweep, agreement and license jobs) out through the admin's rules,
 * each agent's mutes and the event's template, on e-mail and SMS. Returns how many messages were newly queued
 * (or handed to the sink).
 */
export async function notifySystemEvent(tx: TxCtx, spec: SystemNoticeSpec): Promise<number> {
  const recipients = await resolveRecipients(tx, spec.event, spec.who, spec.people);
  if (recipients.email.length === 0 && recipients.sms.length === 0 && spec.fallback)
    recipients.email = (await spec.fallback()).filter((p) => p.email);
  const now = tx.clock.now();
  let queued = 0;
  for (const channel of ['email', 'sms'] as const) {
    for (const person of recipients[channel]) {
      const key = spec.dedupeKey(person);
      const render = async () => {
        const language = languageOf(person.language);
        const template = await templateFor(tx, spec.event, language);
        const mail = renderText(template, { ...spec.values(language, person), 'recipient.name': person.name });
        return { subject: mail.subject, body: channel === 'sms' ? mail.subject : mail.text };
      };
      const notice: Notice = {
        event: spec.event,
        channel,
        person,
        render,
        dedupeKey: channel === 'sms' ? `sms:${key}` : key,
        payload: spec.payload,
      };
      if (spec.sink) {
        spec.sink(notice);
        queued++;
      } else if (await queueNotice(tx, notice, now)) queued++;
    }
  }
  return queued;
}

/** Puts one rendered notice into the outbox; false when the same key was queued before. */
export async function queueNotice(tx: TxCtx, n: Notice, now: Date): Promise<boolean> {
  const { subject, body } = await n.render();
  if (n.channel === 'sms') {
    return enqueueSms(
      tx.db,
      {
        phone: n.person.phone!,
        text: body,
        event: n.event,
        agentId: n.person.kind === 'agent' ? n.person.id : null,
        dedupeKey: n.dedupeKey,
      },
      now,
    );
  }
  return enqueue(
    tx.db,
    {
      channel: 'email',
      recipient: n.person.email!,
      subject,
      body,
      ...(n.payload !== undefined && { payload: n.payload }),
      dedupeKey: n.dedupeKey,
    },
    now,
  );
}
