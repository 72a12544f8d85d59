import type { Ctx } from '../../context.js';
import { authorize } from '../auth/index.js';
import { badRequest } from '../../shared/errors.js';
import { decodeCursor, encodeCursor, parseTypes } from './events-cursor.js';
import * as repo from './integration.repository.js';

export const MAX_WAIT_SECONDS = 30;

export interface FeedEvent {
  id: number;
  type: string;
  at: string;
  data: Record<string, unknown>;
}

export interface FeedPage {
  events: FeedEvent[];
  next: string;
}

/**
 * One page of the domain events after `after` (a cursor from an earlier page; absent: from the oldest kept),
 * of the types asked for. With `waitSeconds`, an empty page waits until events commit (woken by the event
 * bus, no polling of the table) or the time is up; `signal` ends the wait when the caller hangs up.
 *
 * `next` is where the following call starts: past the last event returned, or past every event looked at when
 * none matched, so a filter on a rare type does not scan the same events again.
 */
export async function readEvents(
  ctx: Ctx,
  input: { after?: string; types?: string; limit?: number; waitSeconds?: number; signal?: AbortSignal },
): Promise<FeedPage> {
  authorize(ctx.actor, 'events.read');
  let afterId = 0;
  if (input.after !== undefined) {
    const decoded = decodeCursor(input.after);
    if (decoded === null)
      throw badRequest('after is not a cursor of this feed; pass the `next` of an earlier answer', { field: 'after' });
    afterId = decoded;
  }
  const parsed = parseTypes(input.types);
  if ('invalid' in parsed)
    throw badRequest(`"${parsed.invalid}" is not an event type or a family such as agreement.*`, { field: 'types' });
  const limit = input.limit ?? 100;
  const waitMs = Math.min(input.waitSeconds ?? 0, MAX_WAIT_SECONDS) * 1000;
  const deadline = Date.now() + waitMs;

  for (;;) {
    // The newest id first, then the page up to it: everything up to it has committed (one writer), so `next`
    // never skips an event that commits later with a smaller id.
    let woken = false;
    let done = () => {};
    const wake = new Promise<void>((resolve) => {
      const timer = setTimeout(() => done(), Math.max(0, deadline - Date.now()));
      const onAbort = () => done();
      const stop = ctx.events.onCommitted(() => {
        woken = true;
        done();
      });
      input.signal?.addEventListener('abort', onAbort, { once: true });
      done = () => {
        clearTimeout(timer);
        stop();
        input.signal?.removeEventListener('abort', onAbort);
        resolve();
      };
    });
    const upTo = await repo.lastEventId(ctx.db);
    const rows = await repo.eventsPage(ctx.db, afterId, upTo, parsed.filter, limit);
    const page: FeedPage = {
      events: rows.map((r) => ({ id: r.id, type: r.type, at: r.occurred_at, data: JSON.parse(r.data) })),
      next: encodeCursor(rows.length === limit ? rows[rows.length - 1]!.id : Math.max(upTo, afterId)),
    };
    if (page.events.length > 0 || Date.now() >= deadline || input.signal?.aborted) {
      done();
      return page;
    }
    // Nothing yet: wait for a commit of new events (or the deadline), then look again from where this page ended.
    afterId = Math.max(upTo, afterId);
    await wake;
    if (!woken) return { events: [], next: page.next };
  }
}
