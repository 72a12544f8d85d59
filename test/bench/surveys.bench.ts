/**
 * Satisfaction surveys on a real SQLite file with the services as in production: what the survey subscriber
 * adds to resolving a ticket, the `surveys` job mailing a backlog of due surveys (a desk back from downtime),
 * and a contact's one-click score link through the HTTP app.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openInstallation } from '../../server/installation.js';
import { buildApp } from '../../server/app.js';
import { fixedClock } from '../../server/shared/clock.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createContact, createOrganization } from '../../server/modules/organizations/organizations.service.js';
import { createTicket, updateTicket } from '../../server/modules/tickets/index.js';
import { surveysJob } from '../../server/modules/surveys/index.js';
import type { Actor } from '../../server/context.js';
import type { BenchRow } from './business-time.bench.js';
import { printBenchRows } from './business-time.bench.js';

const TICKETS = Number(process.env.BENCH_SURVEY_TICKETS ?? 5000);
const SAMPLE = 500;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

export async function benchSurveys(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ondesk-survey-bench-'));
  const clock = fixedClock('2026-12-01T09:00:00Z');
  const inst = await openInstallation({ dataDir, clock, overrides: { logLevel: 'warn' } });
  try {
    const row = await createAgent(inst.ctx(), { email: 'eng@bench.ondesk', name: 'Engineer', role: 'engineer' });
    const actor: Actor = { kind: 'agent', id: row.id, role: 'engineer', name: 'Engineer', language: 'ru' };
    const ctx = inst.ctx(actor);
    const orgs = await Promise.all(
      Array.from({ length: 50 }, (_, i) => createOrganization(inst.ctx(), { name: `Client ${i}` })),
    );
    const contacts = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        createContact(inst.ctx(), orgs[i % orgs.length]!.id, {
          name: `Contact ${i}`,
          email: `c${i}@client${i % orgs.length}.example`,
          language: i % 3 ? 'ru' : 'en',
        }),
      ),
    );
    const tickets = await Promise.all(
      Array.from({ length: TICKETS }, (_, i) => {
        const contact = contacts[i % contacts.length]!;
        return createTicket(ctx, {
          subject: `Не печатает принтер ${i}`,
          description: '—',
          organizationId: orgs[(i % contacts.length) % orgs.length]!.id,
          contactId: contact.id,
          assigneeId: row.id,
          type: 'incident',
          priority: 'P3',
        });
      }),
    );

    // One resolve at a time, as an agent clicks: the latency each sees, the survey created in its transaction.
    const resolveTimes: number[] = [];
    for (const t of tickets.slice(0, SAMPLE)) {
      const start = performance.now();
      await updateTicket(ctx, t.id, { status: 'resolved' });
      resolveTimes.push(performance.now() - start);
    }
    resolveTimes.sort((a, b) => a - b);
    // The rest together, as a busy desk does (group commit).
    const batchStart = performance.now();
    await Promise.all(tickets.slice(SAMPLE).map((t) => updateTicket(ctx, t.id, { status: 'resolved' })));
    const batchMs = performance.now() - batchStart;

    clock.advance(61 * 60_000);
    const jobStart = performance.now();
    const { sent } = await surveysJob(inst.ctx(), { baseUrl: 'https://desk.example' });
    const jobMs = performance.now() - jobStart;
    const idleStart = performance.now();
    await surveysJob(inst.ctx(), { baseUrl: 'https://desk.example' });
    const idleMs = performance.now() - idleStart;

    const bodies = await inst.database.db
      .selectFrom('outbox')
      .select('body')
      .where('dedupe_key', 'like', 'survey:%')
      .limit(SAMPLE)
      .execute();
    const tokens = bodies.map((b) => /\/survey\/([A-Za-z0-9_-]{43})\/5/.exec(b.body)![1]!);
    const app = await buildApp({ installation: inst, logRequests: false });
    const clickTimes: number[] = [];
    try {
      for (const [i, token] of tokens.entries()) {
        const start = performance.now();
        const res = await app.inject({ method: 'GET', url: `/survey/${token}/${(i % 5) + 1}` });
        clickTimes.push(performance.now() - start);
        if (res.statusCode !== 200) throw new Error(`score link answered ${res.statusCode}`);
      }
    } finally {
      await app.close();
    }
    clickTimes.sort((a, b) => a - b);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return [
      {
        name: `resolve one ticket with its survey, p50 (${SAMPLE} in a row)`,
        value: round(percentile(resolveTimes, 0.5)),
        unit: 'ms',
      },
      {
        name: 'resolve one ticket with its survey, p95',
        value: round(percentile(resolveTimes, 0.95)),
        unit: 'ms',
        budget: '≤ 50 ms',
        pass: percentile(resolveTimes, 0.95) <= 50,
      },
      { name: `resolve ${TICKETS - SAMPLE} tickets at once (reference)`, value: Math.round(batchMs), unit: 'ms' },
      {
        name: `surveys job: ${sent} due surveys mailed (tokens, outbox)`,
        value: Math.round(jobMs),
        unit: 'ms',
        budget: '≤ 10,000 ms',
        pass: jobMs <= 10_000 && sent === TICKETS,
      },
      { name: 'surveys job with nothing due', value: round(idleMs), unit: 'ms', budget: '≤ 20 ms', pass: idleMs <= 20 },
      { name: 'score link (GET /survey/:token/:score), p50', value: round(percentile(clickTimes, 0.5)), unit: 'ms' },
      {
        name: 'score link, p95',
        value: round(percentile(clickTimes, 0.95)),
        unit: 'ms',
        budget: '≤ 50 ms',
        pass: percentile(clickTimes, 0.95) <= 50,
      },
    ];
  } finally {
    await inst.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printBenchRows('Satisfaction surveys', await benchSurveys());
}
