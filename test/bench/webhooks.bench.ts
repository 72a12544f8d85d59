/**
 * Webhooks on a real SQLite file with the services as in production: what queueing messages costs per endpoint
 * (the after-commit processor reading a batch of events for 10 endpoints), deliveries a second to a receiver on
 * loopback (signed, one connection each, recorded in the log), and the delivery log's page over 1,000,000 rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { openInstallation } from '../../server/installation.js';
import { buildApp } from '../../server/app.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createApiToken } from '../../server/modules/auth/index.js';
import { createOrganization } from '../../server/modules/organizations/organizations.service.js';
import { createTicket } from '../../server/modules/tickets/index.js';
import { runProcessor } from '../../server/events/event-processors.js';
import { runWebhookDeliveries, webhookProcessor } from '../../server/modules/webhooks/index.js';
import type { Actor } from '../../server/context.js';
import type { BenchRow } from './business-time.bench.js';
import { printBenchRows } from './business-time.bench.js';

const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 500);
const ENDPOINTS = 10;
const LOG_ROWS = Number(process.env.BENCH_WEBHOOK_LOG_ROWS ?? 1_000_000);
const QUERIES = 200;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const round = (ms: number) => Math.round(ms * 100) / 100;

export async function benchWebhooks(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ondesk-webhook-bench-'));
  const allow = '127.0.0.0/8';
  const inst = await openInstallation({ dataDir, overrides: { logLevel: 'warn', webhookAllow: allow } });
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const app = await buildApp({ installation: inst, logRequests: false });
  try {
    const admin = await createAgent(inst.ctx(), { email: 'admin@bench.ondesk', name: 'Admin', role: 'admin' });
    const actor: Actor = { kind: 'agent', id: admin.id, role: 'admin', name: 'Admin', language: 'ru' };
    const { token } = await createApiToken(inst.ctx(), { agentId: admin.id, name: 'bench' });
    const api = (method: 'GET' | 'POST', url: string, body?: unknown) =>
      app.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { payload: JSON.stringify(body) }),
      });
    const org = await createOrganization(inst.ctx(actor), { name: 'Client' });
    const ids: number[] = [];
    for (let i = 0; i < ENDPOINTS; i++) {
      const res = await api('POST', '/api/v1/webhooks', {
        url: `http://127.0.0.1:${port}/hook/${i}`,
        events: i % 2 ? ['ticket.*'] : ['ticket.created', 'comment.*'],
      });
      if (res.statusCode !== 201) throw new Error(`webhook: ${res.body}`);
      ids.push((res.json() as { id: number }).id);
    }

    // The write path: a ticket as an agent files it, with 10 endpoints subscribed (messages are queued after commit).
    const writeTimes: number[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const start = performance.now();
      await createTicket(inst.ctx(actor), {
        subject: `Не печатает принтер ${i}`,
        description: '—',
        organizationId: org.id,
        type: 'incident',
        priority: 'P3',
      });
      writeTimes.push(performance.now() - start);
    }
    writeTimes.sort((a, b) => a - b);
    // Queueing: the processor reads the events and queues a message per endpoint (5,000 here).
    const queueStart = performance.now();
    await runProcessor(inst.ctx(), webhookProcessor);
    const queueMs = performance.now() - queueStart;
    const queued = Number(
      (
        await inst.database.db
          .selectFrom('webhook_deliveries')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const perEndpointMs = queueMs / (EVENTS * ENDPOINTS);

    // Delivery: every queued message to the local receiver, signed and logged.
    const sendStart = performance.now();
    let sent = 0;
    while (sent < queued) {
      const run = await runWebhookDeliveries(inst.ctx(), { allow });
      if (run.sent === 0) throw new Error(`stuck after ${sent} deliveries (${run.failed} failed)`);
      sent += run.sent;
    }
    const sendMs = performance.now() - sendStart;
    const perSecond = (sent / sendMs) * 1000;

    // The log: 1,000,000 rows on one endpoint (the worst case for its page), seeded with one statement.
    const logId = ids[0]!;
    const seedStart = performance.now();
    await inst.database.writes.run((trx) =>
      sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${LOG_ROWS})
        insert into webhook_deliveries (endpoint_id, message_id, event_id, event_type, body, status, attempts,
          request_headers, response_status, response_body, duration_ms, created_at, last_attempt_at)
        select ${logId}, 'msg_seed_' || i, null,
          case i % 5 when 0 then 'ticket.created' when 1 then 'ticket.updated' when 2 then 'comment.public_created'
            when 3 then 'sla.breached' else 'worklog.created' end,
          '{"type":"ticket.updated","timestamp":"2026-12-01T10:00:00.000Z","data":{"ticketId":' || i || '}}',
          case when i % 50 = 0 then 'failed' else 'succeeded' end, 1,
          '{"content-type":"application/json","webhook-id":"msg_seed"}', case when i % 50 = 0 then 500 else 204 end,
          '', 12, '2026-12-01T10:00:00.000Z', '2026-12-01T10:00:00.000Z'
        from n`.execute(trx),
    );
    const seedMs = performance.now() - seedStart;
    const maxId = Number(
      (
        await inst.database.db
          .selectFrom('webhook_deliveries')
          .select((e) => e.fn.max('id').as('m'))
          .executeTakeFirstOrThrow()
      ).m,
    );
    const queries = [
      () => `/api/v1/webhooks/${logId}/deliveries`,
      () => `/api/v1/webhooks/${logId}/deliveries?status=failed`,
      () => `/api/v1/webhooks/${logId}/deliveries?event=sla.breached`,
      () => `/api/v1/webhooks/${logId}/deliveries?cursor=${1 + Math.floor(Math.random() * maxId)}`,
      () =>
        `/api/v1/webhooks/${logId}/deliveries?status=failed&event=ticket.created&cursor=${1 + Math.floor(Math.random() * maxId)}`,
    ];
    const logTimes: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const url = queries[i % queries.length]!();
      const start = performance.now();
      const res = await api('GET', url);
      logTimes.push(performance.now() - start);
      if (res.statusCode !== 200) throw new Error(`log: ${res.statusCode} ${res.body}`);
    }
    logTimes.sort((a, b) => a - b);

    return [
      {
        name: `file a ticket with ${ENDPOINTS} endpoints subscribed, p50 (${EVENTS} in a row)`,
        value: round(percentile(writeTimes, 0.5)),
        unit: 'ms',
      },
      {
        name: 'file a ticket with webhooks, p95 (reference: queueing is after commit)',
        value: round(percentile(writeTimes, 0.95)),
        unit: 'ms',
      },
      {
        name: `queue ${queued} messages (${EVENTS} events × ${ENDPOINTS} endpoints): per endpoint and event`,
        value: Math.round(perEndpointMs * 1000),
        unit: 'µs',
        budget: '≤ 1,000 µs (1 ms)',
        pass: perEndpointMs <= 1 && queued === EVENTS * ENDPOINTS,
      },
      {
        name: `deliveries to a loopback receiver (${sent} signed, logged; ${ENDPOINTS} endpoints in order)`,
        value: Math.round(perSecond),
        unit: '/s',
        budget: '≥ 200/s',
        pass: perSecond >= 200 && received >= sent,
      },
      {
        name: `seed ${LOG_ROWS.toLocaleString('en')} log rows (one INSERT … SELECT)`,
        value: Math.round(seedMs),
        unit: 'ms',
      },
      {
        name: 'delivery log page (GET …/deliveries, filters and cursors), p50',
        value: round(percentile(logTimes, 0.5)),
        unit: 'ms',
      },
      {
        name: `delivery log page over ${LOG_ROWS.toLocaleString('en')} rows, p95`,
        value: round(percentile(logTimes, 0.95)),
        unit: 'ms',
        budget: '≤ 100 ms',
        pass: percentile(logTimes, 0.95) <= 100,
      },
    ];
  } finally {
    await app.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await inst.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printBenchRows('Webhooks', await benchWebhooks());
}
