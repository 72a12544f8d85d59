import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import type { PortalVisibility, TicketPriority, TicketStatus, TicketType } from '../../db/schema.js';
import { AppError, conflict, notFound } from '../../shared/errors.js';
import { decodeCursor, encodeCursor } from '../../shared/pagination.js';
import { AttachmentStore, recordStoredAttachment, safeFileName } from '../attachments/index.js';
import { daysBetween } from '../agreements/index.js';
import { indexBeforeSearch } from '../search/index.js';
import { addComment, attributeComment, createTicket, updateTicket } from '../tickets/index.js';
import { agreementReason, mostRelevant, noAgreementReason, type PortalLanguage } from './agreement-reason.js';
import { finishedStatuses, ticketActions, ticketScope, unfinishedStatuses, type TicketScope } from './portal.policy.js';
import * as repo from './portal.repository.js';

export interface PortalMe {
  contact: repo.PortalContactRow;
  scope: TicketScope;
  visibility: PortalVisibility;
  reopenDays: number;
  language: PortalLanguage;
}

const unauthenticated = () => new AppError(401, 'unauthenticated', 'Sign in to the portal first');

/**
 * The signed-in contact as the portal needs them: read again on every call, so a contact disabled (or an
 * organization whose portal was switched off) a moment ago is refused now. Only a contact actor gets here.
 */
export async function currentContact(ctx: Ctx): Promise<PortalMe> {
  if (ctx.actor.kind !== 'contact') throw unauthenticated();
  const contact = await repo.findPortalContact(ctx.db, ctx.actor.id);
  if (!contact || contact.organizationId !== ctx.actor.organizationId) throw unauthenticated();
  return {
    contact,
    scope: ticketScope(contact, contact.visibility),
    visibility: contact.visibility,
    reopenDays: contact.reopenDays,
    language: contact.language === 'en' ? 'en' : 'ru',
  };
}

/**
 * Tickets, comments and status changes go through the tickets module as the portal on the contact's behalf:
 * the policy gives a contact actor none of the agents' actions (so a contact can never use an agent route),
 * and the portal has checked the contact's scope in its own repository call before. The actor's name keeps
 * who it was in the domain events (`system:portal:contact:7`).
 */
export const onBehalf = (ctx: Ctx, contactId: number): Ctx => ({
  ...ctx,
  actor: { kind: 'system', name: `portal:contact:${contactId}` },
});

export async function updateMe(ctx: Ctx, input: { name?: string; language?: 'ru' | 'en' }) {
  const me = await currentContact(ctx);
  if (input.name !== undefined && !input.name.trim())
    throw new AppError(422, 'invalid_name', 'Your name cannot be empty', {
      errors: [{ path: 'body.name', message: 'is empty' }],
    });
  await inTransaction(ctx, (tx) =>
    repo.updateOwnContact(tx.db, me.contact, {
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.language !== undefined && { language: input.language }),
      updated_at: tx.clock.now().toISOString(),
    }),
  );
  return currentContact(ctx);
}

export async function hasPassword(ctx: Ctx, contactId: number) {
  return Boolean(await repo.findPasswordHash(ctx.db, contactId));
}

// ---- tickets ------------------------------------------------------------------------------------------------

export type StatusFilter = 'open' | 'closed' | 'all' | Exclude<TicketStatus, 'open'>;

function statusesOf(filter: StatusFilter): TicketStatus[] | null {
  if (filter === 'all') return null;
  if (filter === 'open') return unfinishedStatuses;
  if (filter === 'closed') return finishedStatuses;
  return [filter];
}

export async function listTickets(
  ctx: Ctx,
  query: { status: StatusFilter; q?: string; limit: number; cursor?: string },
) {
  const me = await currentContact(ctx);
  const after = decodeCursor(query.cursor);
  const text = query.q?.trim() || undefined;
  if (text) await indexBeforeSearch(ctx);
  const rows = await repo.listTickets(ctx.db, me.scope, {
    statuses: statusesOf(query.status),
    text,
    ...(after && { beforeId: after[1] }),
    limit: query.limit,
  });
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([null, last.id]) : null };
}

const supportName = (language: PortalLanguage) => (language === 'ru' ? 'Поддержка' : 'Support');

export function presentComment(c: repo.PortalCommentRow, language: PortalLanguage) {
  return {
    id: c.id,
    body: c.body,
    createdAt: c.createdAt,
    author:
      c.contactId !== null
        ? { kind: 'contact' as const, name: c.contactName ?? '' }
        : { kind: 'agent' as const, name: c.agentName ?? supportName(language) },
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A ticket as its client sees it: public replies and files, the agreement's due times, what they may do now. */
export async function getTicketDetail(ctx: Ctx, id: number) {
  const me = await currentContact(ctx);
  const ticket = await repo.findTicket(ctx.db, me.scope, id);
  // Another organization's ticket, or one outside the visibility, is exactly as missing as one that never was.
  if (!ticket) throw notFound(`Ticket ${id}`);
  const [comments, attachments] = await Promise.all([
    repo.listPublicComments(ctx.db, me.scope, id),
    repo.listAttachments(ctx.db, me.scope, id),
  ]);
  return {
    id: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    description: ticket.description,
    status: ticket.status,
    priority: ticket.priority,
    service: ticket.serviceId !== null ? { id: ticket.serviceId, name: ticket.serviceName ?? '' } : null,
    agreement: ticket.agreementId !== null ? { id: ticket.agreementId, number: ticket.agreementNumber ?? '' } : null,
    requester:
      ticket.requesterId !== null && ticket.requesterName !== null
        ? { id: ticket.requesterId, name: ticket.requesterName }
        : null,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    resolvedAt: ticket.resolvedAt,
    reactionDue: iso(ticket.reactionDue),
    resolutionDue: iso(ticket.manualResolutionDue ?? ticket.resolutionDue),
    slaState: ticket.slaState ?? 'none',
    ...ticketActions(ticket, me.reopenDays, ctx.clock.now()),
    comments: comments.map((c) => presentComment(c, me.language)),
    attachments: attachments.map((a) => ({
      id: a.id,
      fileName: a.fileName,
      size: a.size,
      contentType: a.contentType,
      commentId: a.commentId,
      createdAt: a.createdAt,
    })),
  };
}

/**
 * Refuses (422 no_active_agreement) a service that no active agreement of the organization covers, naming the
 * agreement and its state in the contact's language; a service the organization has no agreement for at all
 * gets the same kind of answer (it learns nothing of other organizations' services).
 */
async function assertServiceAvailable(ctx: Ctx, me: PortalMe, serviceId: number) {
  const rows = (await repo.listServiceAgreements(ctx.db, me.contact.organizationId)).filter(
    (r) => r.serviceId === serviceId,
  );
  if (rows.some((r) => r.status === 'active')) return;
  const explaining = mostRelevant(rows);
  const message = explaining ? agreementReason(explaining, me.language)! : noAgreementReason(me.language);
  throw new AppError(422, 'no_active_agreement', message, {
    errors: [{ path: 'body.serviceId', message }],
    ...(explaining && {
      agreement: { id: explaining.agreementId, number: explaining.number, status: explaining.status },
    }),
  });
}

export async function fileTicket(
  ctx: Ctx,
  input: { subject: string; description: string; serviceId: number; priority?: TicketPriority; type?: TicketType },
) {
  const me = await currentContact(ctx);
  if (!input.subject.trim())
    throw new AppError(422, 'invalid_subject', 'Write what the request is about', {
      errors: [{ path: 'body.subject', message: 'is empty' }],
    });
  await assertServiceAvailable(ctx, me, input.serviceId);
  const ticket = await createTicket(onBehalf(ctx, me.contact.id), {
    subject: input.subject,
    description: input.description,
    organizationId: me.contact.organizationId,
    contactId: me.contact.id,
    type: input.type ?? 'request',
    priority: input.priority ?? 'P3',
    channel: 'portal',
    serviceId: input.serviceId,
  });
  return getTicketDetail(ctx, ticket.id);
}

/**
 * A public reply of the client. A ticket waiting for the client goes back to work (its SLA clock resumes);
 * a closed one must be reopened first.
 */
export async function reply(ctx: Ctx, ticketId: number, body: string) {
  const me = await currentContact(ctx);
  if (!body.trim())
    throw new AppError(422, 'empty_comment', 'The reply is empty', {
      errors: [{ path: 'body.body', message: 'is empty' }],
    });
  const commentId = await inTransaction(onBehalf(ctx, me.contact.id), async (tx) => {
    const ticket = await repo.findTicket(tx.db, me.scope, ticketId);
    if (!ticket) throw notFound(`Ticket ${ticketId}`);
    if (ticket.status === 'closed')
      throw conflict(
        me.language === 'ru'
          ? `Заявка #${ticket.number} закрыта: откройте её снова, чтобы ответить`
          : `Ticket #${ticket.number} is closed: reopen it to reply`,
      );
    const comment = await addComment(tx, ticketId, { body, public: true });
    await attributeComment(tx, comment.id, { contactId: me.contact.id, agentId: null });
    if (ticket.status === 'waiting_for_client') await updateTicket(tx, ticketId, { status: 'open' });
    return comment.id;
  });
  const comment = await repo.findPublicComment(ctx.db, me.scope, commentId);
  return presentComment(comment!, me.language);
}

export async function reopen(ctx: Ctx, ticketId: number) {
  const me = await currentContact(ctx);
  await inTransaction(onBehalf(ctx, me.contact.id), async (tx) => {
    const ticket = await repo.findTicket(tx.db, me.scope, ticketId);
    if (!ticket) throw notFound(`Ticket ${ticketId}`);
    const actions = ticketActions(ticket, me.reopenDays, tx.clock.now());
    if (!actions.canReopen) {
      const ru = me.language === 'ru';
      const date = actions.reopenUntil?.slice(0, 10);
      throw new AppError(
        409,
        'cannot_reopen',
        actions.reopenUntil === null
          ? ru
            ? `Заявка #${ticket.number} не решена и не закрыта: её не нужно открывать снова`
            : `Ticket #${ticket.number} is neither resolved nor closed: there is nothing to reopen`
          : ru
            ? `Заявку #${ticket.number} можно было открыть снова до ${date}; создайте новую заявку`
            : `Ticket #${ticket.number} could be reopened until ${date}; file a new request instead`,
        { reopenUntil: actions.reopenUntil },
      );
    }
    await updateTicket(tx, ticketId, { status: 'open' });
  });
  return getTicketDetail(ctx, ticketId);
}

export async function close(ctx: Ctx, ticketId: number) {
  const me = await currentContact(ctx);
  await inTransaction(onBehalf(ctx, me.contact.id), async (tx) => {
    const ticket = await repo.findTicket(tx.db, me.scope, ticketId);
    if (!ticket) throw notFound(`Ticket ${ticketId}`);
    if (ticket.status === 'closed')
      throw new AppError(
        409,
        'already_closed',
        me.language === 'ru' ? `Заявка #${ticket.number} уже закрыта` : `Ticket #${ticket.number} is already closed`,
      );
    await updateTicket(tx, ticketId, { status: 'closed' });
  });
  return getTicketDetail(ctx, ticketId);
}

const storeFor = (ctx: Ctx) => new AttachmentStore(join(ctx.filesDir, 'attachments'), ctx.durable);

/** Checks the ticket is the contact's to add files to before any byte is stored. */
export async function assertCanAttach(ctx: Ctx, ticketId: number) {
  const me = await currentContact(ctx);
  const ticket = await repo.findTicket(ctx.db, me.scope, ticketId);
  if (!ticket) throw notFound(`Ticket ${ticketId}`);
  if (ticket.status === 'closed')
    throw conflict(
      me.language === 'ru'
        ? `Заявка #${ticket.number} закрыта: откройте её снова, чтобы добавить файлы`
        : `Ticket #${ticket.number} is closed: reopen it to add files`,
    );
  return me;
}

/** Keeps one uploaded file in the attachment store (durable, by content); recorded by `recordUploads`. */
export async function storeUpload(
  ctx: Ctx,
  file: { fileName: string; contentType: string; content: Readable; maxBytes: number },
) {
  const stored = await storeFor(ctx).put(file.content, file.maxBytes);
  return {
    fileName: safeFileName(file.fileName),
    contentType: /^[\w.+-]+\/[\w.+-]+$/.test(file.contentType) ? file.contentType : 'application/octet-stream',
    ...stored,
  };
}

export async function recordUploads(
  ctx: Ctx,
  ticketId: number,
  files: { fileName: string; contentType: string; size: number; sha256: string }[],
) {
  const me = await currentContact(ctx);
  const ids = await inTransaction(onBehalf(ctx, me.contact.id), async (tx) => {
    // Checked again in the transaction that records them: the ticket may have been closed meanwhile.
    const ticket = await repo.findTicket(tx.db, me.scope, ticketId);
    if (!ticket) throw notFound(`Ticket ${ticketId}`);
    if (ticket.status === 'closed') throw conflict(`Ticket #${ticket.number} is closed: reopen it to add files`);
    const recorded: number[] = [];
    for (const f of files) recorded.push(await recordStoredAttachment(tx, { ticketId, commentId: null, ...f }));
    return recorded;
  });
  return ids.map((id, i) => ({
    id,
    fileName: files[i]!.fileName,
    size: files[i]!.size,
    contentType: files[i]!.contentType,
  }));
}

export async function openAttachment(ctx: Ctx, id: number) {
  const me = await currentContact(ctx);
  const row = await repo.findAttachment(ctx.db, me.scope, id);
  if (!row) throw notFound(`Attachment ${id}`);
  const { stream, size } = await storeFor(ctx).open(row.sha256);
  return { row, stream, size };
}

// ---- agreements and services -------------------------------------------------------------------------------

/** Every service of the organization's agreements: available only under an active one, else why not. */
export async function listServices(ctx: Ctx) {
  const me = await currentContact(ctx);
  const rows = await repo.listServiceAgreements(ctx.db, me.contact.organizationId);
  const byService = new Map<number, typeof rows>();
  for (const r of rows) byService.set(r.serviceId, [...(byService.get(r.serviceId) ?? []), r]);
  return [...byService.values()].map((agreements) => {
    const first = agreements[0]!;
    const active = agreements.find((a) => a.status === 'active');
    const shown = active ?? mostRelevant(agreements)!;
    return {
      id: first.serviceId,
      name: first.serviceName,
      available: Boolean(active),
      agreement: { id: shown.agreementId, number: shown.number, status: shown.status },
      reason: active ? null : agreementReason(shown, me.language),
    };
  });
}

function todayInZone(zone: string | null, now: Date): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: zone ?? 'UTC' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

export async function listAgreements(ctx: Ctx) {
  const me = await currentContact(ctx);
  const orgId = me.contact.organizationId;
  const agreements = await repo.listActiveAgreements(ctx.db, orgId);
  const ids = agreements.map((a) => a.id);
  const [services, targets] = await Promise.all([
    repo.listAgreementServices(ctx.db, orgId, ids),
    repo.listAgreementTargets(ctx.db, orgId, ids),
  ]);
  const now = ctx.clock.now();
  return agreements.map((a) => ({
    id: a.id,
    number: a.number,
    title: a.title,
    status: a.status,
    tier: a.tier,
    startsOn: a.startsOn,
    endsOn: a.endsOn,
    daysToExpiry: a.endsOn ? daysBetween(todayInZone(a.calendarTimezone, now), a.endsOn) : null,
    calendar: a.calendarName !== null ? { name: a.calendarName, timezone: a.calendarTimezone ?? 'UTC' } : null,
    services: services.filter((s) => s.agreementId === a.id).map((s) => ({ id: s.id, name: s.name })),
    targets: targets
      .filter((t) => t.agreementId === a.id)
      .map((t) => ({
        priority: t.priority,
        type: t.type,
        reactionMinutes: t.reactionMinutes,
        resolutionMinutes: t.resolutionMinutes,
      })),
  }));
}
