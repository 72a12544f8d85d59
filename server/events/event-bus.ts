import type { Actor, TxCtx } from '../context.js';
import type { DomainEventMap, DomainEventType } from './domain-events.js';
import type { EventProcessor } from './event-processors.js';
import { insertEvent } from './events.repository.js';

/** A reaction inside the transaction of the change: what it writes commits or rolls back with the change. */
export type Subscriber<T extends DomainEventType> = (tx: TxCtx, data: DomainEventMap[T]) => Promise<void>;

export interface Subscription<T extends DomainEventType = DomainEventType> {
  event: T;
  /** Shown in errors and logs: which reaction failed. */
  name: string;
  run: Subscriber<T>;
}

/** One line of the wiring: `on('ticket.created', 'notify the people the rules name', notifyTicketCreated)`. */
export function on<T extends DomainEventType>(event: T, name: string, run: Subscriber<T>): Subscription {
  return { event, name, run: run as Subscriber<DomainEventType> } as Subscription;
}

const actorJson = (actor: Actor) =>
  JSON.stringify(actor.kind === 'system' ? { kind: 'system', name: actor.name } : { kind: actor.kind, id: actor.id });

/**
 * An installation's domain events: which subscribers react in the transaction, which processors read the
 * table after commit, and how long events are kept. Built once by the composition root (server/wiring.ts)
 * and carried by every service context, so the same service publishes the same way from HTTP, a job or the CLI.
 */
export class DomainEvents {
  private readonly byType = new Map<DomainEventType, Subscription[]>();

  constructor(
    readonly subscriptions: readonly Subscription[],
    readonly processors: readonly EventProcessor[] = [],
    readonly retentionDays = 90,
  ) {
    for (const s of subscriptions) this.byType.set(s.event, [...(this.byType.get(s.event) ?? []), s]);
  }

  /**
   * Appends the event in the caller's transaction and runs its subscribers there, in wiring order. A
   * subscriber that throws undoes the change (a veto such as the license's seat limit is one).
   */
  async publish<T extends DomainEventType>(tx: TxCtx, type: T, data: DomainEventMap[T]): Promise<number> {
    const id = await insertEvent(tx.db, {
      type,
      occurred_at: tx.clock.now().toISOString(),
      actor: actorJson(tx.actor),
      data: JSON.stringify(data),
    });
    for (const s of this.byType.get(type) ?? []) await (s.run as Subscriber<T>)(tx, data);
    return id;
  }
}

/** Publishes through the installation's wiring carried by the transaction context. */
export function publish<T extends DomainEventType>(tx: TxCtx, type: T, data: DomainEventMap[T]): Promise<number> {
  return tx.events.publish(tx, type, data);
}
