/**
 * The desk's first load in Chromium, with 100,000 tickets: a signed-in agent opens `/` on an empty cache.
 * Counted through the browser's own network events (CDP), so only what the browser actually fetched counts:
 * the JS and CSS bytes as transferred and as gzip would send them (each fetched body gzipped here — the
 * server itself sends them uncompressed), and the time from navigation until the queue's rows are on the
 * screen (a MutationObserver put in before any script, stamping performance.now()).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { buildApp } from '../../server/app.js';
import { openInstallation } from '../../server/installation.js';
import { createAgent } from '../../server/modules/agents/index.js';
import { indexBacklog } from '../../server/modules/search/search-backlog.js';
import type { BenchRow } from './business-time.bench.js';
import { seedTickets } from './seed-tickets.js';

const TICKETS = 100_000;
const RUNS = 5;
const PASSWORD = 'bench-password';

export async function benchUiLoad(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ondesk-ui-load-bench-'));
  const inst = await openInstallation({ dataDir, overrides: { logLevel: 'warn' } });
  try {
    const agent = await createAgent(inst.ctx(), {
      email: 'agent@bench.example',
      name: 'Bench Agent',
      role: 'admin',
      password: PASSWORD,
      language: 'en',
    });
    const db = inst.database.sqlite;
    const stamp = new Date().toISOString();
    const org = (name: string) =>
      Number(
        db.prepare(`insert into organizations (name, created_at, updated_at) values (?, ?, ?)`).run(name, stamp, stamp)
          .lastInsertRowid,
      );
    const orgs = Array.from({ length: 200 }, (_, i) => org(`Client ${i + 1}`));
    seedTickets(inst, { count: TICKETS, organizations: orgs, agents: [agent.id] });
    db.exec('ANALYZE');
    await indexBacklog(inst.ctx());

    const app = await buildApp({ installation: inst, logRequests: false });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const sizes: { transferred: number; gzipped: number; files: number }[] = [];
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        // A fresh context each run: an empty cache, as on the first visit.
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
        const signedIn = await context.request.post(`${url}/api/v1/auth/login`, {
          data: { email: 'agent@bench.example', password: PASSWORD },
        });
        if (!signedIn.ok()) throw new Error(`sign-in failed: ${signedIn.status()}`);
        await context.addInitScript(() => {
          const w = window as unknown as { __queueVisibleAt?: number };
          new MutationObserver((_, observer) => {
            if (document.querySelector('table.grid tbody tr, .queue-card')) {
              w.__queueVisibleAt = performance.now();
              observer.disconnect();
            }
          }).observe(document, { childList: true, subtree: true });
        });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        const fetched = new Map<string, { url: string; type: string; encoded: number }>();
        cdp.on('Network.responseReceived', (e) =>
          fetched.set(e.requestId, { url: e.response.url, type: e.type, encoded: 0 }),
        );
        cdp.on('Network.loadingFinished', (e) => {
          const f = fetched.get(e.requestId);
          if (f) f.encoded = e.encodedDataLength;
        });
        await page.goto(`${url}/`);
        await page.waitForFunction(() => (window as unknown as { __queueVisibleAt?: number }).__queueVisibleAt);
        await page.waitForLoadState('networkidle');
        times.push(await page.evaluate(() => (window as unknown as { __queueVisibleAt: number }).__queueVisibleAt));
        let transferred = 0;
        let gzipped = 0;
        let files = 0;
        for (const [requestId, f] of fetched) {
          if (f.type !== 'Script' && f.type !== 'Stylesheet') continue;
          const body = (await cdp.send('Network.getResponseBody', { requestId })) as {
            body: string;
            base64Encoded: boolean;
          };
          const bytes = Buffer.from(body.body, body.base64Encoded ? 'base64' : 'utf8');
          transferred += f.encoded;
          gzipped += gzipSync(bytes, { level: 6 }).length;
          files++;
        }
        sizes.push({ transferred, gzipped, files });
        await context.close();
      }
      const sorted = [...times].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)]!;
      const last = sizes.at(-1)!;
      return [
        {
          name: `first load JS+CSS, gzipped (${last.files} files fetched for / after sign-in)`,
          value: Math.round(last.gzipped / 1024),
          unit: 'KB',
          budget: '≤ 150 KB',
          pass: last.gzipped <= 150 * 1024,
        },
        {
          name: 'first load JS+CSS as transferred (the server does not compress)',
          value: Math.round(last.transferred / 1024),
          unit: 'KB',
        },
        {
          name: `queue of ${TICKETS.toLocaleString('en')} tickets: navigation → rows visible, median of ${RUNS}`,
          value: Math.round(median),
          unit: 'ms',
          budget: '≤ 1000 ms',
          pass: median <= 1000,
        },
        { name: 'queue rows visible, slowest run', value: Math.round(sorted.at(-1)!), unit: 'ms' },
      ];
    } finally {
      await browser.close();
      await app.close();
    }
  } finally {
    await inst.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
