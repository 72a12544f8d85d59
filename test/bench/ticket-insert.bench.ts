/**
 * What a created ticket costs SQLite, apart from HTTP and JavaScript: the desk's own row inserted into a desk of
 * `BENCH_INSERT_TICKETS` (100,000) tickets over 50 clients, in transactions of 32 (what group commit makes of 32
 * connections), with every index and trigger the migrations made — and again without some of them, to show what
 * they cost — and how many pages each commit writes to the WAL. A reference for where creation's time goes, with
 * no budget of its own: the creation budget is the desk benchmark's figure through HTTP.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openInstallation } from '../../server/installation.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createOrganization } from '../../server/modules/organizations/organizations.service.js';
import { printBenchRows, type BenchRow } from './business-time.bench.js';
import { INSERT } from './desk-ticket-row.js';

const SEEDED = Number(process.env.BENCH_INSERT_TICKETS ?? 100_000);
const CLIENTS = 50;
const BATCH = 32;
const MEASURED = 16_000;
const PER_CLIENT_INDEXES = ['tickets_organization', 'tickets_organization_updated'];

/** A desk as the migrations make it, with SEEDED tickets over five years (older than a month closed). */
async function seededDesk(dir: string): Promise<{ file: string; agentId: number; orgs: number[] }> {
  const inst = await openInstallation({ dataDir: dir, overrides: { logLevel: 'warn' } });
  try {
    const ctx = inst.ctx();
    const agent = await createAgent(ctx, { email: 'bench@bench.ondesk', name: 'Bench', role: 'admin' });
    const orgs: number[] = [];
    for (let i = 1; i <= CLIENTS; i++) orgs.push((await createOrganization(ctx, { name: `Client ${i}` })).id);
    const db = inst.database.sqlite;
    const insert = db.prepare(INSERT);
    const now = Date.now();
    const span = 5 * 365 * 86_400_000;
    db.transaction(() => {
      for (let i = 0; i < SEEDED; i++) {
        const at = now - span + Math.floor((i / SEEDED) * span);
        const stamp = new Date(at).toISOString();
        const open = now - at < 30 * 86_400_000;
        insert.get(
          `Ticket ${i}`,
          'Seeded for the insert benchmark',
          open ? 'open' : 'closed',
          orgs[i % CLIENTS],
          agent.id,
          stamp,
          stamp,
          at + 3_600_000,
          at + 57_600_000,
          open ? at + 3_000_000 : null,
          at + 3_600_000,
        );
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { file: join(dir, 'ondesk.db'), agentId: agent.id, orgs };
  } finally {
    await inst.close();
  }
}

interface Variant {
  name: string;
  /** Which of the desk's indexes and insert triggers on tickets to drop first. */
  drop: (objects: { indexes: string[]; insertTriggers: string[] }) => string[];
}

const variants: Variant[] = [
  { name: 'every index and trigger', drop: () => [] },
  {
    name: 'without the insert triggers',
    drop: ({ insertTriggers }) => insertTriggers.map((t) => `drop trigger ${t}`),
  },
  {
    name: 'without the two per-client indexes',
    drop: () => PER_CLIENT_INDEXES.map((i) => `drop index ${i}`),
  },
  {
    name: 'without any index or trigger',
    drop: ({ indexes, insertTriggers }) => [
      ...insertTriggers.map((t) => `drop trigger ${t}`),
      ...indexes.map((i) => `drop index ${i}`),
    ],
  },
];

function measure(seed: { file: string; agentId: number; orgs: number[] }, variant: Variant, dir: string) {
  const file = join(dir, `variant.db`);
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  copyFileSync(seed.file, file);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -32000'); // the desk's page cache (server/db/connection.ts)
    db.pragma('wal_autocheckpoint = 0'); // the WAL's growth is the count of pages written
    const objects = {
      indexes: (
        db
          .prepare(`select name from sqlite_master where type = 'index' and tbl_name = 'tickets' and sql is not null`)
          .all() as Array<{ name: string }>
      ).map((r) => r.name),
      insertTriggers: (
        db
          .prepare(`select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'tickets'`)
          .all() as Array<{ name: string; sql: string }>
      )
        .filter((r) => /after\s+insert\s+on\s+tickets/i.test(r.sql))
        .map((r) => r.name),
    };
    for (const i of PER_CLIENT_INDEXES)
      if (!objects.indexes.includes(i)) throw new Error(`the desk has no index ${i}: update this benchmark`);
    for (const statement of variant.drop(objects)) db.exec(statement);
    const insert = db.prepare(INSERT);
    const begin = db.prepare('begin');
    const commit = db.prepare('commit');
    let n = 0;
    const run = (tickets: number) => {
      const started = process.hrtime.bigint();
      for (let done = 0; done < tickets; done += BATCH) {
        begin.run();
        for (let j = 0; j < BATCH; j++, n++) {
          const at = Date.now();
          const stamp = new Date(at).toISOString();
          insert.get(
            'Не печатает принтер',
            'HP LaserJet в кабинете 204 пишет «Замятие бумаги».',
            'new',
            seed.orgs[(n * 7919) % CLIENTS],
            seed.agentId,
            stamp,
            stamp,
            at + 3_600_000,
            at + 57_600_000,
            at + 3_000_000,
            at + 3_600_000,
          );
        }
        commit.run();
      }
      return Number(process.hrtime.bigint() - started) / 1000 / tickets;
    };
    run(2_000); // warm: the page cache holds what the inserts touch
    db.pragma('wal_checkpoint(TRUNCATE)');
    const perTicket = run(MEASURED);
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    const frames = (statSync(`${file}-wal`).size - 32) / (pageSize + 24);
    return {
      perTicket,
      pagesPerCommit: frames / (MEASURED / BATCH),
      indexes: objects.indexes.length,
      triggers: objects.insertTriggers.length,
    };
  } finally {
    db.close();
  }
}

export async function benchTicketInsert(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ondesk-insert-bench-'));
  try {
    const seed = await seededDesk(dir);
    const rows: BenchRow[] = [];
    for (const [i, variant] of variants.entries()) {
      const r = measure(seed, variant, dir);
      const what = i === 0 ? ` (${r.indexes} indexes, ${r.triggers} insert triggers)` : '';
      rows.push(
        { name: `insert, ${variant.name}${what}`, value: Math.round(r.perTicket * 10) / 10, unit: 'µs a ticket' },
        {
          name: `  pages a commit of ${BATCH} writes to the WAL`,
          value: Math.round(r.pagesPerCommit * 10) / 10,
          unit: 'pages',
        },
      );
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printBenchRows('Ticket insert in SQLite', await benchTicketInsert());
}
