import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import {
  ACCOUNT_WINDOW_MS,
  defaultThrottleOptions,
  delayAfter,
  KNOWN_MARKER_PATTERN,
  KNOWN_SOURCE_DAYS,
  RESERVATION_MS,
  throttleKeys,
  type LoginOutcome,
  type Reservation,
  type ThrottleOptions,
} from './rate-limit.js';
import * as counters from './throttle.repository.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The sign-in throttle of rate-limit.ts over the shared counters: every node of the installation counts into
 * the same rows, so a flood spread over nodes is slowed as one. `scope` separates the desk's sign-in from the
 * portal's. No process memory grows with the number of accounts or sources tried: idle rows are purged by
 * the `throttle-cleanup` job.
 */
export class LoginThrottle {
  constructor(
    readonly scope: string,
    readonly options: ThrottleOptions = defaultThrottleOptions,
  ) {}

  /**
   * Takes a slot for one check of `email` from `source`, or says how long to wait. Must be awaited before the
   * password is checked; the slot must be released with the outcome.
   */
  async reserve(ctx: Ctx, email: string, source: string, now: number): Promise<Reservation> {
    const opts = this.options;
    const keys = throttleKeys(this.scope, email, source);
    const at = iso(now);
    const reservedUntil = iso(now + RESERVATION_MS);
    const verdict = await inTransaction(ctx, async (tx) => {
      if (!(await counters.reservePair(tx.db, keys.pair, { at, reservedUntil, freeFailures: opts.freeFailures }))) {
        const row = await counters.readCounter(tx.db, keys.pair);
        const waitMs = row?.next_allowed_at ? Date.parse(row.next_allowed_at) - now : 0;
        return { ok: false as const, retryAfterMs: waitMs > 0 ? waitMs : Math.max(opts.baseDelayMs, 1_000) };
      }
      const known = await counters.counterExists(tx.db, keys.known);
      if (known) return { ok: true as const, countsForAccount: false };
      const windowFrom = iso(now - ACCOUNT_WINDOW_MS);
      const room = await counters.reserveAccount(tx.db, keys.account, {
        at,
        windowFrom,
        reservedUntil,
        cap: opts.accountFailuresPerMinute,
      });
      if (room) return { ok: true as const, countsForAccount: true };
      // The pair's slot goes back: this attempt is not checked.
      await counters.releaseSlot(tx.db, keys.pair, { at, failed: false });
      const row = await counters.readCounter(tx.db, keys.account);
      const started = row ? Date.parse(row.window_start) : now;
      return { ok: false as const, retryAfterMs: Math.max(ACCOUNT_WINDOW_MS - (now - started), 1_000) };
    });
    if (!verdict.ok) return verdict;

    let released = false;
    return {
      ok: true,
      release: async (outcome: LoginOutcome, atMs = Date.now()) => {
        if (released) return;
        released = true;
        await this.release(ctx, keys, outcome, atMs, verdict.countsForAccount);
      },
    };
  }

  private release(
    ctx: Ctx,
    keys: ReturnType<typeof throttleKeys>,
    outcome: LoginOutcome,
    atMs: number,
    countsForAccount: boolean,
  ) {
    const at = iso(atMs);
    const failed = outcome === 'failed';
    return inTransaction(ctx, async (tx) => {
      if (countsForAccount)
        await counters.releaseSlot(tx.db, keys.account, { at, failed, windowFrom: iso(atMs - ACCOUNT_WINDOW_MS) });
      if (outcome === 'succeeded') {
        await counters.deleteCounter(tx.db, keys.pair);
        await counters.touchMarker(tx.db, keys.known, at);
        return;
      }
      const failures = await counters.releaseSlot(tx.db, keys.pair, { at, failed });
      if (failed && failures !== null) {
        const delay = delayAfter(failures, this.options);
        if (delay > 0) await counters.setNextAllowed(tx.db, keys.pair, iso(atMs + delay));
      }
    });
  }
}

/** Counters idle for a day (the longest delay is minutes) go; known sources after KNOWN_SOURCE_DAYS. */
export async function throttleCleanupJob(ctx: Ctx): Promise<{ deleted: number }> {
  const now = ctx.clock.now().getTime();
  const deleted = await inTransaction(ctx, (tx) =>
    counters.purgeCounters(tx.db, {
      at: iso(now),
      idleBefore: iso(now - 24 * 3600_000),
      markersBefore: iso(now - KNOWN_SOURCE_DAYS * 24 * 3600_000),
      markerPattern: KNOWN_MARKER_PATTERN,
    }),
  );
  return { deleted };
}
