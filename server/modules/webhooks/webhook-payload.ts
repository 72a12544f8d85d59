import type { Ctx } from '../../context.js';
import type { StoredEvent } from '../../events/domain-events.js';
import { getAgreement } from '../agreements/index.js';
import { getTicket, listComments, presentComment, presentTicket } from '../tickets/index.js';

/**
 * What an event is about, read once per event however many endpoints want it: its client (for endpoints
 * filtered by client) and, for full payloads, the API representation of its ticket, comment or agreement
 * as the owning module presents it.
 */
export class EventSubject {
  private ticket?: Promise<Awaited<ReturnType<typeof getTicket>> | null>;
  private agreement?: Promise<Awaited<ReturnType<typeof getAgreement>> | null>;

  constructor(
    private readonly ctx: Ctx,
    readonly event: StoredEvent,
  ) {}

  private get data(): Record<string, unknown> {
    return this.event.data as unknown as Record<string, unknown>;
  }

  private ticketRow() {
    const id = this.data.ticketId;
    if (typeof id !== 'number') return Promise.resolve(null);
    // A ticket merged or deleted since: the event still goes, without its representation.
    this.ticket ??= getTicket(this.ctx, id).catch(() => null);
    return this.ticket;
  }

  private agreementView() {
    const id = this.data.agreementId;
    if (typeof id !== 'number') return Promise.resolve(null);
    this.agreement ??= getAgreement(this.ctx, id).catch(() => null);
    return this.agreement;
  }

  /** The client the event concerns, or null (a calendar change concerns nobody in particular). */
  async organizationId(): Promise<number | null> {
    if (typeof this.data.organizationId === 'number') return this.data.organizationId;
    if (typeof this.data.ticketId === 'number') return (await this.ticketRow())?.organization_id ?? null;
    if (this.event.type.startsWith('agreement.')) return (await this.agreementView())?.organizationId ?? null;
    return null;
  }

  /** Thin: the ids (and the ticket number) that let a receiver read the rest through the API. */
  thinData(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.data)) if (/(Id|Ids|^number)$/.test(key)) out[key] = value;
    return out;
  }

  /** Full: the event's own fields and what it is about, as the API shows it. */
  async fullData(): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = { ...this.data };
    const ticket = await this.ticketRow();
    if (ticket) out.ticket = presentTicket(ticket);
    if (this.event.type === 'comment.added' && ticket) {
      const commentId = this.data.commentId;
      const comment = (await listComments(this.ctx, ticket.id).catch(() => [])).find((c) => c.id === commentId);
      if (comment) out.comment = presentComment(comment);
    }
    if (this.event.type.startsWith('agreement.')) {
      const agreement = await this.agreementView();
      if (agreement) out.agreement = agreement;
    }
    return out;
  }
}
