import type { DomainEventType, StoredEvent } from '../../events/domain-events.js';

/**
 * Which webhook event types each domain event becomes. A comment is split by who may see it, so a receiver
 * that mirrors public replies never gets internal notes by mistake; a worklog by what happened to it. Domain
 * events that are none of a receiver's business (agent changes, mentions) have no webhook type.
 */
export const webhookTypesOf: Partial<Record<DomainEventType, readonly string[]>> = {
  'ticket.created': ['ticket.created'],
  'ticket.updated': ['ticket.updated'],
  'comment.added': ['comment.public_created', 'comment.internal_created'],
  'agreement.terms_changed': ['agreement.terms_changed'],
  'agreement.transitioned': ['agreement.transitioned'],
  'calendar.changed': ['calendar.changed'],
  'sla.warning': ['sla.warning'],
  'sla.breached': ['sla.breached'],
  'worklog.logged': ['worklog.created', 'worklog.updated', 'worklog.deleted'],
  // A tracker opens an issue for a ticket escalated to development and reports it back.
  'ticket.escalated': ['ticket.escalated'],
  'ticket.de_escalated': ['ticket.de_escalated'],
};

/** Every event type an endpoint may subscribe to, in the order the UI lists them. */
export const webhookEventTypes: readonly string[] = Object.values(webhookTypesOf).flat();

/** The event an endpoint's "send a test event" delivers; nobody subscribes to it. */
export const TEST_EVENT = 'webhook.test';

/** The webhook type of one stored domain event, or null when it has none. */
export function webhookTypeOf(event: StoredEvent): string | null {
  switch (event.type) {
    case 'comment.added': {
      const data = event.data as StoredEvent<'comment.added'>['data'];
      return data.public ? 'comment.public_created' : 'comment.internal_created';
    }
    case 'worklog.logged': {
      const data = event.data as StoredEvent<'worklog.logged'>['data'];
      return `worklog.${data.action}`;
    }
    default:
      return webhookTypesOf[event.type]?.[0] ?? null;
  }
}

/** `agreement.*` matches every agreement event; `*` matches everything; anything else matches itself. */
export function matchesPattern(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

export const matchesAny = (patterns: readonly string[], type: string) => patterns.some((p) => matchesPattern(p, type));

/** The patterns that match no known event type: a typo must be refused, not silently deliver nothing. */
export function unknownPatterns(patterns: readonly string[]): string[] {
  return patterns.filter((p) => !webhookEventTypes.some((type) => matchesPattern(p, type)));
}
