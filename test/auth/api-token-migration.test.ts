import t from 'tap';
import { join } from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../../server/app.js';
import { openDatabase } from '../../server/db/connection.js';
import { createMigrator } from '../../server/db/migrator.js';
import { openInstallation } from '../../server/installation.js';
import { sha256 } from '../../server/shared/tokens.js';
import { apiClient } from '../helpers/app.js';
import { tempDir } from '../helpers/installation.js';

t.test('migration 010: existing tokens keep working as write tokens; inactive agents lose theirs', async (t) => {
  const dataDir = tempDir(t);
  const handle = openDatabase(join(dataDir, 'ondesk.db'));
  await createMigrator(handle.db).migrateTo('2026-12-04-009-domain-events');
  const now = '2026-11-30T10:00:00.000Z';
  await sql`insert into agents (email, name, role, active) values ('live@test.ondesk', 'Live', 'admin', 1),
            ('gone@test.ondesk', 'Gone', 'engineer', 0)`.execute(handle.db);
  for (const [agentId, secret] of [
    [1, 'odk_existing_live'],
    [2, 'odk_existing_gone'],
  ] as const) {
    await sql`insert into api_tokens (agent_id, name, token_hash, prefix, created_at)
              values (${agentId}, 'old', ${sha256(secret)}, ${secret.slice(0, 8)}, ${now})`.execute(handle.db);
  }
  handle.close();

  const inst = await openInstallation({ dataDir, env: {}, overrides: { logLevel: 'warn' } });
  t.teardown(() => inst.close());
  const rows = await sql<{
    agent_id: number;
    scope: string;
    expires_at: string | null;
    revoked_at: string | null;
  }>`select agent_id, scope, expires_at, revoked_at from api_tokens order by id`.execute(inst.ctx().db);
  t.same(
    rows.rows.map((r) => [r.agent_id, r.scope, r.expires_at, r.revoked_at === null]),
    [
      [1, 'write', null, true],
      [2, 'write', null, false],
    ],
    'write, no expiry; the inactive agent’s token is revoked',
  );
  const app = await buildApp({ installation: inst, logRequests: false });
  t.teardown(() => app.close());
  const live = apiClient(app, 'odk_existing_live', 1);
  t.equal((await live.get('/api/v1/tickets')).statusCode, 200, 'the old token still reads');
  t.equal((await live.post('/api/v1/organizations', { name: 'Acme' })).statusCode, 201, 'and writes');
  t.equal((await live.patch('/api/v1/agents/2', { active: true })).statusCode, 200, 'reactivate the other agent');
  t.equal(
    (await apiClient(app, 'odk_existing_gone', 2).get('/api/v1/tickets')).statusCode,
    401,
    'whose old token stays revoked',
  );
});
