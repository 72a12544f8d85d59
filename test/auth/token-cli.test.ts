import t from 'tap';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../../server/db/connection.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/installation.js';

t.test('ondesk token create --scope/--expires-days: printed once, in the same format', async (t) => {
  const dir = tempDir(t);
  t.equal(
    runCli(['user', 'create', '--data-dir', dir, '--email', 'ops@example.com', '--name', 'Ops', '--role', 'admin'])
      .code,
    0,
  );
  const plain = runCli(['token', 'create', '--data-dir', dir, '--email', 'ops@example.com']);
  t.equal(plain.code, 0, plain.stderr);
  t.match(plain.stdout, /^odk_[\w-]{40,}\n$/, 'only the token, as before');
  const read = runCli([
    'token',
    'create',
    '--data-dir',
    dir,
    '--email',
    'ops@example.com',
    '--name',
    'grafana',
    '--scope',
    'read',
    '--expires-days',
    '30',
  ]);
  t.equal(read.code, 0, read.stderr);
  t.match(read.stdout, /^odk_[\w-]{40,}\n$/);
  const badScope = runCli(['token', 'create', '--data-dir', dir, '--email', 'ops@example.com', '--scope', 'all']);
  t.equal(badScope.code, 2);
  t.match(badScope.stderr, /--scope is read or write/);
  const badDays = runCli(['token', 'create', '--data-dir', dir, '--email', 'ops@example.com', '--expires-days', '0']);
  t.equal(badDays.code, 2);
  t.match(badDays.stderr, /--expires-days/);

  const handle = openDatabase(join(dir, 'ondesk.db'));
  t.teardown(() => handle.close());
  const rows = (
    await sql<{
      name: string;
      scope: string;
      created_at: string;
      expires_at: string | null;
    }>`select name, scope, created_at, expires_at from api_tokens order by id`.execute(handle.db)
  ).rows;
  t.equal(rows.length, 2);
  t.same([rows[0]!.name, rows[0]!.scope, rows[0]!.expires_at], ['cli', 'write', null]);
  t.same([rows[1]!.name, rows[1]!.scope], ['grafana', 'read']);
  const lifetime = Date.parse(rows[1]!.expires_at!) - Date.parse(rows[1]!.created_at);
  t.ok(Math.abs(lifetime - 30 * 86_400_000) < 5_000, 'expires in 30 days');
});
