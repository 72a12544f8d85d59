/**
 * Sign-in throttling: the rules, without I/O. The counts live in the database (login-throttle.ts), so every
 * node of an installation sees the same ones, and are checked before any password is.
 *
 * - Per (account, source): the first `freeFailures` wrong passwords cost nothing; after that the source waits
 *   `baseDelayMs`, then twice as long after each further failure, up to `maxDelayMs`. A success from the source
 *   clears its delay. Another source (the owner at their desk) is not slowed by it: there is no hard lockout
 *   anyone could use as a weapon.
 * - Per account across all sources: at most `accountFailuresPerMinute` failures a minute from sources that have
 *   never signed in to it; beyond that unknown sources are refused without a check. A source that signed in to
 *   the account before (within `knownSourceDays`) keeps only its own delay.
 * - Attempts are reserved before any password is checked, in one conditional statement: N parallel attempts
 *   cannot all read "no failures yet"; at most the free failures plus one delayed attempt per source evaluate
 *   a hash, the rest are refused with the time to wait.
 *
 * The source is `request.ip` as Fastify resolves it: forwarded addresses count only from `trustProxy`.
 */
export interface ThrottleOptions {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  accountFailuresPerMinute: number;
}

export const defaultThrottleOptions: ThrottleOptions = {
  freeFailures: 3,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  accountFailuresPerMinute: 30,
};

/** Trimmed and lower-cased: the limiter and the account lookup use the same key. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const ACCOUNT_WINDOW_MS = 60_000;
/** How long a check holds its slot at most: a node that died mid-check frees it then (hash checks take < 10 s). */
export const RESERVATION_MS = 2 * 60_000;
/** A source that signed in to an account is known to it this long after its last sign-in. */
export const KNOWN_SOURCE_DAYS = 90;

/** How long a source waits after its `failures`-th failure: nothing within the free ones, then doubling. */
export function delayAfter(failures: number, opts: ThrottleOptions): number {
  if (failures < opts.freeFailures) return 0;
  const exponent = Math.min(failures - opts.freeFailures, 30);
  return Math.min(opts.baseDelayMs * 2 ** exponent, opts.maxDelayMs);
}

/**
 * The counters' keys. `scope` keeps the agents' sign-in apart from the portal's (a contact and an agent may
 * share an address); the account is normalised, so spellings of one address share a counter.
 */
export function throttleKeys(scope: string, email: string, source: string) {
  const account = normaliseEmail(email);
  return {
    pair: `${scope}:pair:${account}|${source}`,
    account: `${scope}:account:${account}`,
    known: `${scope}:known:${account}|${source}`,
  };
}

/** Matches the keys of known-source markers (LIKE pattern), which the purge keeps longer. */
export const KNOWN_MARKER_PATTERN = '%:known:%';

export type LoginOutcome = 'failed' | 'succeeded' | 'not_checked';
export type Reservation =
  { ok: true; release(outcome: LoginOutcome, at?: number): Promise<void> } | { ok: false; retryAfterMs: number };
