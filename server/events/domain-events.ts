import type {
  AgreementStatus,
  AgreementTier,
  TicketChannel,
  TicketPriority,
  TicketStatus,
  TicketType,
} from '../db/schema.js';

/** What a webhook or a subscriber needs of an issued document: its ids, number, date and totals. */
export interface IssuedDocumentEvent {
  documentId: number;
  organizationId: number;
  agreementId: number | null;
  number: string;
  date: string;
  correction: 'storno' | 'corrected' | null;
  correctsDocumentId: number | null;
  totalKopecks: number;
  vatKopecks: number;
}

/** One changed field of a ticket, as its history shows it. */
export interface FieldChange {
  field: string;
  from: string | null;
  to: string | null;
}

/**
 * Every domain event and its fields. An event says what happened, in the past tense, with the ids a
 * subscriber needs to read more; it is appended to `domain_events` in the transaction of the change.
 * Adding an event: add it here, publish it from the service that makes the change, and list its
 * subscribers in server/wiring.ts.
 */
export interface DomainEventMap {
  'ticket.created': {
    ticketId: number;
    number: number;
    organizationId: number;
    contactId: number | null;
    assigneeId: number | null;
    teamId: number | null;
    serviceId: number | null;
    type: TicketType;
    priority: TicketPriority;
    channel: TicketChannel;
    /** The tier of the agreement the ticket fell under; null without one. */
    agreementTier: AgreementTier | null;
  };
  'ticket.updated': {
    ticketId: number;
    organizationId: number;
    /** The type after the change. */
    type: TicketType;
    changes: FieldChange[];
    status?: { from: TicketStatus; to: TicketStatus };
    /** Present when the ticket moved to another agreement (or to none). */
    agreementId?: number | null;
    /** Present when the manual resolution deadline was set (ISO with zone) or removed (null). */
    manualDeadline?: { due: string | null; reason?: string };
  };
  'comment.added': { ticketId: number; commentId: number; public: boolean; byAgent: boolean };
  /** An agreement's hour package crossed a notice threshold of a period (100 = used up). */
  'package.threshold': {
    agreementId: number;
    organizationId: number;
    periodKey: string;
    threshold: number;
    usedUp: boolean;
    grantedMinutes: number;
    usedMinutes: number;
  };
  /** An accounting document was issued (a storno or a corrected one names the document it corrects). */
  'invoice.issued': IssuedDocumentEvent;
  'act.issued': IssuedDocumentEvent;
  'contract.issued': IssuedDocumentEvent;
  /** Agents were @mentioned in a comment (an internal note as a rule). */
  'agent.mentioned': { ticketId: number; commentId: number; agentIds: number[] };
  /** Targets, calendar, warning share or covered services of an agreement changed. */
  'agreement.terms_changed': { agreementId: number };
  /** Every status transition of an agreement, by hand or by date. */
  'agreement.transitioned': { agreementId: number; from: AgreementStatus; to: AgreementStatus };
  /** A business calendar or the production calendar changed (every deadline under it may move). */
  'calendar.changed': { calendarId: number | null };
  /** An agent was added or changed; `activated` when the change made them take a seat. */
  'agent.changed': { agentId: number; activated: boolean; changes: string[] };
  'sla.warning': { ticketId: number; number: number; due: string | null };
  'sla.breached': { ticketId: number; number: number; kind: 'reaction' | 'resolution'; due: string | null };
  /** Work was logged, changed or deleted; `periodKey` names the hour-package period it was charged to, if any. */
  'worklog.logged': {
    worklogId: number;
    ticketId: number;
    agentId: number;
    agreementId: number | null;
    action: 'created' | 'updated' | 'deleted';
    billable: boolean;
    billedMinutes: number;
    periodKey: string | null;
  };
  /** An engineer was paged for a ticket by a step of its escalation chain (SMS and/or e-mail). */
  'ticket.paged': {
    ticketId: number;
    agentId: number;
    step: number;
    round: number;
    target: string;
    channels: ('sms' | 'email')[];
  };
  /** An agent acknowledged a ticket (the button or their first public reply): its escalation chain stopped. */
  'ticket.acknowledged': { ticketId: number; agentId: number; how: 'button' | 'reply' };
  /** A manager put someone on duty for a period (instead of everyone, or of `replacesAgentId`). */
  'duty.override_created': {
    scheduleId: number;
    overrideId: number;
    agentId: number;
    replacesAgentId: number | null;
    from: string;
    to: string;
  };
  'duty.swap_decided': {
    scheduleId: number;
    swapId: number;
    status: 'approved' | 'rejected';
    decidedBy: number | null;
  };
  /** A ticket moved one support line up (L1 → L2 → development) with a handoff note; lines by position. */
  'ticket.escalated': {
    ticketId: number;
    fromLine: number;
    toLine: number;
    note: string;
    /** `development`: an external tracker may open an issue and report it (PUT /tickets/:id/external-issue). */
    toKind: 'support' | 'development';
  };
  /** A ticket was returned one support line down, with a note. */
  'ticket.de_escalated': { ticketId: number; fromLine: number; toLine: number; note: string };
}

export type DomainEventType = keyof DomainEventMap;

/** An event as stored and as after-commit processors read it. */
export interface StoredEvent<T extends DomainEventType = DomainEventType> {
  id: number;
  type: T;
  occurredAt: string;
  actor: { kind: string; id?: number; name?: string };
  data: DomainEventMap[T];
}

/** Every event type once: a record, so an event added to the map and forgotten here fails the type check. */
const everyEventType: Record<DomainEventType, true> = {
  'ticket.created': true,
  'ticket.updated': true,
  'comment.added': true,
  'agent.mentioned': true,
  'agreement.terms_changed': true,
  'agreement.transitioned': true,
  'calendar.changed': true,
  'agent.changed': true,
  'sla.warning': true,
  'sla.breached': true,
  'worklog.logged': true,
  'duty.override_created': true,
  'duty.swap_decided': true,
  'ticket.escalated': true,
  'ticket.de_escalated': true,
  'ticket.paged': true,
  'ticket.acknowledged': true,
  'package.threshold': true,
  'invoice.issued': true,
  'act.issued': true,
  'contract.issued': true,
};

export const domainEventTypes = Object.keys(everyEventType) as readonly DomainEventType[];
