import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Ctx, TxCtx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { TicketPriority } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { createContact } from '../organizations/index.js';
import { defaultInboundSettings, mailStore, type InboundSettings } from './inbound-mail.service.js';
import { domainOf, normalizeMessageId } from './mail-classify.js';
import {
  mailActor,
  openMailTicket,
  placeSender,
  writeOutcome,
  type Base,
  type Decision,
  type DecideInput,
  type TicketTerms,
} from './mail-filing.js';
import { prepareMessage } from './mail-prepare.js';
import type { HeaderMap } from './mail-classify.js';
import * as repo from './inbound-mail.repository.js';

/**
 * A web form's submission enters the desk as a message: it is composed into an RFC 822 message by the form
 * module and filed here through the same steps as mail (the raw kept in the mail store, its files, its
 * Message-ID for threading the sender's e-mail replies, the per-sender cap on acknowledgements). A sender the
 * desk cannot place can be held in the same holding list as mail, and the same release actions file it later.
 */

/** `web-form:<key>`: the row's source says it came from a form, so only then are the form's headers trusted. */
export const WEB_FORM_SOURCE = 'web-form:';
export const SERVICE_HEADER = 'x-ondesk-service-id';
export const PRIORITY_HEADER = 'x-ondesk-priority';

export interface WebSubmission {
  /** The form's key: recorded as the source `web-form:<key>`. */
  formKey: string;
  formName: string;
  /** The form's client; null for the desk's own form (placed by the sender's contact or domain). */
  organizationId: number | null;
  /** A desk form's sender whose domain no client owns is held for review instead of filed as unsorted. */
  holdUnknownDomains: boolean;
  serviceId: number | null;
  priority: TicketPriority;
}

export interface WebSubmissionResult {
  outcome: 'ticket' | 'held';
  inboundId: number;
  ticketId: number | null;
  ticketNumber: number | null;
}

const priorities = new Set<string>(['P1', 'P2', 'P3', 'P4']);

/** The ticket terms a stored web-form message carries; null for any other source (mail cannot forge them). */
export function webFormTerms(source: string, headers: HeaderMap): TicketTerms | null {
  if (!source.startsWith(WEB_FORM_SOURCE)) return null;
  const service = Number(headers.get(SERVICE_HEADER)?.[0]);
  const priority = headers.get(PRIORITY_HEADER)?.[0]?.trim() ?? 'P3';
  return {
    channel: 'web_form',
    serviceId: Number.isSafeInteger(service) && service > 0 ? service : null,
    priority: (priorities.has(priority) ? priority : 'P3') as TicketPriority,
  };
}

/**
 * Files one accepted submission: a ticket of the form's client (or wherever the sender belongs), or held.
 * `beforeFiling` runs first in the filing transaction (the form spends the proof-of-work there), so the
 * proof is spent exactly when the submission is filed.
 */
export async function fileWebSubmission(
  ctx: Ctx,
  raw: Buffer,
  submission: WebSubmission,
  beforeFiling: (tx: TxCtx) => Promise<void>,
  settings: InboundSettings = defaultInboundSettings,
): Promise<WebSubmissionResult> {
  ctx = { ...ctx, actor: mailActor() };
  const prepared = await prepareMessage(ctx, raw, settings);
  if (!prepared.ok) throw new AppError(400, 'unreadable_submission', `The form could not be read: ${prepared.reason}`);
  const sha256 = createHash('sha256').update(raw).digest('hex');
  const messageId = normalizeMessageId(/^Message-ID:\s*(<[^<>\r\n]+>)/im.exec(raw.toString('latin1'))?.[1]);
  await mailStore(ctx).put(Readable.from([raw]), Number.MAX_SAFE_INTEGER);
  const base: Base = {
    message_key: messageId ?? `sha256:${sha256}`,
    message_id: messageId,
    source: `${WEB_FORM_SOURCE}${submission.formKey}`,
    received_at: ctx.clock.now().toISOString(),
    raw_sha256: sha256,
    raw_size: raw.length,
  };
  const input: DecideInput = {
    mail: prepared.mail,
    automatic: null,
    settings,
    receivedAt: base.received_at,
    counted: false,
    terms: { channel: 'web_form', serviceId: submission.serviceId, priority: submission.priority },
  };
  return inTransaction(ctx, async (tx) => {
    await beforeFiling(tx);
    const decision = await placeWebSubmission(tx, input, submission);
    const inboundId = await writeOutcome(tx, { insert: base }, prepared.mail, decision, null);
    return {
      outcome: decision.status === 'held' ? 'held' : 'ticket',
      inboundId,
      ticketId: decision.ticketId,
      ticketNumber: decision.ticketId === null ? null : await repo.ticketNumberOf(tx.db, decision.ticketId),
    };
  });
}

/**
 * A form of a client files under that client (the sender becomes its contact); the desk's form places the
 * sender as mail does — by contact, else by domain — and holds an unknown domain when the form says so.
 * Never threads into an existing ticket: nothing proves the sender owns the address typed into a form.
 */
export async function placeWebSubmission(
  tx: TxCtx,
  input: DecideInput,
  submission: Pick<WebSubmission, 'organizationId' | 'holdUnknownDomains'> & { formName: string },
): Promise<Decision> {
  const { sender } = input.mail;
  const address = sender.address;
  if (submission.organizationId !== null) {
    const org = await repo.findOrganizationName(tx.db, submission.organizationId);
    if (!org) throw new AppError(409, 'form_without_client', 'The client of this form no longer exists');
    let contactId: number | null = null;
    let note = `web form "${submission.formName}" of ${org.name}`;
    if (address) {
      const existing = await repo.findContactInOrganization(tx.db, org.id, address);
      contactId =
        existing?.id ??
        (
          await createContact({ ...tx, actor: mailActor() }, org.id, {
            name: sender.name ?? address.split('@')[0]!,
            email: address,
          })
        ).id;
      if (!existing) note += `; new contact ${address}`;
    }
    const ticketId = await openMailTicket(tx, input, { organizationId: org.id, contactId, unsorted: false, note });
    return { status: 'ticket', reason: note, ticketId, commentId: null };
  }
  if (submission.holdUnknownDomains && address) {
    const known = await repo.findContactByEmail(tx.db, address);
    const domain = domainOf(address);
    const owner = known ? undefined : domain ? await repo.findOrganizationByDomain(tx.db, domain) : undefined;
    if (!known && !owner) {
      return {
        status: 'held',
        reason: `web form "${submission.formName}": no client owns the domain ${domain ?? address}; held for review`,
        ticketId: null,
        commentId: null,
      };
    }
  }
  const placement = await placeSender(tx, sender, input.settings);
  const ticketId = await openMailTicket(tx, input, placement);
  return {
    status: 'ticket',
    reason: `web form "${submission.formName}"; ${placement.note ?? 'by the sender'}`,
    ticketId,
    commentId: null,
  };
}
