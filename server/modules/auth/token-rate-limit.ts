// Per-token request limits, kept in memory: a fixed one-minute window per token, counted synchronously so
// parallel requests cannot all read "room left". Pure: the caller passes the time. The figures are what the
// IETF draft's RateLimit-Limit / RateLimit-Remaining / RateLimit-Reset headers carry.

export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window starts again (at least 1). */
  resetSeconds: number;
}

const WINDOW_MS = 60_000;
const MAX_TOKENS = 50_000;

export class TokenRateLimiter {
  private readonly windows = new Map<number, { startedAt: number; used: number }>();

  /** Counts one request of `tokenId` against `limit` requests a minute. */
  take(tokenId: number, limit: number, now: number): RateLimitVerdict {
    let window = this.windows.get(tokenId);
    if (!window || now - window.startedAt >= WINDOW_MS) {
      window = { startedAt: now, used: 0 };
      this.windows.delete(tokenId);
      this.windows.set(tokenId, window);
      // The oldest window goes first when a flood of distinct tokens would grow the map without bound.
      if (this.windows.size > MAX_TOKENS) this.windows.delete(this.windows.keys().next().value!);
    }
    const resetSeconds = Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - now) / 1000));
    if (window.used >= limit) return { allowed: false, limit, remaining: 0, resetSeconds };
    window.used++;
    return { allowed: true, limit, remaining: limit - window.used, resetSeconds };
  }
}
