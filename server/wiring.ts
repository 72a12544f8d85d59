import type { Config } from './config/config.js';
import { DomainEvents, on, type Subscription } from './events/event-bus.js';
import type { EventProcessor } from './events/event-processors.js';
import { enforceSeatLimit } from './modules/licensing/index.js';
import { noticeAfterWork } from './modules/packages/index.js';
import {
  notifyCommentAdded,
  notifyMentioned,
  notifyTicketCreated,
  notifyTicketUpdated,
} from './modules/notifications/index.js';
import {
  followAgreementStatus,
  followAgreementTerms,
  followCalendarChange,
  followTicketChange,
  followTicketReply,
} from './modules/sla/index.js';
import { recordSlaEventInHistory } from './modules/tickets/index.js';
import { createSurveyOnResolve } from './modules/surveys/index.js';
import { acknowledgeOnReply, followPriorityRise, routeNewTicket } from './modules/escalation/index.js';
import { webhookProcessor } from './modules/webhooks/index.js';

/**
 * The composition root of an installation's reactions: who reacts to which domain event. This list is the
 * whole story — no module registers itself, and no import has a side effect.
 *
 * Subscribers run inside the transaction of the change, in the order listed here: what they write commits or
 * rolls back with it, and one that throws undoes it. Follow a request from its service's `publish(…)` call to
 * the lines below, and from there to the subscriber's module (its index.ts names the file). The word index
 * follows new and changed tickets through database triggers (see search/search-backlog.ts), not a subscriber:
 * a trigger costs less per ticket than any statement issued from here.
 */
export const subscriptions = [
  on('ticket.created', 'notifications: tell the people the rules name; acknowledge mail', notifyTicketCreated),
  on('ticket.created', 'escalation: a 24x7/premium night ticket to the duty engineer; P1 pages', routeNewTicket),
  on('ticket.updated', 'SLA: pause, resume or recompute after a change', followTicketChange),
  on('ticket.updated', 'notifications: assignment and status changes', notifyTicketUpdated),
  on('ticket.updated', 'surveys: a resolved ticket gets a satisfaction survey', createSurveyOnResolve),
  on('ticket.updated', 'escalation: a ticket raised to P1 under 24x7/premium pages at once', followPriorityRise),
  on('comment.added', "SLA: an agent's first public reply meets the reaction target", followTicketReply),
  on('comment.added', 'notifications: public replies and internal notes', notifyCommentAdded),
  on('comment.added', "escalation: an agent's public reply stops the ticket's chain", acknowledgeOnReply),
  on('agent.mentioned', 'notifications: agents @mentioned in a note (the `mentioned` rule)', notifyMentioned),
  on('agreement.terms_changed', "SLA: recompute the agreement's open tickets", followAgreementTerms),
  on('agreement.transitioned', 'SLA: new tickets see the new status', followAgreementStatus),
  on('calendar.changed', 'SLA: new tickets use the new hours', followCalendarChange),
  on('agent.changed', "licensing: refuse an agent past the license's seats", enforceSeatLimit),
  on('sla.warning', 'tickets: the history shows the warning', recordSlaEventInHistory),
  on('sla.breached', 'tickets: the history shows the breach', recordSlaEventInHistory),
  on('worklog.logged', 'packages: threshold and used-up notices of the period charged', noticeAfterWork),
];

/**
 * After-commit processors: they read `domain_events` by cursor (webhooks, report triggers and other nodes
 * join here). None are needed by the desk itself yet.
 */
export const processors: EventProcessor[] = [
  // Webhooks: queue a signed message per subscribed endpoint (sent by the delivery worker, in order per endpoint).
  webhookProcessor,
];

/** An installation's domain events, from its config. */
export function wireEvents(
  config: Pick<Config, 'eventRetentionDays'>,
  extra: readonly Subscription[] = [],
): DomainEvents {
  return new DomainEvents([...subscriptions, ...extra], processors, config.eventRetentionDays ?? 90);
}
