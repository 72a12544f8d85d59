/**
 * Sign-in throttling, kept in memory and counted before any password is checked.
 *
 * - Per (account, source): the first `freeFailures` wrong passwords cost nothing; after that the source waits
 *   `baseDelayMs`, then twice as long after each further failure, up to `maxDelayMs`. A success from the source
 *   clears its delay. Another source (the owner at their desk) is not slowed by it: there is no hard lockout
 *   anyone could use as a weapon.
 * - Per account across all sources: at most `accountFailuresPerMinute` failures a minute from sources that have
 *   never signed in to it; beyond that unknown sources are refused without a check. A source that signed in to
 *   the account before (while this process runs) keeps only its own delay.
 * - Attempts are reserved synchronously, before the first await: N parallel attempts cannot all read "no
 *   failures yet"; at most the free failures plus one delayed attempt per source evaluate a hash, the rest are
 *   refused with the time to wait.
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

const MAX_KEYS = 50_000;
const MINUTE = 60_000;

interface SourceState {
  failures: number;
  nextAllowedAt: number;
  inFlight: number;
}
interface AccountState {
  failures: number[];
  inFlight: number;
  knownSources: Set<string>;
}

export type LoginOutcome = 'failed' | 'succeeded' | 'not_checked';
export type Reservation =
  { ok: true; release(outcome: LoginOutcome, at?: number): void } | { ok: false; retryAfterMs: number };

export class LoginThrottle {
  private readonly sources = new Map<string, SourceState>();
  private readonly accounts = new Map<string, AccountState>();

  constructor(readonly options: ThrottleOptions = defaultThrottleOptions) {}

  /**
   * Takes a slot for one check of `email` from `source`, or says how long to wait. Synchronous on purpose: it
   * must run before any await of the request. The slot must be released with the outcome.
   */
  reserve(email: string, source: string, now: number): Reservation {
    const account = normaliseEmail(email);
    const pairKey = `${source}|${account}`;
    const pair = this.sources.get(pairKey) ?? { failures: 0, nextAllowedAt: 0, inFlight: 0 };
    const acc = this.accounts.get(account) ?? { failures: [], inFlight: 0, knownSources: new Set<string>() };
    const opts = this.options;

    if (pair.nextAllowedAt > now) return { ok: false, retryAfterMs: pair.nextAllowedAt - now };
    // Within the free failures several checks may run at once; beyond them, one at a time.
    const budget = pair.failures < opts.freeFailures ? opts.freeFailures - pair.failures : 1;
    if (pair.inFlight >= budget) return { ok: false, retryAfterMs: Math.max(opts.baseDelayMs, 1_000) };
    if (!acc.knownSources.has(source)) {
      acc.failures = acc.failures.filter((t) => now - t < MINUTE);
      if (acc.failures.length + acc.inFlight >= opts.accountFailuresPerMinute) {
        const oldest = acc.failures[0] ?? now;
        return { ok: false, retryAfterMs: Math.max(MINUTE - (now - oldest), 1_000) };
      }
      acc.inFlight++;
    }
    const countsForAccount = !acc.knownSources.has(source);
    pair.inFlight++;
    this.remember(this.sources, pairKey, pair);
    this.remember(this.accounts, account, acc);

    let released = false;
    return {
      ok: true,
      release: (outcome, at = Date.now()) => {
        if (released) return;
        released = true;
        pair.inFlight--;
        if (countsForAccount) acc.inFlight--;
        if (outcome === 'failed') {
          pair.failures++;
          if (pair.failures >= opts.freeFailures) {
            const exponent = Math.min(pair.failures - opts.freeFailures, 30);
            pair.nextAllowedAt = at + Math.min(opts.baseDelayMs * 2 ** exponent, opts.maxDelayMs);
          }
          if (countsForAccount) acc.failures.push(at);
        } else if (outcome === 'succeeded') {
          this.sources.delete(pairKey);
          acc.knownSources.add(source);
          if (acc.knownSources.size > 20) acc.knownSources.delete(acc.knownSources.values().next().value!);
        }
      },
    };
  }

  /** Re-inserted on every use so the least recently used key is dropped first when the map is full. */
  private remember<V>(map: Map<string, V>, key: string, value: V) {
    map.delete(key);
    map.set(key, value);
    if (map.size > MAX_KEYS) map.delete(map.keys().next().value!);
  }
}
