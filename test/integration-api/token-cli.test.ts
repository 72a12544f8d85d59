import t from 'tap';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../../server/db/connection.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/installation.js';

t.test('ondesk token create --scopes: the token holds the scopes named, unknown ones are refused', async (t) => {
  const dir = tempDir(t);
  t.equal(
    runCli(['user', 'create', '--data-dir', dir, '--email', 'ops@example.com', '--name', 'Ops', '--role', 'admin'])
      .code,
    0,
  );
  const made = runCli([
    'token',
    'create',
    '--data-dir',
    dir,
    '--email',
    'ops@example.com',
    '--name',
    'zabbix',
    '--scopes',
    'tickets:write, read',
  ]);
  t.equal(made.code, 0, made.stderr);
  t.match(made.stdout, /^odk_[\w-]{40,}\n$/);
  const bad = runCli(['token', 'create', '--data-dir', dir, '--email', 'ops@example.com', '--scopes', 'root']);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /Unknown scope root; the scopes are read, write, tickets:write/);
  const handle = openDatabase(join(dir, 'ondesk.db'));
  t.teardown(() => handle.close());
  const rows = await sql<{ name: string; scopes: string; scope: string }>`
    select name, scopes, scope from api_tokens order by id`.execute(handle.db);
  t.same(rows.rows, [{ name: 'zabbix', scopes: '["read","tickets:write"]', scope: 'write' }]);
});
