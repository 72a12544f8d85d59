import type { Ctx } from '../context.js';
import type { Installation } from '../installation.js';
import { keepLease } from '../cluster/index.js';
import type { DomainEventType, StoredEvent } from './domain-events.js';
import { cursorOf, eventsAfter, lastEventId, listCursors, pruneEvents, putCursor } from './events.repository.js';

/**
 * Reacts after commit, reading `domain_events` by its own cursor: at least once and in order, whatever
 * crashed in between (a handler that fails is retried from the same event on the next round).
 */
export interface EventProcessor {
  name: string;
  handle(ctx: Ctx, events: StoredEvent[]): Promise<void>;
}

const BATCH = 500;

/** `agent:12` → { kind: 'agent', id: 12 }; `system:sla-sweep` → { kind: 'system', name: 'sla-sweep' }. */
function actorOf(text: string): StoredEvent['actor'] {
  const at = text.indexOf(':');
  const kind = at < 0 ? text : text.slice(0, at);
  const rest = at < 0 ? '' : text.slice(at + 1);
  return kind === 'system' ? { kind, name: rest } : { kind, id: Number(rest) };
}

const stored = (row: { id: number; type: string; occurred_at: string; actor: string; data: string }): StoredEvent => ({
  id: row.id,
  type: row.type as DomainEventType,
  occurredAt: row.occurred_at,
  actor: actorOf(row.actor),
  data: JSON.parse(row.data) as StoredEvent['data'],
});

/**
 * Hands a processor every event past its cursor, a batch at a time, and moves the cursor after each batch.
 * A processor seen for the first time starts at the present: it reacts to what happens from now on.
 */
export async function runProcessor(ctx: Ctx, processor: EventProcessor): Promise<number> {
  let cursor = await cursorOf(ctx.db, processor.name);
  if (cursor === undefined) {
    const start = await lastEventId(ctx.db);
    await ctx.writes.run((trx) => putCursor(trx, processor.name, start, ctx.clock.now().toISOString()));
    return 0;
  }
  let handled = 0;
  for (;;) {
    const rows = await eventsAfter(ctx.db, cursor, BATCH);
    if (rows.length === 0) break;
    await processor.handle(ctx, rows.map(stored));
    cursor = rows[rows.length - 1]!.id;
    const at = ctx.clock.now().toISOString();
    await ctx.writes.run((trx) => putCursor(trx, processor.name, cursor!, at));
    handled += rows.length;
    if (rows.length < BATCH) break;
  }
  return handled;
}

/** The lease of the node that runs the processors: on several nodes only one reads the events at a time. */
export const EVENT_PROCESSORS_LEASE = 'event-processors';

/**
 * Runs every wired processor a few times a second on the node holding the `event-processors` lease (the only
 * node on SQLite); returns the function that stops them. Two nodes reading by the same cursors would each handle
 * every event: at least once still holds, but every handler would run twice.
 */
export function startEventProcessors(inst: Installation, everyMs = 500): () => Promise<void> {
  const processors = inst.events.processors;
  if (processors.length === 0) return async () => {};
  const lease = keepLease(inst, EVENT_PROCESSORS_LEASE, {});
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (!lease.holds()) return;
    running ??= (async () => {
      for (const p of processors) {
        await runProcessor(inst.ctx(), p).catch((err: unknown) =>
          inst.log.warn({ err, processor: p.name }, 'events: a processor failed; it retries from the same event'),
        );
      }
    })().finally(() => (running = null));
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
    await lease.stop();
  };
}

/**
 * Deletes events older than the retention period that every wired processor has read; processors that are
 * no longer wired hold nothing back.
 */
export async function pruneDomainEvents(ctx: Ctx): Promise<{ deleted: number; keptFrom: string }> {
  const retentionDays = ctx.events.retentionDays;
  const before = new Date(ctx.clock.now().getTime() - retentionDays * 86_400_000).toISOString();
  const wired = new Set(ctx.events.processors.map((p) => p.name));
  const cursors = (await listCursors(ctx.db)).filter((c) => wired.has(c.processor));
  const readByAll = cursors.length ? Math.min(...cursors.map((c) => c.last_event_id)) : await lastEventId(ctx.db);
  const deleted = await ctx.writes.run((trx) => pruneEvents(trx, before, readByAll));
  return { deleted, keptFrom: before };
}
