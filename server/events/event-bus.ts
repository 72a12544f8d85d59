import type { Actor, TxCtx } from '../context.js';
import type { DomainEventMap, DomainEventType } from './domain-events.js';
import type { EventProcessor } from './event-processors.js';
import { CommitBuffer } from '../db/commit-buffer.js';
import { insertEvents, type EventRow } from './events.repository.js';

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

/** Who made a change, as stored: `agent:12`, `contact:7`, `system:sla-sweep` (the form ticket history uses). */
const actorText = (actor: Actor) => (actor.kind === 'system' ? `system:${actor.name}` : `${actor.kind}:${actor.id}`);

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

  /** Events of a transaction not yet written: they go out together just before its COMMIT. */
  private readonly unwritten = new CommitBuffer<EventRow>(insertEvents);

  /** Who waits for new events in this process (the events feed's long-poll): woken once events commit. */
  private readonly committedListeners = new Set<() => void>();
  private readonly notifyCommitted = () => {
    for (const listener of [...this.committedListeners]) listener();
  };

  /** Calls `listener` after each commit that appended events; returns how to stop listening. */
  onCommitted(listener: () => void): () => void {
    this.committedListeners.add(listener);
    return () => void this.committedListeners.delete(listener);
  }

  /**
   * Appends the event to the caller's transaction and runs its subscribers there, in wiring order. A
   * subscriber that throws undoes the change (a veto such as the license's seat limit is one). The rows of
   * every unit of a group commit are written together before COMMIT, in the order they were published.
   */
  async publish<T extends DomainEventType>(tx: TxCtx, type: T, data: DomainEventMap[T]): Promise<void> {
    this.unwritten.add(tx.commit, {
      type,
      occurred_at: tx.clock.now().toISOString(),
      actor: actorText(tx.actor),
      data: JSON.stringify(data),
    });
    if (this.committedListeners.size > 0) tx.commit.afterCommit(this.notifyCommitted);
    const subscribers = this.byType.get(type);
    if (subscribers) for (const s of subscribers) await (s.run as Subscriber<T>)(tx, data);
  }
}

/** Publishes through the installation's wiring carried by the transaction context. */
export function publish<T extends DomainEventType>(tx: TxCtx, type: T, data: DomainEventMap[T]): Promise<void> {
  return tx.events.publish(tx, type, data);
}
