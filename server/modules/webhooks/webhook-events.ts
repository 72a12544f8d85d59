import { domainEventTypes, type DomainEventType, type StoredEvent } from '../../events/domain-events.js';

/**
 * Which webhook event types each domain event becomes. A comment is split by who may see it, so a receiver
 * that mirrors public replies never gets internal notes by mistake; a worklog by what happened to it. Every
 * other domain event keeps its own name — one added later is offered at once — except those about agents
 * themselves (their changes, their mentions), which are none of another system's business.
 */
const SPLIT: Partial<Record<DomainEventType, readonly string[]>> = {
  'comment.added': ['comment.public_created', 'comment.internal_created'],
  'worklog.logged': ['worklog.created', 'worklog.updated', 'worklog.deleted'],
};
const PRIVATE = new Set<DomainEventType>(['agent.changed', 'agent.mentioned']);

export const webhookTypesOf = (type: DomainEventType): readonly string[] =>
  SPLIT[type] ?? (PRIVATE.has(type) ? [] : [type]);

/** Every event type an endpoint may subscribe to, in the order the UI lists them. */
export const webhookEventTypes: readonly string[] = domainEventTypes.flatMap(webhookTypesOf);

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
      return PRIVATE.has(event.type) ? null : event.type;
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
