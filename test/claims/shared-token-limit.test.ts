import t from 'tap';
import fc from 'fast-check';
import { SharedTokenRateLimiter } from '../../server/modules/auth/index.js';
import { TokenRateLimiter, type WindowDelta } from '../../server/modules/auth/token-rate-limit.js';
import { twoNodes } from './nodes.js';

const MINUTE_START = Date.parse('2026-12-05T10:00:00.000Z');

t.test(
  'pure: nodes that share their counts after every request admit the limit, each other node at most one more',
  async (t) => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 0, max: 59 }),
        (limit, order, every) => {
          const nodes = [new TokenRateLimiter(), new TokenRateLimiter(), new TokenRateLimiter()];
          const shared = new Map<string, number>();
          const flush = (node: TokenRateLimiter, now: number) => {
            for (const d of node.drain(now)) {
              const key = `${d.tokenId}:${d.window}`;
              const total = (shared.get(key) ?? 0) + d.delta;
              shared.set(key, total);
              node.learn(d, total);
            }
          };
          let admitted = 0;
          order.forEach((n, i) => {
            const now = MINUTE_START + i * every * 10;
            if (Math.floor(now / 60_000) !== Math.floor(MINUTE_START / 60_000)) return;
            nodes.forEach((node) => flush(node, now));
            if (nodes[n]!.take(1, limit, now).allowed) admitted++;
          });
          const inWindow = order.filter((_, i) => i * every * 10 < 60_000).length;
          // A node's first request of a token in a window goes before it has read the total: one more per other node.
          const expected = Math.min(limit, inWindow);
          return admitted >= expected && admitted <= expected + 2;
        },
      ),
    );
    t.pass('property held');
  },
);

t.test('pure: without any flush each node admits at most the limit (the worst case: nodes × limit)', async (t) => {
  const a = new TokenRateLimiter();
  const b = new TokenRateLimiter();
  let admitted = 0;
  for (let i = 0; i < 50; i++) {
    if (a.take(9, 10, MINUTE_START + i).allowed) admitted++;
    if (b.take(9, 10, MINUTE_START + i).allowed) admitted++;
  }
  t.equal(admitted, 20);
});

t.test('pure: a flush that failed is counted again at the next one', async (t) => {
  const node = new TokenRateLimiter();
  node.take(3, 5, MINUTE_START);
  node.take(3, 5, MINUTE_START + 1);
  const [lost] = node.drain(MINUTE_START + 2) as [WindowDelta];
  t.same(lost, { tokenId: 3, window: Math.floor(MINUTE_START / 60_000), delta: 2 });
  t.equal(node.take(3, 5, MINUTE_START + 3).remaining, 2, 'requests on their way still count');
  node.restore(lost);
  t.same(node.drain(MINUTE_START + 4), [{ tokenId: 3, window: lost.window, delta: 3 }]);
  t.same(node.drain(MINUTE_START + 60_000), [], 'a minute later the window is forgotten');
});

t.test('two nodes on one database share a token limit through the counters, once a second', async (t) => {
  const [instA, instB] = await twoNodes(t);
  const a = new SharedTokenRateLimiter(() => instA.ctx());
  const b = new SharedTokenRateLimiter(() => instB.ctx());
  const now = MINUTE_START + 5_000;
  const take = (node: SharedTokenRateLimiter, n: number, at = now) => {
    let allowed = 0;
    for (let i = 0; i < n; i++) if (node.take(42, 100, at).allowed) allowed++;
    return allowed;
  };
  t.equal(take(a, 60), 60, 'node A takes 60 of 100');
  await a.flush(now);
  t.equal(take(b, 1), 1);
  await b.flush(now + 1000);
  t.equal(take(b, 100, now + 1000), 39, 'node B, having read the total, admits only what is left');
  await b.flush(now + 2000);
  await a.flush(now + 2000);
  t.same(a.take(42, 100, now + 2000), { allowed: false, limit: 100, remaining: 0, resetSeconds: 53 }, 'A is full too');
  const row = await instA.database.db
    .selectFrom('throttle_counters')
    .select(['key', 'count'])
    .where('key', 'like', 'api:%')
    .execute();
  t.same(row, [{ key: `api:42:${Math.floor(MINUTE_START / 60_000)}`, count: 100 }], 'one row: exactly the limit');
  t.equal(take(a, 5, MINUTE_START + 60_000), 5, 'the next minute starts afresh');

  // Without a flush in between, two nodes admit at most one flush interval's worth beyond the limit each.
  const c = new SharedTokenRateLimiter(() => instA.ctx());
  const d = new SharedTokenRateLimiter(() => instB.ctx());
  const later = MINUTE_START + 120_000;
  t.equal(take(c, 8, later) + take(d, 8, later), 16, 'the unshared second: each node alone within the limit of 10');
  const bounded = (n: SharedTokenRateLimiter) => {
    let allowed = 0;
    for (let i = 0; i < 20; i++) if (n.take(42, 10, later).allowed) allowed++;
    return allowed;
  };
  await c.flush(later);
  await d.flush(later);
  await c.flush(later);
  t.equal(bounded(c) + bounded(d), 0, 'after both flushed, both refuse: 16 admitted against 10, within 2 × 10');
});
