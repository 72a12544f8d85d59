/**
 * The integration API (issue 19): what an Idempotency-Key costs a POST, how fast the events feed pages over a
 * large event table (with and without a type filter), how soon a long-poll answers once an event commits, and
 * the per-token rate limiter's own cost. Real server (inject), real SQLite file.
 *
 * Part of `npm run bench` (through extra.ts, key `integration-api`); on its own:
 *   node --import=tsx test/bench/integration-api.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { openInstallation } from '../../server/installation.js';
import { buildApp } from '../../server/app.js';
import { inTransaction } from '../../server/context.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createApiToken, TokenRateLimiter } from '../../server/modules/auth/index.js';
import type { BenchRow } from './business-time.bench.js';
import { printBenchRows } from './business-time.bench.js';

const EVENTS = 300_000;

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * p)]!;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

export async function benchIntegrationApi(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ondesk-integration-bench-'));
  // A limit no bench loop reaches: the limiter's cost is measured on its own below.
  const inst = await openInstallation({
    dataDir,
    overrides: { logLevel: 'warn', apiRateLimitPerMinute: 1_000_000 },
  });
  const app = await buildApp({ installation: inst, logRequests: false });
  try {
    const ctx = inst.ctx();
    const admin = await createAgent(ctx, { email: 'admin@bench.ondesk', name: 'Admin', role: 'admin' });
    const { token } = await createApiToken(ctx, { agentId: admin.id, name: 'bench' });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const org = await app.inject({ method: 'POST', url: '/api/v1/organizations', headers, payload: { name: 'Bench' } });
    const organizationId = org.json().id as number;

    // Events as a busy desk leaves them: one in five of the agreement family, the rest tickets and comments.
    await inTransaction(ctx, (tx) =>
      sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${EVENTS})
          insert into domain_events (type, occurred_at, actor, data)
          select case i % 5 when 0 then 'agreement.transitioned' when 1 then 'ticket.created'
                            when 2 then 'comment.added' else 'ticket.updated' end,
                 strftime('%Y-%m-%dT%H:%M:%fZ', '2026-11-01', '+' || i || ' seconds'), 'system',
                 '{"ticketId":' || i || ',"organizationId":1}'
          from n`.execute(tx.db),
    );

    const get = (url: string) => app.inject({ method: 'GET', url, headers });
    let cursor: string | undefined;
    const pageMs: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t0 = process.hrtime.bigint();
      const res = await get(`/api/v1/events?limit=100${cursor ? `&after=${cursor}` : ''}`);
      pageMs.push(ms(t0));
      cursor = res.json().next;
    }
    cursor = undefined;
    const filteredMs: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t0 = process.hrtime.bigint();
      const res = await get(`/api/v1/events?limit=100&types=agreement.*${cursor ? `&after=${cursor}` : ''}`);
      filteredMs.push(ms(t0));
      cursor = res.json().next;
    }

    const ticket = (i: number) =>
      JSON.stringify({ subject: `Bench ${i}`, description: 'x', organizationId, type: 'request', priority: 'P3' });
    const post = (i: number, key?: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/tickets',
        headers: key ? { ...headers, 'idempotency-key': key } : headers,
        payload: ticket(i),
      });
    for (let i = 0; i < 50; i++) await post(i, `warm-${i}`);
    const N = 300;
    const plain: number[] = [];
    const keyed: number[] = [];
    // Alternated, so both see the same database size and the same machine noise.
    for (let i = 0; i < N; i++) {
      let t0 = process.hrtime.bigint();
      await post(1000 + i);
      plain.push(ms(t0));
      t0 = process.hrtime.bigint();
      await post(2000 + i, `key-${i}`);
      keyed.push(ms(t0));
    }
    const replay: number[] = [];
    for (let i = 0; i < N; i++) {
      const t0 = process.hrtime.bigint();
      await post(2000 + i, `key-${i}`);
      replay.push(ms(t0));
    }

    const wake: number[] = [];
    for (let i = 0; i < 20; i++) {
      const head = (await get('/api/v1/events?types=ticket.created&limit=1000')).json().next as string;
      const waiting = get(`/api/v1/events?types=ticket.created&wait=10&after=${head}`);
      await new Promise((r) => setTimeout(r, 20));
      await post(5000 + i);
      const committed = process.hrtime.bigint();
      await waiting;
      wake.push(ms(committed));
    }

    const limiter = new TokenRateLimiter();
    const M = 1_000_000;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < M; i++) limiter.take(i % 1000, 1_000_000, 1_000 + i);
    const limiterNs = (Number(process.hrtime.bigint() - t0) / M) | 0;

    const p95Page = percentile(pageMs, 0.95);
    const p95Filtered = percentile(filteredMs, 0.95);
    const overhead = percentile(keyed, 0.5) - percentile(plain, 0.5);
    return [
      {
        name: `events feed page of 100 over ${EVENTS.toLocaleString('en')} events, p95`,
        value: Math.round(p95Page * 100) / 100,
        unit: 'ms',
        budget: '≤ 50 ms',
        pass: p95Page <= 50,
      },
      {
        name: 'events feed page of 100, types=agreement.* (1 in 5), p95',
        value: Math.round(p95Filtered * 100) / 100,
        unit: 'ms',
        budget: '≤ 50 ms',
        pass: p95Filtered <= 50,
      },
      { name: 'POST /tickets without a key, median', value: round(percentile(plain, 0.5)), unit: 'ms' },
      { name: 'POST /tickets with an Idempotency-Key, median', value: round(percentile(keyed, 0.5)), unit: 'ms' },
      {
        name: 'what the key adds to a POST (reserve + keep the answer), median',
        value: round(overhead),
        unit: 'ms',
        budget: '≤ 5 ms',
        pass: overhead <= 5,
      },
      { name: 'a replayed answer (same key, same body), median', value: round(percentile(replay, 0.5)), unit: 'ms' },
      {
        name: 'long-poll answered after the event committed, p95 of 20',
        value: round(percentile(wake, 0.95)),
        unit: 'ms',
        budget: '≤ 100 ms',
        pass: percentile(wake, 0.95) <= 100,
      },
      { name: 'rate limiter, one request counted (pure)', value: limiterNs, unit: 'ns' },
    ];
  } finally {
    await app.close();
    await inst.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printBenchRows('Integration API', await benchIntegrationApi());
}
