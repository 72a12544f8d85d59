import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, startCli, waitForUrl } from '../helpers/cli.js';
import { tempDir } from '../helpers/installation.js';

t.test('user create, token create and migrate status on a data dir', async (t) => {
  const dir = tempDir(t);
  const pw = join(dir, 'pw');
  writeFileSync(pw, 'a long enough password\n');
  const created = runCli([
    'user',
    'create',
    '--data-dir',
    dir,
    '--email',
    'Boss@Example.com',
    '--name',
    'Boss',
    '--role',
    'admin',
    '--password-file',
    pw,
  ]);
  t.equal(created.code, 0, created.stderr);
  t.match(created.stdout, /created agent 1 boss@example.com \(admin\)/);
  t.notMatch(created.stdout, /password:/, 'no generated password when a file was given');

  const generated = runCli([
    'user',
    'create',
    '--data-dir',
    dir,
    '--email',
    'eng@example.com',
    '--name',
    'Eng',
    '--role',
    'engineer',
  ]);
  t.equal(generated.code, 0);
  t.match(generated.stdout, /password: \S{12,}/, 'a generated password is shown once');

  const dup = runCli([
    'user',
    'create',
    '--data-dir',
    dir,
    '--email',
    'boss@example.com',
    '--name',
    'B',
    '--role',
    'admin',
    '--password-file',
    pw,
  ]);
  t.equal(dup.code, 2);
  t.match(dup.stderr, /already exists/);
  const badRole = runCli([
    'user',
    'create',
    '--data-dir',
    dir,
    '--email',
    'x@example.com',
    '--name',
    'X',
    '--role',
    'boss',
  ]);
  t.equal(badRole.code, 2);
  t.match(badRole.stderr, /--role must be one of admin, manager, engineer, accountant/);

  const token = runCli(['token', 'create', '--data-dir', dir, '--email', 'boss@example.com']);
  t.equal(token.code, 0);
  t.match(token.stdout.trim(), /^odk_[\w-]{40,}$/);
  const unknown = runCli(['token', 'create', '--data-dir', dir, '--email', 'nobody@example.com']);
  t.equal(unknown.code, 2);
  t.match(unknown.stderr, /no agent with the e-mail/);

  const status = runCli(['migrate', 'status', '--data-dir', dir]);
  t.equal(status.code, 0);
  t.match(status.stdout, /applied {2}2026-11-24-001-foundation/);
  t.equal(runCli(['migrate', 'sideways', '--data-dir', dir]).code, 2);
});

t.test('serve: a bad setting stops the start with a message naming the key', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'ondesk.json'), JSON.stringify({ port: 'eighty', colour: 'blue' }));
  const res = runCli(['serve', '--data-dir', dir]);
  t.not(res.code, 0);
  t.match(res.stderr, /setting "port"|unknown setting "colour"/);
  writeFileSync(join(dir, 'ondesk.json'), JSON.stringify({ colour: 'blue' }));
  t.match(runCli(['serve', '--data-dir', dir]).stderr, /unknown setting "colour"/);
  writeFileSync(join(dir, 'ondesk.json'), '{}');
  const env = runCli(['serve', '--data-dir', dir], { env: { ONDESK_PORT: '99999' } });
  t.match(env.stderr, /setting "port" in environment \(ONDESK_PORT\)/);
  t.match(runCli(['serve', '--data-dir', dir, '--port', 'x']).stderr, /--port must be a number/);
});

t.test('serve answers health checks, serves the UI and stops cleanly on SIGTERM', async (t) => {
  const dir = tempDir(t);
  const child = startCli(['serve', '--data-dir', dir, '--port', '0', '--demo']);
  t.teardown(() => child.kill('SIGKILL'));
  const url = await waitForUrl(child);
  t.equal((await fetch(`${url}/healthz`)).status, 200);
  const ready = await (await fetch(`${url}/readyz`)).json();
  t.equal(ready.status, 'ready');
  const page = await fetch(`${url}/tickets`);
  t.equal(page.status, 200, 'client-side routes get the UI');
  t.match(await page.text(), /<html|<!doctype/i);
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.ondesk', password: 'demo-password' }),
  });
  t.equal(login.status, 200, 'the demo login works');
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const teams = (await (await fetch(`${url}/api/v1/teams`, { headers: { cookie } })).json()) as {
    items: Array<{ name: string; memberIds: number[] }>;
  };
  t.same(
    teams.items.map((team) => team.name).sort(),
    ['Выездные инженеры', 'Первая линия'],
    'the demo desk has two teams',
  );
  const teamQueue = (await (
    await fetch(`${url}/api/v1/tickets?teamId=mine&limit=5`, { headers: { cookie } })
  ).json()) as { items: unknown[] };
  t.ok(teamQueue.items.length > 0, 'and the admin’s team has tickets');
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  t.equal(await exit, 0, 'graceful exit');
});
