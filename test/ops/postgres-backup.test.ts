/**
 * `ondesk backup` / `ondesk restore` of an installation on PostgreSQL: pg_dump's custom format in the usual
 * archive (manifest with checksums, config, stored files), restored with pg_restore --clean in one transaction.
 */
import t, { type Test } from 'tap';
import * as tar from 'tar';
import pg from 'pg';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../../server/app.js';
import { openInstallation } from '../../server/installation.js';
import { createApiToken } from '../../server/modules/auth/index.js';
import { findPgTool } from '../../server/ops/pg-tools.js';
import { apiClient, testDesk } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';
import { makeOrganization, makeTicket } from '../helpers/factories.js';
import { tempDir } from '../helpers/installation.js';

async function reopen(t: Test, dataDir: string, agentId: number) {
  const inst = await openInstallation({ dataDir, env: {}, overrides: { logLevel: 'warn' } });
  const app = await buildApp({ installation: inst, logRequests: false });
  t.teardown(async () => {
    await app.close();
    await inst.close();
  });
  const { token } = await createApiToken(inst.ctx(), { agentId, name: 'after restore', rateLimitPerMinute: null });
  return apiClient(app, token, agentId);
}

t.test('backup then restore on PostgreSQL round-trips tickets and stored files', async (t) => {
  const desk = await testDesk(t, { database: 'postgres' });
  const dataDir = desk.inst.config.dataDir;
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin, { name: 'Ромашка' });
  const kept = await makeTicket(admin, org.id, { subject: 'Не печатает принтер в бухгалтерии' });
  const comment = await admin.post(`/api/v1/tickets/${kept.id}/comments`, { body: 'Проверили драйвер', public: false });
  t.equal(comment.statusCode, 201);
  const keptView = (await admin.get(`/api/v1/tickets/${kept.id}`)).json();
  mkdirSync(join(dataDir, 'attachments', 'ab'), { recursive: true });
  writeFileSync(join(dataDir, 'attachments', 'ab', 'abcdef'), 'файл до резервной копии');

  const archive = join(tempDir(t), 'pg.tar.gz');
  const backup = runCli(['backup', '--data-dir', dataDir, '--out', archive]);
  t.equal(backup.code, 0, backup.stderr);
  t.match(backup.stderr, /backup complete: \d+ files, .* MB, schema \S+, secrets redacted/);
  const manifest = JSON.parse(
    await new Promise<string>((done, fail) => {
      let text = '';
      tar
        .t({
          file: archive,
          onReadEntry: (e) => (e.path === 'manifest.json' ? e.on('data', (c: Buffer) => (text += c)) : e.resume()),
        })
        .then(() => done(text), fail);
    }),
  );
  t.equal(manifest.database, 'postgres');
  t.same(
    manifest.files.map((f: { path: string }) => f.path).sort(),
    ['attachments/ab/abcdef', 'ondesk.dump', 'ondesk.json'],
    'the dump, the config and the stored files, each with its checksum',
  );
  t.equal(manifest.schema.latest, Object.keys((await import('../../migrations/index.js')).migrations).at(-1));

  // After the backup: a ticket and a file that the restore must take away again.
  const later = await makeTicket(admin, org.id, { subject: 'after the backup' });
  writeFileSync(join(dataDir, 'attachments', 'ab', 'later'), 'после копии');
  await desk.app.close();
  await desk.inst.close();

  // Another node still reporting to the shared database: its pid file is on another machine.
  const db = new pg.Client({
    connectionString: JSON.parse(readFileSync(join(dataDir, 'ondesk.json'), 'utf8')).databaseUrl,
  });
  await db.connect();
  t.teardown(() => db.end());
  const now = new Date().toISOString();
  await db.query(
    `insert into cluster_nodes (node_id, instance_id, version, address, hostname, pid, schema_version, started_at, heartbeat_at)
     values ('node-b', 'i1', '1.0.0', 'http://10.0.0.2:8080', 'desk-b', 4242, $1, $2, $2)`,
    [manifest.schema.latest, now],
  );
  const refused = runCli(['restore', archive, '--data-dir', dataDir]);
  t.equal(refused.code, 2, 'refused while another node runs');
  t.match(refused.stderr, /nodes still run on this database \(node-b on desk-b\): stop every node first/);
  t.equal((await db.query('select count(*)::int as n from tickets')).rows[0].n, 2, 'nothing restored');
  await db.query(`update cluster_nodes set stopped_at = $1 where node_id = 'node-b'`, [now]);

  const restore = runCli(['restore', archive, '--data-dir', dataDir]);
  t.equal(restore.code, 0, restore.stderr);
  t.match(restore.stdout, /restored the backup of .* \(schema \S+\)/);
  const previous = /the data it replaced is in (\S+);/.exec(restore.stdout)?.[1];
  t.ok(previous && existsSync(join(previous, 'ondesk.dump')), 'the replaced database was dumped aside first');
  t.ok(existsSync(join(previous!, 'attachments', 'ab', 'later')), 'the replaced files were moved aside');
  t.same(readdirSync(join(dataDir, 'attachments', 'ab')), ['abcdef']);
  t.equal(readFileSync(join(dataDir, 'attachments', 'ab', 'abcdef'), 'utf8'), 'файл до резервной копии');
  t.match(JSON.parse(readFileSync(join(dataDir, 'ondesk.json'), 'utf8')), { database: 'postgres' }, 'config kept');

  const api = await reopen(t, dataDir, admin.agentId);
  t.same((await api.get(`/api/v1/tickets/${kept.id}`)).json(), keptView, 'the ticket of the backup, as it was');
  const comments = (await api.get(`/api/v1/tickets/${kept.id}/comments`)).json();
  t.same(
    comments.items.map((c: { body: string }) => c.body),
    ['Проверили драйвер'],
  );
  t.equal((await api.get(`/api/v1/tickets/${later.id}`)).statusCode, 404, 'the ticket made after the backup is gone');
  const fresh = await makeTicket(api, org.id, { subject: 'after the restore' });
  t.ok(fresh.id > kept.id, 'ids continue after the restored ones');

  const sqliteDir = tempDir(t);
  const wrong = runCli(['restore', archive, '--data-dir', sqliteDir]);
  t.equal(wrong.code, 2, 'a PostgreSQL backup is not restored into a SQLite installation');
  t.match(wrong.stderr, /is of an installation on PostgreSQL and .* runs on SQLite/);
  t.same(readdirSync(sqliteDir), [], 'and nothing was written there');
});

t.test(
  'without pg_dump the backup says what to install; an unreachable server is named without its password',
  async (t) => {
    const dataDir = tempDir(t);
    writeFileSync(
      join(dataDir, 'ondesk.json'),
      JSON.stringify({ database: 'postgres', databaseUrl: 'postgres://ondesk:s3cret@127.0.0.1:1/ondesk' }),
    );
    const missing = runCli(['backup', '--data-dir', dataDir], { env: { ONDESK_PG_BIN: join(dataDir, 'no-such-dir') } });
    t.equal(missing.code, 1);
    t.match(missing.stderr, /pg_dump was not found \(looked in .*no-such-dir\): install PostgreSQL's client programs/);
    t.throws(() => findPgTool('pg_restore', { PATH: '' }, join(dataDir, 'nowhere')), /pg_restore was not found/);

    const unreachable = runCli(['backup', '--data-dir', dataDir]);
    t.equal(unreachable.code, 1);
    t.match(unreachable.stderr, /pg_dump failed on postgres:\/\/ondesk:\*\*\*@127\.0\.0\.1:1\/ondesk/);
    t.notMatch(unreachable.stderr, /s3cret/);
    t.same(readdirSync(join(dataDir, 'backups')), [], 'no archive and no leftovers of one');
  },
);
