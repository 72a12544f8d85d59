import t from 'tap';
import { render } from '@inquirer/testing';
import { stripVTControlCharacters } from 'node:util';
import { askInstallAnswers } from '../../installer/prompts.js';
import { resolveAnswers, underRoot } from '../../installer/answers.js';
import { evaluatePreflight, findMount, type PreflightFacts, type PreflightPlan } from '../../installer/preflight.js';
import { renderUnit, quoteUnitWord } from '../../installer/systemd-unit.js';
import { mergeConfig } from '../../installer/config-writer.js';
import { redactSecrets } from '../../server/ops/redact.js';

t.test('the interactive flow asks what flags did not answer, each question naming its flag', async (t) => {
  const rendered = await render(askInstallAnswers, { given: { root: '/tmp/x', port: 9000 }, isRoot: true });
  const { answer, events } = rendered;
  const getFullOutput = async () => stripVTControlCharacters(await rendered.getFullOutput({ raw: true }));
  // Each question is a prompt of its own: the next one renders a moment after the previous is answered, and
  // its first render may reach the stream before the previous one's final line.
  const step = async (expect: RegExp, type?: string) => {
    const until = Date.now() + 3000;
    while (!expect.test(await getFullOutput()) && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 10));
    t.match(await getFullOutput(), expect);
    if (type) events.type(type);
    events.keypress('enter');
  };
  await step(/Install directory \(--install-dir\)/);
  await step(/Data directory .*\(--data-dir\)/, '');
  await step(/Address to bind .*\(--host\)/);
  await step(/Public URL .*\(--public-url\)/, 'https://desk.example.com');
  await step(/Database \(--database\)/);
  await step(/First admin's e-mail \(--admin-email\)/, 'boss@example.com');
  await step(/First admin's name/);
  await step(/Admin password, empty to generate one \(--admin-password-file\)/);
  await step(/Configure outgoing mail \(SMTP\) now\? .*\(--smtp-url\)/);
  await step(/License file .*\(--license-file\)/);
  await step(/systemd service\?.*\(--no-systemd\)/, 'n');
  await step(/User the service runs as \(--service-user\)/);
  const raw = await answer;
  t.notMatch(await getFullOutput(), /Port \(--port\)/, 'the port came from a flag: not asked');
  t.match(raw, {
    installDir: '/opt/ondesk',
    dataDir: '/var/lib/ondesk',
    host: '127.0.0.1',
    port: 9000,
    publicUrl: 'https://desk.example.com',
    adminEmail: 'boss@example.com',
    systemd: false,
    serviceUser: 'ondesk',
  });
  t.notOk('adminPassword' in raw, 'empty password: one is generated later');
  const answers = resolveAnswers([raw], { isRoot: true });
  t.equal(answers.dataDir, '/tmp/x/var/lib/ondesk', 'under --root');
  t.equal(answers.installDir, '/tmp/x/opt/ondesk');
});

t.test('underRoot keeps paths already under the root', async (t) => {
  t.equal(underRoot('/r', '/r/var/lib/ondesk'), '/r/var/lib/ondesk');
  t.equal(underRoot('/r', '/var/lib/ondesk'), '/r/var/lib/ondesk');
  t.equal(underRoot('/r', '/rx/a'), '/r/rx/a');
  t.equal(underRoot(null, '/var/lib/ondesk'), '/var/lib/ondesk');
});

t.test('findMount: longest prefix, escaped blanks, later mounts hide earlier ones', async (t) => {
  const mounts = [
    '/dev/sda1 / ext4 rw 0 0',
    'srv:/export /var/lib nfs4 rw 0 0',
    '/dev/sdb1 /var/lib/ondesk xfs rw 0 0',
    'srv:/x /mnt/my\\040disk cifs rw 0 0',
    '/dev/sdc /mnt/my\\040disk ext4 rw 0 0',
  ].join('\n');
  t.same(findMount(mounts, '/var/lib/ondesk/data'), { mountPoint: '/var/lib/ondesk', fsType: 'xfs' });
  t.same(findMount(mounts, '/var/lib/other'), { mountPoint: '/var/lib', fsType: 'nfs4' });
  t.same(
    findMount(mounts, '/var/library'),
    { mountPoint: '/', fsType: 'ext4' },
    'a prefix of the name is not a parent',
  );
  t.same(findMount(mounts, '/mnt/my disk/x'), { mountPoint: '/mnt/my disk', fsType: 'ext4' });
});

t.test('evaluatePreflight: every failure with what to do', async (t) => {
  const plan: PreflightPlan = {
    host: '127.0.0.1',
    port: 8080,
    dataDir: '/var/lib/ondesk',
    targets: ['/var/lib/ondesk'],
    systemd: true,
    underRoot: false,
    serviceUser: 'ondesk',
  };
  const good: PreflightFacts = {
    nodeVersion: '20.19.0',
    port: { free: true },
    freeBytes: { path: '/var/lib', bytes: 50 * 1024 ** 3 },
    writable: [{ target: '/var/lib/ondesk', probed: '/var/lib', writable: true }],
    mount: { mountPoint: '/', fsType: 'ext4' },
    systemdPresent: true,
    isRoot: true,
    user: null,
    canCreateUsers: true,
  };
  t.same(
    evaluatePreflight(good, plan).filter((c) => c.status !== 'ok'),
    [],
  );
  const bad: PreflightFacts = {
    ...good,
    nodeVersion: '18.19.0',
    port: { free: false, reason: 'another program listens on it' },
    freeBytes: { path: '/var/lib', bytes: 100 * 1024 ** 2 },
    writable: [{ target: '/var/lib/ondesk', probed: '/var/lib', writable: false }],
    mount: { mountPoint: '/var/lib', fsType: 'nfs4' },
    systemdPresent: false,
    canCreateUsers: false,
  };
  const failed = evaluatePreflight(bad, plan).filter((c) => c.status === 'fail');
  t.same(
    failed.map((c) => c.name),
    ['node', 'port', 'disk', 'writable', 'filesystem', 'systemd', 'service user'],
  );
  t.match(failed.find((c) => c.name === 'filesystem')!.message, /nfs4.*corrupted/);
  t.match(
    evaluatePreflight({ ...good, nodeVersion: '20.11.0' }, plan).find((c) => c.name === 'node'),
    { status: 'fail', message: /20\.11\.0 is too old: install Node\.js 20\.19\.0 or newer/ },
    'a Node.js 20 older than the dependencies need is refused',
  );
  t.equal(evaluatePreflight({ ...good, nodeVersion: '22.1.0' }, plan).find((c) => c.name === 'node')!.status, 'ok');
  t.match(failed.find((c) => c.name === 'systemd')!.message, /pass --no-systemd/);
  t.equal(
    evaluatePreflight({ ...good, systemdPresent: false }, { ...plan, systemd: false }).find(
      (c) => c.name === 'systemd',
    )!.status,
    'ok',
  );
});

t.test('unit text and quoting; config merge keeps what was not answered; redaction', async (t) => {
  const unit = renderUnit({
    user: 'ondesk',
    group: 'ondesk',
    dataDir: '/var/lib/ondesk',
    execStart: ['/opt/ondesk/bin/ondesk', 'serve', '--data-dir', '/var/lib/ondesk'],
  });
  t.match(unit, /^ReadWritePaths=\/var\/lib\/ondesk$/m);
  t.equal(
    renderUnit({ user: 'a', group: 'a', dataDir: '/d', execStart: ['x'] }),
    renderUnit({ user: 'a', group: 'a', dataDir: '/d', execStart: ['x'] }),
    'pure',
  );
  t.equal(quoteUnitWord('50%'), '50%%');
  t.equal(quoteUnitWord('a b'), '"a b"');
  t.same(mergeConfig({ port: 1, smtpUrl: 'smtp://u:p@h', logLevel: 'debug' }, { host: 'h', port: 2 }), {
    port: 2,
    smtpUrl: 'smtp://u:p@h',
    logLevel: 'debug',
    host: 'h',
  });
  t.same(
    redactSecrets({
      smtpUrl: 'smtp://user:pw@mail:587',
      smsSmppPassword: 'x',
      mailboxes: [{ user: 'u', password: 'p', passwordFile: '/etc/pw' }],
      port: 1,
    }),
    {
      smtpUrl: 'smtp://user:[redacted]@mail:587',
      smsSmppPassword: '[redacted]',
      mailboxes: [{ user: 'u', password: '[redacted]', passwordFile: '/etc/pw' }],
      port: 1,
    },
  );
});
