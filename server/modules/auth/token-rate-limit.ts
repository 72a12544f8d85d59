// Per-token request limits: a fixed one-minute window per token, aligned to the minutes of the clock so that
// every node counts the same window. Counted synchronously so parallel requests on a node cannot all read
// "room left"; the counts of the other nodes arrive once a second (see shared-token-limit.ts). Pure: the
// caller passes the time. The figures are what the IETF draft's RateLimit-Limit / RateLimit-Remaining /
// RateLimit-Reset headers carry.

export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window starts again (at least 1). */
  resetSeconds: number;
}

export const WINDOW_MS = 60_000;
const MAX_TOKENS = 50_000;

interface TokenWindow {
  /** Which minute (epoch ms / 60,000). */
  window: number;
  /** The requests of every node in this window, as the shared counter last said (this node's flushed ones included). */
  shared: number;
  /** This node's requests since it last added to the shared counter. */
  unflushed: number;
  /** This node's requests on their way to the shared counter (a flush under way). */
  flushing: number;
}

/** One token's requests this node took since the last flush, for the shared counter of their window. */
export interface WindowDelta {
  tokenId: number;
  window: number;
  delta: number;
}

export class TokenRateLimiter {
  private readonly windows = new Map<number, TokenWindow>();

  /** Counts one request of `tokenId` against `limit` requests a minute. */
  take(tokenId: number, limit: number, now: number): RateLimitVerdict {
    const index = Math.floor(now / WINDOW_MS);
    let w = this.windows.get(tokenId);
    if (!w || w.window !== index) {
      // Requests of a past window not yet flushed are dropped with it: that window is over.
      w = { window: index, shared: 0, unflushed: 0, flushing: 0 };
      this.windows.delete(tokenId);
      this.windows.set(tokenId, w);
      // The oldest window goes first when a flood of distinct tokens would grow the map without bound.
      if (this.windows.size > MAX_TOKENS) this.windows.delete(this.windows.keys().next().value!);
    }
    const resetSeconds = Math.max(1, Math.ceil(((index + 1) * WINDOW_MS - now) / 1000));
    const used = w.shared + w.flushing + w.unflushed;
    if (used >= limit) return { allowed: false, limit, remaining: 0, resetSeconds };
    w.unflushed++;
    return { allowed: true, limit, remaining: limit - used - 1, resetSeconds };
  }

  /**
   * Takes what must reach the shared counters: every token of the current window with its requests since the
   * last flush (0 for a token with none: the flush then only reads what the other nodes counted). Windows that
   * ended are forgotten, so the map holds only the tokens used this minute.
   */
  drain(now: number): WindowDelta[] {
    const index = Math.floor(now / WINDOW_MS);
    const out: WindowDelta[] = [];
    for (const [tokenId, w] of this.windows) {
      if (w.window < index) {
        this.windows.delete(tokenId);
        continue;
      }
      out.push({ tokenId, window: w.window, delta: w.unflushed });
      w.flushing += w.unflushed;
      w.unflushed = 0;
    }
    return out;
  }

  /** The shared counter's total for a token's window (every node's flushed requests, this node's included). */
  learn(delta: WindowDelta, total: number) {
    const w = this.windows.get(delta.tokenId);
    if (!w || w.window !== delta.window) return;
    w.flushing -= delta.delta;
    w.shared = Math.max(w.shared, total);
  }

  /** A flush that failed: its requests are counted again at the next one. */
  restore(delta: WindowDelta) {
    const w = this.windows.get(delta.tokenId);
    if (!w || w.window !== delta.window) return;
    w.flushing -= delta.delta;
    w.unflushed += delta.delta;
  }
}
