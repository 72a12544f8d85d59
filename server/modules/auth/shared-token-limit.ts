import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { TokenRateLimiter, WINDOW_MS, type RateLimitVerdict } from './token-rate-limit.js';
import * as counters from './throttle.repository.js';

/** How often a node adds its counts to the shared counters and reads the other nodes' counts. */
export const FLUSH_MS = 1_000;

/**
 * The per-token limit over every node, without a database write per request: each node counts its own
 * requests in memory (TokenRateLimiter) and once a second adds them to one row per token and minute
 * (`api:<token>:<minute>` in throttle_counters), reading back the total of all nodes.
 *
 * The bound: a node refuses once the total it last read plus its own requests since reach the limit. What
 * it cannot see are the requests other nodes took since their last flush — at most one flush interval (plus
 * the time a flush takes) of their traffic. So a token gets at most `limit` plus, for each other node, what
 * that node admitted in about a second; and never more than `nodes × limit` in one minute. With one node the
 * limit is exact.
 */
export class SharedTokenRateLimiter {
  private readonly local = new TokenRateLimiter();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(private readonly ctx: () => Ctx) {}

  take(tokenId: number, limit: number, now: number): RateLimitVerdict {
    return this.local.take(tokenId, limit, now);
  }

  /** Adds this node's counts to the shared ones and learns the totals. One transaction for every token. */
  flush(now = Date.now()): Promise<void> {
    this.flushing ??= this.flushOnce(now).finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async flushOnce(now: number) {
    const deltas = this.local.drain(now);
    if (deltas.length === 0) return;
    const at = new Date(now).toISOString();
    try {
      const totals = await inTransaction(this.ctx(), async (tx) => {
        const out: number[] = [];
        for (const d of deltas) {
          const key = `api:${d.tokenId}:${d.window}`;
          if (d.delta > 0) out.push(await counters.addToWindow(tx.db, key, d.delta, at));
          else out.push((await counters.readCounter(tx.db, key))?.count ?? 0);
        }
        return out;
      });
      deltas.forEach((d, i) => this.local.learn(d, totals[i]!));
    } catch (err) {
      for (const d of deltas) this.local.restore(d);
      throw err;
    }
  }

  /** Flushes every FLUSH_MS while the app runs. */
  start() {
    this.timer ??= setInterval(() => {
      this.flush().catch((err: unknown) =>
        this.ctx().log.warn({ err }, 'API rate counts not shared this second; they are added at the next flush'),
      );
    }, FLUSH_MS);
    this.timer.unref();
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush().catch(() => undefined);
  }
}

export { WINDOW_MS };
