import { SERVER_NODE_FLAGS } from '../../server/shared/node-flags.js';
import t from 'tap';
import type { InstallAnswers } from '../../installer/answers.js';
import { planInstall, type InstallFacts, type InstallStep } from '../../installer/plan.js';

// planInstall is pure: these tests run no command and touch no file.
const answers: InstallAnswers = {
  root: null,
  installDir: '/opt/ondesk',
  dataDir: '/var/lib/ondesk',
  host: '127.0.0.1',
  port: 8080,
  adminEmail: 'admin@example.com',
  adminName: 'Administrator',
  systemd: true,
  serviceUser: 'ondesk',
};

const release = { source: '/home/dev/ondesk', version: '0.1.0', id: '0.1.0+2026-12-01T00:00:00.000Z' };

const freshMachine: InstallFacts = {
  isRoot: true,
  serviceUser: null,
  canCreateUsers: true,
  systemdPresent: true,
  unitFileExists: false,
  adminExists: false,
  licenseApplied: false,
  license: { token: 'license.jwt', apply: true },
  node: { token: 'node.jwt', apply: true },
  release,
  nodePath: '/usr/bin/node',
  hostname: 'desk',
};

const installedMachine: InstallFacts = {
  ...freshMachine,
  serviceUser: { name: 'ondesk', uid: 990, gid: 990, group: 'ondesk' },
  unitFileExists: true,
  adminExists: true,
  licenseApplied: true,
  license: { token: 'license.jwt', apply: false },
  node: { token: 'node.jwt', apply: false },
};

const kinds = (steps: InstallStep[]) => steps.map((s) => (s.kind === 'file' ? `file:${s.what}` : s.kind));
const find = <K extends InstallStep['kind']>(steps: InstallStep[], kind: K) =>
  steps.filter((s): s is Extract<InstallStep, { kind: K }> => s.kind === kind);

t.test('a fresh machine: user, dirs, config, release, launcher, record, unit, database, admin, service', async (t) => {
  const plan = planInstall(answers, freshMachine);
  t.same(kinds(plan.steps), [
    'create-user',
    'data-dir',
    'config',
    'release',
    'file:launcher',
    'file:install record',
    'file:systemd unit',
    'migrate',
    'apply-token',
    'apply-token',
    'create-admin',
    'own-data',
    'service',
  ]);
  t.same(find(plan.steps, 'service'), [{ kind: 'service', action: 'enable-and-start' }]);
  t.same(find(plan.steps, 'create-admin')[0]!.password, null, 'no password given: one is generated when executed');
  t.same(
    find(plan.steps, 'apply-token').map((s) => s.what),
    ['license', 'node token'],
    'the license before its node token',
  );
  t.equal(plan.url, 'http://127.0.0.1:8080');
});

t.test('the launcher and the unit run the release copied into the install dir, on the installed data', async (t) => {
  const plan = planInstall(answers, freshMachine);
  t.same(find(plan.steps, 'release'), [{ kind: 'release', release, target: '/opt/ondesk/app' }]);
  const [launcher, record, unit] = find(plan.steps, 'file');
  t.match(
    launcher!.content,
    `exec '/usr/bin/node' ${SERVER_NODE_FLAGS.join(' ')} '/opt/ondesk/app/bin/ondesk.js' "$@"`,
  );
  t.match(launcher!.content, ': "${ONDESK_DATA_DIR:=/var/lib/ondesk}"', 'the installed data dir is the default');
  t.notMatch(launcher!.content, release.source, 'never the checkout it was installed from');
  t.equal(launcher!.mode, 0o755);
  t.match(JSON.parse(record!.content), { appRoot: '/opt/ondesk/app', dataDir: '/var/lib/ondesk' });
  t.match(unit!.content, /^ExecStart=\/opt\/ondesk\/bin\/ondesk serve --data-dir \/var\/lib\/ondesk$/m);
});

t.test('re-planning an installed system plans nothing that cannot be repeated harmlessly', async (t) => {
  const plan = planInstall(answers, installedMachine);
  const kindsPlanned = kinds(plan.steps);
  for (const once of ['create-user', 'apply-token', 'create-admin'])
    t.notOk(kindsPlanned.includes(once), `no ${once}: the facts say it is done`);
  t.same(find(plan.steps, 'service'), [{ kind: 'service', action: 'restart-if-changed' }], 'not enabled again');
  // What is left only makes the machine match (writes of equal content and existing dirs change nothing).
  const idempotent = new Set(['data-dir', 'config', 'release', 'file', 'migrate', 'own-data', 'service']);
  t.same(
    plan.steps.filter((s) => !idempotent.has(s.kind)),
    [],
    'every step is one that changes nothing when the machine already matches',
  );
  t.same(planInstall(answers, installedMachine), plan, 'the same facts give the same plan (pure)');
  t.same(
    find(plan.steps, 'file').map((s) => s.content),
    find(planInstall(answers, freshMachine).steps, 'file').map((s) => s.content),
    'and the same files as the first install wrote, so nothing is rewritten',
  );
});

t.test('a user that exists is not created; a non-root install owns nothing', async (t) => {
  const asUser = planInstall(
    { ...answers, serviceUser: 'dev' },
    { ...freshMachine, isRoot: false, canCreateUsers: false },
  );
  t.notOk(kinds(asUser.steps).includes('create-user'));
  t.notOk(kinds(asUser.steps).includes('own-data'));
  t.same(
    find(asUser.steps, 'data-dir').map((s) => s.owned),
    [false],
  );
});

t.test('--no-systemd removes a unit left by an earlier install; --root never calls systemctl', async (t) => {
  const noSystemd = planInstall({ ...answers, systemd: false }, installedMachine);
  t.same(find(noSystemd.steps, 'remove-unit'), [
    { kind: 'remove-unit', path: '/etc/systemd/system/ondesk.service', disable: true },
  ]);
  t.notOk(kinds(noSystemd.steps).includes('service'));
  t.match(noSystemd.nextSteps[0], /start it with your supervisor as user ondesk: \/opt\/ondesk\/bin\/ondesk serve/);

  const underRoot = planInstall(
    { ...answers, root: '/img', installDir: '/img/opt/ondesk', dataDir: '/img/var/lib/ondesk' },
    freshMachine,
  );
  t.notOk(kinds(underRoot.steps).includes('create-user'), 'no user is created for an image');
  t.notOk(kinds(underRoot.steps).includes('service'), 'systemctl is for the target system');
  t.equal(find(underRoot.steps, 'file')[2]!.path, '/img/etc/systemd/system/ondesk.service');
  t.match(underRoot.nextSteps[0], /on the target system: systemctl daemon-reload/);
});

t.test('next steps name the installed launcher', async (t) => {
  const plan = planInstall({ ...answers, licenseFile: '/tmp/license.jwt' }, { ...freshMachine, node: null });
  t.ok(
    plan.nextSteps.some((s) => s.includes('`/opt/ondesk/bin/ondesk node id`')),
    'node id for the vendor',
  );
  const free = planInstall(answers, { ...freshMachine, license: null, node: null });
  t.ok(free.nextSteps.some((s) => /free mode/.test(s)));
  t.equal(planInstall({ ...answers, host: '0.0.0.0' }, freshMachine).url, 'http://desk:8080');
});
