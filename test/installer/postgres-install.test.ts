import t, { type Test } from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { render } from '@inquirer/testing';
import { stripVTControlCharacters } from 'node:util';
import { resolveAnswers } from '../../installer/answers.js';
import { askInstallAnswers } from '../../installer/prompts.js';
import { postgresCheck } from '../../installer/postgres.js';
import { runCli } from '../helpers/cli.js';
import { freePort, serveNode, serving } from '../helpers/cluster.js';
import { freshPostgresDatabase, tempDir } from '../helpers/installation.js';
import { mintLicense, mintNode } from '../helpers/licenses.js';

/** A fresh PostgreSQL database whose URL carries a password that must never be printed. */
async function database(t: Test) {
  const db = await freshPostgresDatabase();
  t.teardown(() => db.drop());
  const url = new URL(db.url);
  const name = url.pathname.slice(1);
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  await admin.query(`create role ${name}_owner login password 'Secr3t-pw-42'`);
  await admin.query(`grant all on schema public to ${name}_owner`);
  await admin.query(`alter database ${name} owner to ${name}_owner`);
  await admin.query(`alter schema public owner to ${name}_owner`);
  await admin.end();
  t.teardown(async () => {
    await db.drop();
    const c = new pg.Client({ connectionString: db.url.replace(`/${name}`, '/postgres') });
    await c.connect();
    await c.query(`drop role if exists ${name}_owner`);
    await c.end();
  });
  url.username = `${name}_owner`;
  url.password = 'Secr3t-pw-42';
  return url.toString();
}

function setup(t: Test) {
  const dir = tempDir(t, 'ondesk-install-pg-');
  const root = join(dir, 'root');
  const dataDir = join(root, 'var/lib/ondesk');
  const pw = join(dir, 'pw');
  writeFileSync(pw, 'a long enough password\n');
  return { dir, root, dataDir, pw };
}

t.test('answers: postgres needs a URL, a problem never echoes it, --join needs the node token', async (t) => {
  const base = { adminEmail: 'a@example.com', root: '/tmp/r' };
  t.throws(() => resolveAnswers([{ ...base, database: 'postgres' }]), {
    message: /--database \(ONDESK_DATABASE\) postgres needs --database-url \(ONDESK_DATABASE_URL\)/,
  });
  const bad = (() => {
    try {
      resolveAnswers([{ ...base, databaseUrl: 'mysql://u:hunter2@h/db' }]);
    } catch (err) {
      return (err as Error).message;
    }
  })();
  t.match(bad, /--database-url \(ONDESK_DATABASE_URL\) must look like postgres:\/\/user:password@host:5432\/ondesk/);
  t.notMatch(bad, /hunter2/, 'the password is not in the message');
  t.throws(() => resolveAnswers([{ ...base, database: 'mysql' }]), { message: /must be sqlite or postgres/ });
  t.throws(() => resolveAnswers([{ root: '/tmp/r', joinUrl: 'http://10.0.0.1:8080' }]), {
    message: /--join \(ONDESK_JOIN_URL\) needs this node's token from the vendor: pass --node-token-file/,
  });
  const join = resolveAnswers([{ root: '/tmp/r', joinUrl: 'http://10.0.0.1:8080/', nodeTokenFile: '/tmp/n' }]);
  t.match(join, { database: 'postgres', joinUrl: 'http://10.0.0.1:8080', adminEmail: '' }, 'no admin asked');
  t.match(resolveAnswers([{ ...base, databaseUrl: 'postgres://u:p@h/db' }]), { database: 'postgres' });
  t.match(resolveAnswers([base]), { database: 'sqlite' }, 'SQLite stays the default');
});

t.test('preflight of the database: it answers, and it is PostgreSQL 13 or newer', async (t) => {
  const url = 'postgres://ondesk:pw-xyz@db.example:5432/ondesk';
  t.match(postgresCheck({ versionNum: 150004, version: '15.4' }, url), {
    status: 'ok',
    message: 'PostgreSQL 15.4 at postgres://ondesk:***@db.example:5432/ondesk',
  });
  t.match(postgresCheck({ versionNum: 120017, version: '12.17' }, url), {
    status: 'fail',
    message: 'postgres://ondesk:***@db.example:5432/ondesk is PostgreSQL 12.17: Ondesk needs PostgreSQL 13 or newer',
  });
  t.match(postgresCheck({ error: 'connect ECONNREFUSED' }, url), {
    status: 'fail',
    message: /^cannot connect to postgres:\/\/ondesk:\*\*\*@db\.example:5432\/ondesk: connect ECONNREFUSED/,
  });
});

t.test(
  'install --database postgres: preflight connects, config names the database, no password in the output',
  async (t) => {
    const { root, dataDir, pw } = setup(t);
    const url = await database(t);
    const args = ['install', '--yes', '--root', root, '--data-dir', dataDir, '--port', '8091'];
    const admin = ['--admin-email', 'admin@example.com', '--admin-password-file', pw];

    const refused = runCli([
      ...args,
      ...admin,
      '--database',
      'postgres',
      '--database-url',
      url.replace(/:\d+\//, ':1/'),
    ]);
    t.equal(refused.code, 2, refused.stderr);
    t.match(refused.stderr, /FAIL postgres: cannot connect to postgres:\/\/.*:\*\*\*@127\.0\.0\.1:1\//);
    t.notMatch(refused.stdout + refused.stderr, /Secr3t-pw-42/, 'the password is never printed');

    const first = runCli([
      ...args,
      ...admin,
      '--database',
      'postgres',
      '--database-url',
      url,
      '--files-dir',
      '/srv/ondesk-files',
    ]);
    t.equal(first.code, 0, first.stderr);
    t.match(first.stdout, /OK {3}postgres: PostgreSQL \d+\.\d+.* at postgres:\/\/.*:\*\*\*@/);
    t.match(first.stdout, /created admin admin@example\.com/);
    t.match(first.stdout, /several nodes: every node mounts the same files directory \(\/srv\/ondesk-files/);
    t.notMatch(first.stdout + first.stderr, /Secr3t-pw-42/, 'the password is never printed');
    const config = JSON.parse(readFileSync(join(dataDir, 'ondesk.json'), 'utf8')) as Record<string, unknown>;
    t.match(config, { database: 'postgres', databaseUrl: url, filesDir: '/srv/ondesk-files', port: 8091 });

    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const { rows } = await c.query(`select email, role from agents`);
    await c.end();
    t.same(rows, [{ email: 'admin@example.com', role: 'admin' }], 'migrated and the admin created in PostgreSQL');

    const again = runCli([
      ...args,
      ...admin,
      '--database',
      'postgres',
      '--database-url',
      url,
      '--files-dir',
      '/srv/ondesk-files',
    ]);
    t.equal(again.code, 0, again.stderr);
    t.notMatch(again.stdout, /created admin/, 'a re-run finds the admin in PostgreSQL');
  },
);

t.test('install --join: a second node takes the database from the first, only with its own node token', async (t) => {
  const url = await database(t);
  const license = await mintLicense({ nodes: 2 });
  const first = setup(t);
  const pwFirst = first.pw;
  const licenseFile = join(first.dir, 'license.jwt');
  writeFileSync(licenseFile, license.token);
  const nodeA = join(first.dir, 'node-a.jwt');
  writeFileSync(nodeA, (await mintNode(license.claims, 'node-a')).token);
  const installed = runCli(
    [
      'install',
      '--yes',
      '--root',
      first.root,
      '--data-dir',
      first.dataDir,
      '--no-systemd',
      '--admin-email',
      'admin@example.com',
      '--admin-password-file',
      pwFirst,
      '--database',
      'postgres',
      '--database-url',
      url,
      '--license-file',
      licenseFile,
      '--node-token-file',
      nodeA,
      '--node-id',
      'node-a',
    ],
    { trustTestKeys: true },
  );
  t.equal(installed.code, 0, installed.stderr);
  const port = await freePort();
  const a = serveNode(t, first.dataDir, 'node-a', port);
  await serving(a);
  const joinUrl = `http://127.0.0.1:${port}`;

  const second = setup(t);
  const tokenFile = join(second.dir, 'node-b.jwt');
  writeFileSync(tokenFile, (await mintNode(license.claims, 'node-b')).token);
  const args = [
    'install',
    '--yes',
    '--root',
    second.root,
    '--data-dir',
    second.dataDir,
    '--no-systemd',
    '--port',
    '8092',
  ];

  const wrongMachine = runCli([...args, '--join', joinUrl, '--node-token-file', tokenFile, '--node-id', 'node-c'], {
    trustTestKeys: true,
  });
  t.equal(wrongMachine.code, 2, wrongMachine.stderr);
  t.match(wrongMachine.stderr, /the node token is for node node-b, but this machine is node node-c \(--node-id\)/);

  const forged = join(second.dir, 'forged.jwt');
  writeFileSync(forged, 'eyJhbGciOiJFZERTQSJ9.e30.AAAA');
  const refused = runCli([...args, '--join', joinUrl, '--node-token-file', forged, '--node-id', 'node-b'], {
    trustTestKeys: true,
  });
  t.equal(refused.code, 2);
  t.match(
    refused.stderr,
    /the node at http:\/\/127\.0\.0\.1:\d+ refused to let this node join \(401\): The node token is refused/,
  );

  const joined = runCli([...args, '--join', joinUrl, '--node-token-file', tokenFile, '--node-id', 'node-b'], {
    trustTestKeys: true,
  });
  t.equal(joined.code, 0, joined.stderr);
  t.match(joined.stdout, /Joining installation .* as node node-b \(database postgres:\/\/.*:\*\*\*@/);
  t.match(joined.stdout, /Node node-b registered \(this node\)/, 'its node token applied');
  t.notMatch(joined.stdout, /created admin/, 'the agents are the first node’s');
  t.notMatch(joined.stdout + joined.stderr, /Secr3t-pw-42/, 'the password is never printed');
  const config = JSON.parse(readFileSync(join(second.dataDir, 'ondesk.json'), 'utf8')) as Record<string, unknown>;
  t.match(config, { database: 'postgres', databaseUrl: url, nodeId: 'node-b', port: 8092 });
});

t.test('the interactive flow asks for the database, and the URL is typed like a password', async (t) => {
  const rendered = await render(askInstallAnswers, {
    given: { root: '/tmp/x', installDir: '/opt/ondesk', dataDir: '/var/lib/ondesk', host: '127.0.0.1', port: 9000 },
  });
  const { answer, events } = rendered;
  const output = async () => stripVTControlCharacters(await rendered.getFullOutput({ raw: true }));
  const step = async (expect: RegExp, act: () => void) => {
    const until = Date.now() + 3000;
    while (!expect.test(await output()) && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 10));
    t.match(await output(), expect);
    act();
  };
  const enter = () => events.keypress('enter');
  await step(/Public URL/, enter);
  await step(/Database \(--database\)/, () => {
    events.keypress('down');
    enter();
  });
  await step(/PostgreSQL URL, postgres:\/\/user:password@host:5432\/ondesk \(--database-url\)/, () => {
    events.type('postgres://ondesk:Typed-pw-9@db.example:5432/ondesk');
    enter();
  });
  await step(/First admin's e-mail/, () => {
    events.type('boss@example.com');
    enter();
  });
  await step(/First admin's name/, enter);
  await step(/Admin password/, enter);
  await step(/Configure outgoing mail/, enter);
  await step(/License file/, enter);
  await step(/systemd service\?/, () => {
    events.type('n');
    enter();
  });
  await step(/User the service runs as/, enter);
  const raw = await answer;
  t.match(raw, { database: 'postgres', databaseUrl: 'postgres://ondesk:Typed-pw-9@db.example:5432/ondesk' });
  t.notMatch(await output(), /Typed-pw-9/, 'the URL was masked on the screen');
  t.match(resolveAnswers([raw]), { database: 'postgres' });
});
