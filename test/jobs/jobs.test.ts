import t from 'tap';
import { findJob, jobs, type Job } from '../../server/jobs/registry.js';
import { runJob } from '../../server/jobs/runner.js';
import { recentRuns } from '../../server/jobs/jobs.service.js';
import { testInstallation } from '../helpers/installation.js';
import { testDesk } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/installation.js';

t.test('the registry holds the named jobs', async (t) => {
  t.same(jobs.map((j) => j.name).sort(), [
    'agreement-lifecycle',
    'backup',
    'billing-run',
    'dashboard-fold',
    'domain-events-retention',
    'duty-coverage',
    'escalations',
    'idempotency-cleanup',
    'license-check',
    'package-periods',
    'portal-cleanup',
    'recurring-services',
    'report-mailing',
    'sla-sweep',
    'surveys',
    'throttle-cleanup',
    'webhook-log-cleanup',
  ]);
  t.equal(findJob('sla-sweep')!.schedule, '* * * * *', 'the SLA sweep runs every minute');
  t.ok(findJob('agreement-lifecycle')!.runAtStart, 'the lifecycle catches up at start');
  t.ok(findJob('recurring-services')!.runAtStart, 'recurring charges and reminders catch up at start');
  t.ok(findJob('report-mailing')!.runAtStart, 'reports due during downtime go out at start');
  t.equal(findJob('surveys')!.schedule, '* * * * *', 'due satisfaction surveys go out within the minute');
});

t.test('a job never runs twice at once, and every run is recorded', async (t) => {
  const inst = await testInstallation(t);
  let release!: () => void;
  let runs = 0;
  const slow: Job = {
    name: 'slow-test-job',
    schedule: '* * * * *',
    description: 'test',
    run: async () => {
      runs++;
      await new Promise<void>((r) => (release = r));
      return { done: true };
    },
  };
  const first = runJob(inst.ctx(), slow, 'manual');
  // The first run has begun once the job body waits for its release (however loaded the machine is).
  while (!release) await new Promise((r) => setTimeout(r, 5));
  const second = await runJob(inst.ctx(), slow, 'schedule');
  t.equal(second.status, 'skipped', 'the second start is skipped while the first runs');
  release();
  const done = await first;
  t.equal(done.status, 'ok');
  t.equal(runs, 1);
  const recorded = await recentRuns(inst.ctx(), 'slow-test-job', 5);
  t.equal(recorded.length, 1);
  t.match(recorded[0], { status: 'ok', trigger: 'manual', result: '{"done":true}' });
  t.ok(recorded[0]!.finished_at, 'with its end');

  const failing: Job = {
    name: 'failing-test-job',
    schedule: '* * * * *',
    description: 'test',
    run: async () => {
      throw new Error('mail server unreachable');
    },
  };
  const failed = await runJob(inst.ctx(), failing, 'manual');
  t.match(failed, { status: 'failed', error: 'mail server unreachable' });
  t.match((await recentRuns(inst.ctx(), 'failing-test-job', 1))[0], {
    status: 'failed',
    error: 'mail server unreachable',
  });
});

t.test('another process holding the job (a run row still "running") blocks it until its lease ends', async (t) => {
  const inst = await testInstallation(t);
  const job: Job = { name: 'leased-test-job', schedule: '* * * * *', description: 'test', run: async () => 'ran' };
  const db = inst.database.db;
  await db
    .insertInto('job_runs')
    .values({
      job: job.name,
      trigger: 'schedule',
      started_at: new Date().toISOString(),
      finished_at: null,
      status: 'running',
      result: null,
      error: null,
    })
    .execute();
  t.equal((await runJob(inst.ctx(), job, 'manual')).status, 'skipped');
  await db
    .updateTable('job_runs')
    .set({ started_at: new Date(Date.now() - 3600_000).toISOString() })
    .execute();
  t.equal((await runJob(inst.ctx(), job, 'manual')).status, 'ok', 'a run cut off an hour ago no longer blocks');
  t.match((await recentRuns(inst.ctx(), job.name, 2))[1], { status: 'failed', error: /abandoned/ });
});

t.test('admins see the jobs and their runs', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  await runJob(desk.inst.ctx(), findJob('sla-sweep')!, 'manual');
  const list = (await admin.get('/api/v1/jobs')).json();
  const sweep = list.items.find((j: { name: string }) => j.name === 'sla-sweep');
  t.match(sweep.runs[0], { status: 'ok', trigger: 'manual', result: { checked: 0, warnings: 0, breaches: 0 } });
  t.equal((await (await desk.agent('engineer')).get('/api/v1/jobs')).statusCode, 403);
  const ran = await admin.post('/api/v1/jobs/license-check/run');
  t.equal(ran.statusCode, 200);
  t.match(ran.json(), { status: 'ok', result: { queued: 0 } }, 'run by hand from the API');
  t.equal((await admin.post('/api/v1/jobs/nope/run')).statusCode, 404);
  t.equal((await (await desk.agent('engineer')).post('/api/v1/jobs/sla-sweep/run')).statusCode, 403);
});

t.test('ondesk jobs list and jobs run NAME', async (t) => {
  const dir = tempDir(t);
  const run = runCli(['jobs', 'run', 'sla-sweep', '--data-dir', dir]);
  t.equal(run.code, 0, run.stderr);
  t.match(JSON.parse(run.stdout), { job: 'sla-sweep', result: { checked: 0, warnings: 0, breaches: 0 } });
  const lifecycle = runCli(['jobs', 'run', 'agreement-lifecycle', '--data-dir', dir]);
  t.equal(lifecycle.code, 0, lifecycle.stderr);
  const list = runCli(['jobs', 'list', '--data-dir', dir]);
  t.equal(list.code, 0);
  t.match(list.stdout, /sla-sweep\s+\* \* \* \* \*\s+ok /);
  t.match(list.stdout, /license-check\s+17 3 \* \* \*\s+never run/);
  const unknown = runCli(['jobs', 'run', 'nope', '--data-dir', dir]);
  t.equal(unknown.code, 2);
  t.match(unknown.stderr, /no job named "nope"; jobs: sla-sweep, agreement-lifecycle, license-check, backup/);
});
