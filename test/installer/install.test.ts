import t, { type Test } from 'tap';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/installation.js';
import { mintLicense, mintNode } from '../helpers/licenses.js';
import { lookupUser } from '../../installer/preflight.js';
import { productRoot } from '../../server/shared/paths.js';

const isRoot = process.getuid?.() === 0;
const checkout = productRoot;
const mode = (p: string) => statSync(p).mode & 0o7777;

function setup(t: Test) {
  const dir = tempDir(t, 'ondesk-install-');
  const root = join(dir, 'root');
  const pw = join(dir, 'pw');
  writeFileSync(pw, 'a long enough password\n');
  const args = [
    'install',
    '--yes',
    '--root',
    root,
    '--data-dir',
    join(root, 'var/lib/ondesk'),
    '--port',
    '8090',
    '--admin-email',
    'Admin@Example.com',
    '--admin-password-file',
    pw,
  ];
  return { dir, root, pw, args, dataDir: join(root, 'var/lib/ondesk') };
}

const snapshotTree = (dir: string): Record<string, string> => {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!/ondesk\.db|\.log$/.test(e.name))
        out[p] = `${mode(p).toString(8)} ${statSync(p).mtimeMs} ${readFileSync(p, 'utf8')}`;
    }
  };
  walk(dir);
  return out;
};

t.test(
  'non-interactive install under --root: unit, config, modes; a second identical run changes nothing',
  async (t) => {
    const { root, args, dataDir } = setup(t);
    const first = runCli(args);
    t.equal(first.code, 0, first.stderr);
    t.match(first.stdout, /Ondesk is installed: http:\/\/127\.0\.0\.1:8090/);
    t.match(first.stdout, /created admin admin@example\.com/);
    t.notMatch(first.stdout, /password \(shown once/, 'no generated password when a file was given');

    const unit = readFileSync(join(root, 'etc/systemd/system/ondesk.service'), 'utf8');
    for (const line of [
      'NoNewPrivileges=yes',
      'ProtectSystem=strict',
      `ReadWritePaths=${dataDir}`,
      'PrivateTmp=yes',
      'ProtectHome=yes',
      'UMask=0027',
      'Restart=on-failure',
      'User=ondesk',
    ])
      t.ok(unit.split('\n').includes(line), line);
    t.match(unit, new RegExp(`^ExecStart=${join(root, 'opt/ondesk/bin/ondesk')} serve --data-dir ${dataDir}$`, 'm'));
    t.equal(mode(dataDir), 0o750, 'data dir 0750');
    t.equal(mode(join(dataDir, 'ondesk.json')), 0o640, 'config 0640');
    t.equal(mode(join(root, 'var')), 0o755, 'parents keep 0755');
    t.same(JSON.parse(readFileSync(join(dataDir, 'ondesk.json'), 'utf8')), { host: '127.0.0.1', port: 8090 });
    t.ok(existsSync(join(root, 'opt/ondesk/bin/ondesk')), 'launcher in the install dir');
    const db = new BetterSqlite3(join(dataDir, 'ondesk.db'), { readonly: true });
    t.same(db.prepare(`select email, role from agents`).all(), [{ email: 'admin@example.com', role: 'admin' }]);
    db.close();

    const before = snapshotTree(root);
    const second = runCli(args);
    t.equal(second.code, 0, second.stderr);
    t.match(second.stdout, /none: the installation already matches these answers/);
    t.match(second.stdout, /Nothing changed/);
    t.same(snapshotTree(root), before, 'no file rewritten, no mode changed');

    const third = runCli(args.map((a) => (a === '8090' ? '8091' : a)));
    t.equal(third.code, 0, third.stderr);
    t.match(third.stdout, /config updated \(port\)/, 'new answers change only what differs');
    t.notMatch(third.stdout, /created admin|systemd unit/);

    // The launcher runs the release copied into the install dir, on the installed data dir by default.
    const launcher = join(root, 'opt/ondesk/bin/ondesk');
    const app = join(root, 'opt/ondesk/app');
    t.match(readFileSync(launcher, 'utf8'), `'${join(app, 'bin/ondesk.js')}'`);
    t.notMatch(readFileSync(launcher, 'utf8'), checkout, 'not the checkout it was installed from');
    t.ok(existsSync(join(app, 'dist/server/cli/main.js')), 'the compiled release is in the install dir');
    const elsewhere = tempDir(t, 'ondesk-cwd-');
    const viaLauncher = spawnSync(launcher, ['node', 'id'], {
      cwd: elsewhere,
      encoding: 'utf8',
      env: { ...process.env, ONDESK_DATA_DIR: '', ONDESK_LOG_LEVEL: 'warn' },
    });
    t.equal(viaLauncher.status, 0, viaLauncher.stderr);
    t.equal(viaLauncher.stdout, runCli(['node', 'id', '--data-dir', dataDir]).stdout, 'the installed data dir');
    t.notOk(existsSync(join(elsewhere, 'data')), 'no ./data made where the admin stood');
  },
);

t.test(
  'owners: config root:service group, data dir the service user (as root)',
  { skip: isRoot ? false : 'needs root' },
  async (t) => {
    const { args, dataDir } = setup(t);
    const nobody = lookupUser('nobody');
    if (!nobody) {
      t.pass('no user nobody on this machine');
      return;
    }
    const res = runCli([...args, '--service-user', 'nobody', '--no-systemd']);
    t.equal(res.code, 0, res.stderr);
    t.equal(statSync(dataDir).uid, nobody.uid);
    t.equal(statSync(join(dataDir, 'ondesk.db')).uid, nobody.uid, 'the database belongs to the service user');
    const cfg = statSync(join(dataDir, 'ondesk.json'));
    t.same([cfg.uid, cfg.gid], [0, nobody.gid]);
    t.match(res.stdout, /start it with your supervisor as user nobody/);
  },
);

t.test('a bad license or node token is refused with its reason, and nothing is written', async (t) => {
  const { root, args, dir } = setup(t);
  const license = await mintLicense();
  const licenseFile = join(dir, 'license.jwt');
  writeFileSync(licenseFile, license.token);
  // The product does not trust the test keys: to it this token is exactly a forged one.
  const refused = runCli([...args, '--license-file', licenseFile]);
  t.equal(refused.code, 2);
  t.match(refused.stderr, /the license is refused: unknown key/);
  t.notOk(existsSync(root), 'nothing written under --root');

  const node = await mintNode(license.claims, 'node-a');
  const nodeFile = join(dir, 'node.jwt');
  writeFileSync(nodeFile, node.token);
  const wrongNode = runCli(
    [...args, '--license-file', licenseFile, '--node-token-file', nodeFile, '--node-id', 'node-b'],
    { trustTestKeys: true },
  );
  t.equal(wrongNode.code, 2);
  t.match(wrongNode.stderr, /the node token is refused: wrong node/);
  t.notOk(existsSync(root));

  const good = runCli([...args, '--license-file', licenseFile, '--node-token-file', nodeFile, '--node-id', 'node-a'], {
    trustTestKeys: true,
  });
  t.equal(good.code, 0, good.stderr);
  t.match(good.stdout, /License .* applied/);
  t.match(good.stdout, /Node node-a registered \(this node\)/);
  const again = runCli([...args, '--license-file', licenseFile, '--node-token-file', nodeFile, '--node-id', 'node-a'], {
    trustTestKeys: true,
  });
  t.match(again.stdout, /none: the installation already matches/);
});

t.test('a port in use fails preflight; nothing is written', async (t) => {
  const { root, args } = setup(t);
  const server = createServer();
  await new Promise<void>((r) => server.listen({ host: '127.0.0.1', port: 0 }, r));
  t.teardown(() => server.close());
  const port = String((server.address() as { port: number }).port);
  const res = runCli(args.map((a) => (a === '8090' ? port : a)));
  t.equal(res.code, 2);
  t.match(
    res.stderr,
    new RegExp(`preflight failed; nothing was changed:\\s+FAIL port: port ${port} on 127\\.0\\.0\\.1 is not available`),
  );
  t.notOk(existsSync(root));
});

t.test('answers: file, environment and flags; missing and invalid answers are listed together', async (t) => {
  const { dir, root, pw } = setup(t);
  const answers = join(dir, 'answers.json');
  writeFileSync(
    answers,
    JSON.stringify({ adminEmail: 'file@example.com', port: 8092, adminPasswordFile: 'pw', systemd: false }),
  );
  const res = runCli(['install', '--yes', '--root', root, '--answers', answers], {
    env: { ONDESK_PORT: '8093', ONDESK_DATA_DIR: '/var/lib/ondesk' },
  });
  t.equal(res.code, 0, res.stderr);
  t.equal(
    JSON.parse(readFileSync(join(root, 'var/lib/ondesk/ondesk.json'), 'utf8')).port,
    8093,
    'environment wins over the file',
  );
  t.notOk(existsSync(join(root, 'etc/systemd/system/ondesk.service')), '--no-systemd via the file');
  t.ok(pw);
  const bad = runCli(['install', '--yes', '--root', join(dir, 'other'), '--port', 'x', '--public-url', 'ftp://x']);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /3 problems/);
  t.match(bad.stderr, /--port \(ONDESK_PORT\) must be a port number/);
  t.match(bad.stderr, /first admin's e-mail is missing: pass --admin-email/);
});

t.test(
  'uninstall removes unit and launcher and keeps the data; --purge needs --yes-really without a terminal',
  async (t) => {
    const { root, args, dataDir } = setup(t);
    t.equal(runCli(args).code, 0);
    const purge = runCli(['uninstall', '--root', root, '--purge']);
    t.equal(purge.code, 2);
    t.match(purge.stderr, /pass --yes-really; nothing was removed/);
    t.ok(existsSync(join(root, 'etc/systemd/system/ondesk.service')));
    const res = runCli(['uninstall', '--root', root]);
    t.equal(res.code, 0, res.stderr);
    t.notOk(existsSync(join(root, 'etc/systemd/system/ondesk.service')));
    t.notOk(existsSync(join(root, 'opt/ondesk')));
    t.ok(existsSync(join(dataDir, 'ondesk.db')), 'data kept');
    t.equal(runCli(args).code, 0, 'reinstall onto kept data');
    t.equal(runCli(['uninstall', '--root', root, '--purge', '--yes-really']).code, 0);
    t.notOk(existsSync(dataDir));
  },
);
