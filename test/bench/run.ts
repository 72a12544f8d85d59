/**
 * `npm run bench`: the desk under load on this machine. Seeds 100,000 tickets, starts the real server in a
 * child process, and measures with autocannon: ticket creation through the HTTP API with an API token,
 * queue listing with a filter, search, and the server's RSS idle and after the run. Then the pure engines.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { openInstallation } from '../../server/installation.js';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createApiToken } from '../../server/modules/auth/index.js';
import { createOrganization } from '../../server/modules/organizations/organizations.service.js';
import { createCalendar } from '../../server/modules/calendars/calendars.service.js';
import { createAgreement } from '../../server/modules/agreements/agreements.service.js';
import { seedTickets } from './seed-tickets.js';
import { indexBacklog } from '../../server/modules/search/search-backlog.js';
import { extraBenches } from './extra.js';
import { SERVER_NODE_FLAGS } from '../../server/shared/node-flags.js';
import { createService } from '../../server/modules/services/services.service.js';
import { createTicket } from '../../server/modules/tickets/index.js';
import { setTimeTerms } from '../../server/modules/packages/packages.service.js';
import { defaultTimeTerms } from '../../server/modules/packages/time-terms.js';
import { sendHostileMail } from './hostile-mail.js';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = 18000 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${PORT}`;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function waitReady() {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error('server did not become ready');
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon(opts, (err, result) => (err ? reject(err) : resolve(result))));
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

async function main() {
  // BENCH_ONLY names the engine and job benchmarks to run alone, without the desk under load.
  if (process.env.BENCH_ONLY) return extraBenches();
  const dataDir = mkdtempSync(join(tmpdir(), 'ondesk-bench-'));
  const results: Record<string, number | string> = {};
  let server: ReturnType<typeof spawn> | null = null;
  try {
    // 1. a desk with 100,000 tickets
    const inst = await openInstallation({ dataDir, overrides: { logLevel: 'warn' } });
    const ctx = inst.ctx();
    const agent = await createAgent(ctx, { email: 'bench@bench.ondesk', name: 'Bench', role: 'admin' });
    const agents = [agent.id];
    // Three engineers and the admin: the free mode's four seats.
    for (let i = 0; i < 3; i++)
      agents.push(
        (await createAgent(ctx, { email: `eng${i}@bench.ondesk`, name: `Engineer ${i}`, role: 'engineer' })).id,
      );
    const orgs: number[] = [];
    for (let i = 0; i < 50; i++) orgs.push((await createOrganization(ctx, { name: `Client ${i}` })).id);
    // Every client under an active 24x7 agreement: each created ticket gets its SLA deadlines computed.
    const calendar = await createCalendar(ctx, {
      name: '24x7',
      timezone: 'Europe/Moscow',
      week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
    });
    const today = new Date().toISOString().slice(0, 10);
    for (const [i, organizationId] of (process.env.BENCH_NO_SLA ? [] : orgs).entries()) {
      await createAgreement(ctx, {
        organizationId,
        number: `B-${i}`,
        title: 'Support 24x7',
        calendarId: calendar.id,
        start: today,
        end: `${Number(today.slice(0, 4)) + 1}-12-31`,
        tier: '24x7',
        serviceIds: [],
      });
    }
    // A client on a prepaid-hours agreement (rounded to quarter hours) whose tickets get the logged work.
    const packageClient = await createOrganization(ctx, { name: 'Package client' });
    const packageService = await createService(ctx, { name: 'Package support' });
    const prepaid = await createAgreement(ctx, {
      organizationId: packageClient.id,
      number: 'B-PACKAGE',
      title: 'Prepaid hours',
      calendarId: calendar.id,
      start: today,
      end: `${Number(today.slice(0, 4)) + 1}-12-31`,
      tier: '24x7',
      kind: 'prepaid_hours',
      hoursPackage: 1_000_000,
      serviceIds: [packageService.id],
    });
    await setTimeTerms(ctx, prepaid.id, { ...defaultTimeTerms, roundQuantumMinutes: 15 });
    const packageTickets: number[] = [];
    for (let i = 0; i < 20; i++)
      packageTickets.push(
        (
          await createTicket(ctx, {
            subject: `Работа по пакету ${i}`,
            description: '—',
            organizationId: packageClient.id,
            type: 'request',
            priority: 'P3',
            serviceId: packageService.id,
          })
        ).id,
      );
    const { token } = await createApiToken(ctx, { agentId: agent.id, name: 'bench' });
    const seedStart = performance.now();
    seedTickets(inst, { count: TICKETS, organizations: orgs, agents });
    await indexBacklog(inst.ctx());
    results.seededTickets = TICKETS;
    results.seedSeconds = Number(fmt((performance.now() - seedStart) / 1000));
    inst.database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    await inst.close();

    // 2. the real server, alone in its process
    const main = fileURLToPath(new URL('../../server/cli/main.js', import.meta.url));
    const profile = [
      ...SERVER_NODE_FLAGS,
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []),
      ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []),
    ];
    server = spawn(process.execPath, [...profile, main, 'serve', '--data-dir', dataDir, '--port', String(PORT)], {
      stdio: ['ignore', 'ignore', 'ignore'],
      // As installed: every request logged, and the built-in SMTP receiver on for the hostile-mail figure.
      env: { ...process.env, ONDESK_LOG_LEVEL: 'info', ONDESK_INBOUND_SMTP_PORT: String(PORT + 1) },
    });
    await waitReady();
    await sleep(2000);
    results.idleRssMb = Number(fmt(rssMb(server.pid!)));

    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    // 3. ticket creation, 32 connections
    /** 32 connections posting a fresh body each for the run's duration. */
    const postLoad = (path: string, body: () => unknown) =>
      run({
        url: `${base}${path}`,
        method: 'POST',
        connections: 32,
        duration: DURATION,
        headers,
        requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: JSON.stringify(body()) }) }],
      });
    const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)];
    const create = await postLoad('/api/v1/tickets', () => ({
      subject: 'Не печатает принтер',
      description: 'HP LaserJet в кабинете 204 пишет «Замятие бумаги».',
      organizationId: pick(orgs),
      type: 'incident',
      priority: 'P2',
    }));
    results.createPerSecond = Math.round(create.requests.average);
    results.createP50ms = create.latency.p50;
    results.createP99ms = create.latency.p99;
    results.createErrors = create.errors + create.non2xx;
    const newest = (await (await fetch(`${base}/api/v1/tickets?sort=-created&limit=1`, { headers })).json()) as {
      items: Array<{ slaState: string; reactionDue: string | null }>;
    };
    results.createdWithSla = newest.items[0]?.reactionDue ? `yes (${newest.items[0].slaState})` : 'NO';

    // 3b. logging work on tickets under an hour package, 32 connections: rounding, the ledger, the price
    const worklog = await postLoad('/api/v1/worklogs', () => ({
      ticketId: pick(packageTickets),
      minutes: 5 + Math.floor(Math.random() * 115),
      comment: 'Настройка обмена с банком',
    }));
    results.worklogPerSecond = Math.round(worklog.requests.average);
    results.worklogP99ms = worklog.latency.p99;
    results.worklogErrors = worklog.errors + worklog.non2xx;

    // 4. queue: 50 tickets with filters
    const queueUrls = [
      '/api/v1/tickets?status=open&limit=50',
      '/api/v1/tickets?status=active&priority=P1,P2&limit=50',
      `/api/v1/tickets?assigneeId=${agents[3]}&status=in_progress&limit=50`,
      `/api/v1/tickets?organizationId=${orgs[7]}&limit=50&sort=-updated`,
    ];
    let qi = 0;
    const queue = await run({
      url: base,
      connections: 4,
      duration: DURATION,
      headers,
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: queueUrls[qi++ % queueUrls.length] }) }],
    });
    results.queuePerSecond = Math.round(queue.requests.average);
    results.queueP50ms = queue.latency.p50;
    results.queueP99ms = queue.latency.p99;
    results.queueErrors = queue.errors + queue.non2xx;

    // 5. search
    const queries = [
      'принтер',
      'не работает',
      'сервер медленно',
      'Kyocera',
      'Смирнова',
      '0x80070005',
      'Outlook ошибка',
      'VPN',
      'касса',
      'backup',
    ];
    let si = 0;
    const search = await run({
      url: base,
      connections: 4,
      duration: DURATION,
      headers,
      requests: [
        {
          method: 'GET',
          setupRequest: (req) => ({
            ...req,
            path: `/api/v1/search?q=${encodeURIComponent(queries[si++ % queries.length]!)}`,
          }),
        },
      ],
    });
    results.searchPerSecond = Math.round(search.requests.average);
    results.searchP50ms = search.latency.p50;
    results.searchP95ms = (search.latency as unknown as Record<string, number>).p97_5 ?? search.latency.p99; // autocannon has p97.5, not p95
    results.searchP99ms = search.latency.p99;
    results.searchErrors = search.errors + search.non2xx;
    results.rssAfterMb = Number(fmt(rssMb(server.pid!)));

    // 6. ticket creation and static files while 100 connections try to sign in with unknown e-mails for 30 s
    const FLOOD_SECONDS = Math.max(DURATION, 30);
    let login = 0;
    const flood = run({
      url: `${base}/api/v1/auth/login`,
      connections: 100,
      duration: FLOOD_SECONDS,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => ({
            ...req,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: `nobody${login++}@flood.example`, password: 'wrong-password-1' }),
          }),
        },
      ],
    });
    await sleep(1000);
    const [floodCreate, floodStatic] = await Promise.all([
      run({
        url: `${base}/api/v1/tickets`,
        connections: 4,
        duration: FLOOD_SECONDS - 2,
        headers,
        body: JSON.stringify({
          subject: 'Во время перебора паролей',
          description: '—',
          organizationId: orgs[0],
          type: 'request',
          priority: 'P3',
        }),
        method: 'POST',
      }),
      run({ url: `${base}/app/main.js`, connections: 2, duration: FLOOD_SECONDS - 2 }),
    ]);
    const floodDone = await flood;
    results.floodLoginsPerSecond = Math.round(floodDone.requests.average);
    results.floodCreateP99ms = floodCreate.latency.p99;
    results.floodCreateErrors = floodCreate.errors + floodCreate.non2xx;
    results.floodStaticP99ms = floodStatic.latency.p99;
    results.floodStaticErrors = floodStatic.errors + floodStatic.non2xx;

    // 7. the health check while hostile messages arrive by SMTP (each step of reading them is bounded)
    const sending = sendHostileMail(PORT + 1);
    const [healthDuringMail, createDuringMail] = await Promise.all([
      run({ url: `${base}/healthz`, connections: 2, duration: DURATION }),
      run({
        url: `${base}/api/v1/tickets`,
        connections: 4,
        duration: DURATION,
        headers,
        method: 'POST',
        body: JSON.stringify({
          subject: 'Пока читается письмо',
          description: '—',
          organizationId: orgs[1],
          type: 'request',
          priority: 'P3',
        }),
      }),
    ]);
    results.hostileMailsSent = await sending;
    results.hostileHealthzP99ms = healthDuringMail.latency.p99;
    results.hostileHealthzErrors = healthDuringMail.errors + healthDuringMail.non2xx;
    results.hostileCreateP99ms = createDuringMail.latency.p99;
    results.hostileCreateErrors = createDuringMail.errors + createDuringMail.non2xx;
  } finally {
    server?.kill('SIGTERM');
    await sleep(500);
    rmSync(dataDir, { recursive: true, force: true });
  }

  const budgets: Array<[string, string, (v: number) => boolean]> = [
    ['createPerSecond', '≥ 3,000/s', (v) => v >= 3000],
    ['worklogP99ms', '≤ 25 ms', (v) => v <= 25],
    ['worklogErrors', '= 0', (v) => v === 0],
    ['queueP99ms', '≤ 25 ms', (v) => v <= 25],
    ['searchP95ms', '≤ 50 ms (p97.5 shown)', (v) => v <= 50],
    ['idleRssMb', '≤ 150 MB', (v) => v <= 150],
    ['floodCreateP99ms', '≤ 250 ms', (v) => v <= 250],
    ['floodStaticErrors', '= 0', (v) => v === 0],
    ['hostileHealthzP99ms', '≤ 200 ms', (v) => v <= 200],
    ['hostileCreateP99ms', '≤ 200 ms', (v) => v <= 200],
  ];
  console.log('\nOndesk desk benchmark (2-core machine)');
  for (const [key, value] of Object.entries(results)) {
    const budget = budgets.find((b) => b[0] === key);
    console.log(
      `  ${key.padEnd(18)} ${String(value).padStart(10)}${budget ? `   budget ${budget[1]}: ${budget[2](Number(value)) ? 'OK' : 'MISSED'}` : ''}`,
    );
  }
  // BENCH_DESK_ONLY=1 repeats the desk figures alone (they vary with the machine's load; the others take minutes).
  if (!process.env.BENCH_DESK_ONLY) await extraBenches();
}

await main();
