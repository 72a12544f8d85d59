/**
 * Two nodes on one PostgreSQL (issue 21): ticket creation at 32 connections spread over both nodes (p95), and
 * the queue view's read throughput with one node serving vs two. Real `ondesk serve` processes as built (dist/),
 * licensed for two nodes with the test keys, on a fresh database of a private PostgreSQL 15 cluster (or of the
 * cluster at ONDESK_TEST_PG_URL).
 *
 * Part of `npm run bench` (through extra.ts, key `cluster`); on its own after `node bin/build.mjs`:
 *   BENCH_ONLY=cluster node dist/test/bench/run.js
 * BENCH_CLUSTER_SECONDS sets each load's length (10); BENCH_DEBUG=1 prints each load's status codes.
 */
import autocannon from 'autocannon';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { sql } from 'kysely';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openInstallation } from '../../server/installation.js';
import { applyToken } from '../../server/modules/licensing/index.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createApiToken } from '../../server/modules/auth/index.js';
import { SERVER_MALLOC_ENV, SERVER_NODE_FLAGS } from '../../server/shared/node-flags.js';
import { freshPostgresDatabase } from '../helpers/installation.js';
import { mintLicense, mintNode, trustTestKeys } from '../helpers/licenses.js';
import { percentile } from './load.js';
import { printBenchRows, type BenchRow } from './business-time.bench.js';

const SECONDS = Number(process.env.BENCH_CLUSTER_SECONDS ?? 10);
const CONNECTIONS = 32;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The admin URL of a PostgreSQL cluster: CI's, else a private one started here (stopped by the returned function). */
function postgresCluster(): { url: string; stop(): void } {
  if (process.env.ONDESK_TEST_PG_URL) return { url: process.env.ONDESK_TEST_PG_URL, stop: () => undefined };
  // The build compiles test/ but does not copy the tool: from dist/, the one in the sources.
  const beside = fileURLToPath(new URL('../tools/pg-cluster.mjs', import.meta.url));
  const script = existsSync(beside)
    ? beside
    : fileURLToPath(new URL('../../../test/tools/pg-cluster.mjs', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'ondesk-pg-bench-'));
  const run = (command: string) =>
    execFileSync(process.execPath, [script, command, '--dir', dir], { encoding: 'utf8' }).trim();
  const url = run('start');
  process.env.ONDESK_TEST_PG_URL = url;
  return {
    url,
    stop() {
      run('stop');
      delete process.env.ONDESK_TEST_PG_URL;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `ondesk serve` as built, trusting the test keys, as node `nodeId`; resolves once it answers /readyz. */
async function startNode(dataDir: string, nodeId: string, env: NodeJS.ProcessEnv) {
  const port = await freePort();
  const main = fileURLToPath(new URL('../../server/cli/main.js', import.meta.url));
  const trust = fileURLToPath(new URL('../helpers/trust-test-keys.js', import.meta.url));
  const args = [...SERVER_NODE_FLAGS, '--import', trust, main, 'serve', '--data-dir', dataDir, '--port', String(port)];
  const child = spawn(process.execPath, [...args, '--node-id', nodeId], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...SERVER_MALLOC_ENV, ...env, ONDESK_LOG_LEVEL: 'warn' },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`node ${nodeId} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 600) throw new Error(`node ${nodeId} did not become ready`);
    await sleep(100);
  }
  return { child, url };
}

async function stopNode(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
}

interface Spread {
  perSecond: number;
  requests: number;
  p50: number;
  p95: number;
  errors: number;
}

/**
 * `CONNECTIONS` connections split evenly over `urls` for SECONDS, one autocannon per node started together; the
 * latency of every response of all of them.
 */
async function spread(urls: string[], opts: Omit<autocannon.Options, 'url' | 'connections' | 'duration'>) {
  const samples: number[] = [];
  const results = await Promise.all(
    urls.map(
      (url) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          const instance = autocannon(
            { ...opts, url, connections: CONNECTIONS / urls.length, duration: SECONDS },
            (err, result) => (err ? reject(err) : resolve(result)),
          );
          instance.on('response', (_c: unknown, _s: number, _b: number, ms: number) => void samples.push(ms));
        }),
    ),
  );
  samples.sort((a, b) => a - b);
  if (process.env.BENCH_DEBUG)
    for (const r of results)
      console.log(r.url, JSON.stringify(r.statusCodeStats), r.errors, r.timeouts, r.non2xx, r.requests.total);
  const figures: Spread = {
    perSecond: Math.round(results.reduce((sum, r) => sum + r.requests.total / (r.duration || 1), 0)),
    requests: results.reduce((sum, r) => sum + r.requests.total, 0),
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    errors: results.reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0),
  };
  return figures;
}

/** CPU seconds (user + system) of the processes in /proc: the given ones, PostgreSQL's, and this process's. */
interface CpuSplit {
  nodes: number;
  postgres: number;
  bench: number;
  /** How busy the whole machine was over the interval, in percent of one core times the cores. */
  busyPercent: number;
  cores: number;
}

const TICKS = 100; // USER_HZ on Linux
function processCpu(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0; // gone meanwhile
  }
}
function postgresPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    });
}
function machineBusy(): { busy: number; total: number } {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const values = ticks.map(Number);
  const idle = values[3]! + (values[4] ?? 0);
  const total = values.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Runs `work` and says how much CPU the nodes, PostgreSQL and this process (the load generator) spent on it. */
async function withCpu<T extends Spread>(nodePids: number[], work: () => Promise<T>): Promise<T & { cpu: CpuSplit }> {
  // Per process: a PostgreSQL backend the pool closed meanwhile drops out (its last moments are not counted), one
  // it opened counts from zero.
  const snapshot = (pids: number[]) => new Map(pids.map((pid) => [pid, processCpu(pid)]));
  const spent = (before: Map<number, number>, pids: number[]) =>
    pids.reduce((total, pid) => total + Math.max(0, processCpu(pid) - (before.get(pid) ?? 0)), 0);
  const before = {
    nodes: snapshot(nodePids),
    postgres: snapshot(postgresPids()),
    bench: process.cpuUsage(),
    machine: machineBusy(),
  };
  const result = await work();
  const usage = process.cpuUsage(before.bench);
  const machine = machineBusy();
  return {
    ...result,
    cpu: {
      nodes: spent(before.nodes, nodePids),
      postgres: spent(before.postgres, postgresPids()),
      bench: (usage.user + usage.system) / 1e6,
      busyPercent: Math.round(
        ((machine.busy - before.machine.busy) / Math.max(1, machine.total - before.machine.total)) * 100,
      ),
      cores: cpus().length,
    },
  };
}

const cpuPer = (s: Spread & { cpu: CpuSplit }, part: 'nodes' | 'postgres' | 'bench') =>
  `${Math.round((s.cpu[part] / Math.max(1, s.requests)) * 1e6) / 1e3} ms`;

/** Requests a second the machine's cores can serve at most, at the CPU per request (all processes) measured. */
function machineCeiling(s: Spread & { cpu: CpuSplit }): number {
  const perRequest = (s.cpu.nodes + s.cpu.postgres + s.cpu.bench) / Math.max(1, s.requests);
  return Math.round(s.cpu.cores / Math.max(1e-9, perRequest));
}

/** Waits until the nodes have indexed every ticket created, then refreshes PostgreSQL's statistics. */
async function settle(setup: Awaited<ReturnType<typeof openInstallation>>): Promise<void> {
  const db = setup.database.db;
  for (let i = 0; i < 600; i++) {
    const { rows } = await sql<{ n: number }>`select count(*) as n from search_queue`.execute(db);
    if (Number(rows[0]!.n) === 0) break;
    await sleep(200);
  }
  await sql`vacuum (analyze)`.execute(db);
}

export async function benchCluster(): Promise<BenchRow[]> {
  trustTestKeys();
  const cluster = postgresCluster();
  const database = await freshPostgresDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'ondesk-cluster-bench-'));
  const env = {
    ONDESK_DATABASE: 'postgres',
    ONDESK_DATABASE_URL: database.url,
    ONDESK_API_RATE_LIMIT_PER_MINUTE: '1000000',
  };
  const setup = await openInstallation({ dataDir, env, overrides: { logLevel: 'warn' } });
  const nodes: ChildProcess[] = [];
  try {
    const license = await mintLicense({ nodes: 2 });
    await applyToken(setup.ctx(), license.token);
    for (const id of ['node-a', 'node-b']) await applyToken(setup.ctx(), (await mintNode(license.claims, id)).token);
    const admin = await createAgent(setup.ctx(), { email: 'bench@cluster.ondesk', name: 'Bench', role: 'admin' });
    const { token } = await createApiToken(setup.ctx(), { agentId: admin.id, name: 'bench' });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    const a = await startNode(dataDir, 'node-a', env);
    nodes.push(a.child);
    const b = await startNode(dataDir, 'node-b', env);
    nodes.push(b.child);
    const orgs: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${a.url}/api/v1/organizations`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: `Client ${i}` }),
      });
      orgs.push(((await res.json()) as { id: number }).id);
    }
    const body = () =>
      JSON.stringify({
        subject: 'Не печатает принтер',
        description: 'HP LaserJet в кабинете 204 пишет «Замятие бумаги».',
        organizationId: orgs[Math.floor(Math.random() * orgs.length)],
        type: 'incident',
        priority: 'P2',
      });
    const post = { method: 'POST' as const, headers, setupRequest: (req: object) => ({ ...req, body: body() }) };
    for (const node of [a, b]) {
      const res = await fetch(`${node.url}/api/v1/tickets`, { method: 'POST', headers, body: body() });
      if (res.status !== 201) throw new Error(`creating a ticket on ${node.url}: ${res.status} ${await res.text()}`);
    }
    // Warm both nodes (compiled queries, caches, pools) before measuring.
    const createUrls = [`${a.url}/api/v1/tickets`, `${b.url}/api/v1/tickets`];
    await spread(createUrls, { method: 'POST', headers, requests: [post], amount: 200 });
    const create = await spread(createUrls, { method: 'POST', headers, requests: [post] });

    // Reads are measured on a settled desk, as an agent meets it: the nodes' background indexing of the tickets
    // just created is done, and PostgreSQL's statistics are fresh (autovacuum would otherwise run meanwhile).
    await settle(setup);

    const view = '/api/v1/tickets?status=active&sort=due&limit=50';
    const read = { headers: { authorization: headers.authorization } };
    await spread([`${a.url}${view}`, `${b.url}${view}`], { ...read, amount: 400 });
    const nodePids = [a.child.pid!, b.child.pid!];
    const oneNode = await withCpu(nodePids, () => spread([`${a.url}${view}`], read));
    const twoNodes = await withCpu(nodePids, () => spread([`${a.url}${view}`, `${b.url}${view}`], read));
    const ratio = Math.round((twoNodes.perSecond / Math.max(1, oneNode.perSecond)) * 100) / 100;
    return [
      {
        name: `ticket creation, ${CONNECTIONS} connections over two nodes, p95 (${create.perSecond}/s, ${create.requests} tickets, ${create.errors} errors)`,
        value: create.p95,
        unit: 'ms',
        budget: '≤ 50 ms, no errors',
        pass: create.p95 <= 50 && create.errors === 0,
      },
      { name: 'ticket creation over two nodes, p50', value: create.p50, unit: 'ms' },
      {
        name: `queue view GET, one node serving ${CONNECTIONS} connections (p95 ${oneNode.p95} ms, ${oneNode.errors} errors)`,
        value: oneNode.perSecond,
        unit: 'req/s',
      },
      {
        name: `queue view GET, two nodes serving ${CONNECTIONS / 2} each (p95 ${twoNodes.p95} ms, ${twoNodes.errors} errors)`,
        value: twoNodes.perSecond,
        unit: 'req/s',
      },
      {
        name: `queue view CPU per request, one node: node ${cpuPer(oneNode, 'nodes')}, PostgreSQL ${cpuPer(oneNode, 'postgres')}, load generator ${cpuPer(oneNode, 'bench')} (machine ${oneNode.cpu.busyPercent}% busy of ${oneNode.cpu.cores} cores)`,
        value: Math.round((oneNode.cpu.nodes / Math.max(1, oneNode.requests)) * 1e6),
        unit: 'µs',
      },
      {
        name: `queue view CPU per request, two nodes: nodes ${cpuPer(twoNodes, 'nodes')}, PostgreSQL ${cpuPer(twoNodes, 'postgres')}, load generator ${cpuPer(twoNodes, 'bench')} (machine ${twoNodes.cpu.busyPercent}% busy of ${twoNodes.cpu.cores} cores)`,
        value: Math.round((twoNodes.cpu.nodes / Math.max(1, twoNodes.requests)) * 1e6),
        unit: 'µs',
      },
      {
        // Every process shares the same cores: two nodes can serve at most cores ÷ (the CPU one request costs all
        // processes together) a second, however many nodes there are. Ratios above it need cores of their own.
        name: `queue view, most the ${twoNodes.cpu.cores} cores shared by nodes, PostgreSQL and the load generator can serve (two nodes reached ${twoNodes.perSecond}/s)`,
        value: machineCeiling(twoNodes),
        unit: 'req/s',
      },
      {
        name: 'read throughput, two nodes over one',
        value: ratio,
        unit: '×',
        budget: '≥ 1.6×, no errors',
        pass: ratio >= 1.6 && oneNode.errors + twoNodes.errors === 0,
      },
    ];
  } finally {
    for (const child of nodes) await stopNode(child);
    await setup.close();
    await database.drop();
    cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printBenchRows('Two nodes on one PostgreSQL', await benchCluster());
}
