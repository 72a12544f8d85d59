import t, { type Test } from 'tap';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { compareMark, filesDirViews, markFile, markFilesDir } from '../../server/cluster/index.js';
import { filesDirOf, loadConfig } from '../../server/config/config.js';
import { openInstallation, type Installation } from '../../server/installation.js';
import { reportStore } from '../../server/modules/report-mailing/report-mailing.service.js';
import { runDoctor } from '../../server/ops/doctor.js';
import { freshPostgresDatabase, tempDir, testInstallation } from '../helpers/installation.js';
import { eventually, freePort, licenseNodes, serveNode, serving } from '../helpers/cluster.js';
import { trustTestKeys } from '../helpers/licenses.js';

/** A node's data dir on the shared database, its files in `filesDir`, as `ondesk.json` says (doctor reads it). */
async function node(t: Test, url: string, nodeId: string, filesDir: string): Promise<Installation> {
  const dataDir = tempDir(t);
  writeFileSync(
    join(dataDir, 'ondesk.json'),
    JSON.stringify({ database: 'postgres', databaseUrl: url, databasePool: 2, nodeId, filesDir, logLevel: 'warn' }),
  );
  const inst = await openInstallation({ dataDir, env: {} });
  t.teardown(() => inst.close());
  // Live as a serving node is: a row with a fresh heartbeat (joining would also ask the license for a second node).
  const now = new Date().toISOString();
  await inst.database.db
    .insertInto('cluster_nodes')
    .values({
      node_id: nodeId,
      instance_id: `start-${nodeId}`,
      version: '0.1.0',
      address: '127.0.0.1:8080',
      hostname: `host-${nodeId}`,
      pid: 1,
      schema_version: 'x',
      started_at: now,
      heartbeat_at: now,
      stopped_at: null,
    })
    .execute();
  return inst;
}

const filesCheck = async (inst: Installation) =>
  (await runDoctor({ dataDir: inst.config.dataDir, smtpTimeoutMs: 100 })).find((c) => c.name === 'files');

t.test('doctor: every live node sees the same files directory, or the node that does not is named', async (t) => {
  const database = await freshPostgresDatabase();
  t.teardown(() => database.drop());
  const shared = tempDir(t);
  const a = await node(t, database.url, 'node-a', shared);
  const b = await node(t, database.url, 'node-b', shared);

  t.match(await filesCheck(a), { status: 'WARN', message: /^node node-a has not marked a files directory/ });
  const markA = await markFilesDir(a.ctx());
  await markFilesDir(b.ctx());
  t.equal(readFileSync(markFile(shared, 'node-a'), 'utf8'), `${markA.token}\n`, 'the mark holds the token');
  t.same(
    await filesDirViews(a.ctx(), 30_000),
    [
      { nodeId: 'node-a', state: 'same', filesDir: shared },
      { nodeId: 'node-b', state: 'same', filesDir: shared },
    ],
    'each sees the other’s mark',
  );
  t.match(await filesCheck(b), {
    status: 'OK',
    message: `${shared} is shared by every live node (node-a, node-b)`,
  });

  // Node C mounted a directory of its own: it cannot read files the others stored, nor they its files.
  const own = tempDir(t);
  const c = await node(t, database.url, 'node-c', own);
  await markFilesDir(c.ctx());
  const fromA = await filesCheck(a);
  t.equal(fromA?.status, 'WARN');
  t.match(
    fromA?.message,
    `node node-c does not share the files directory ${shared}: its mark .nodes/node-c is not there (it keeps its files in ${own})`,
  );
  t.notMatch(fromA?.message, /node node-[ab] does not/, 'only node C is named');
  t.match(fromA?.fix, /mount the same directory on every node/);
  const fromC = await filesCheck(c);
  t.match(fromC?.message, /node node-a does not share the files directory .*; node node-b does not share/);

  // A copy of the shared directory is not the shared directory: the next mark of node A is not in it.
  writeFileSync(markFile(own, 'node-a'), `${markA.token}\n`);
  t.match(
    (await filesDirViews(c.ctx(), 30_000)).find((v) => v.nodeId === 'node-a'),
    { state: 'same' },
  );
  await markFilesDir(a.ctx());
  t.match(
    (await filesDirViews(c.ctx(), 30_000)).find((v) => v.nodeId === 'node-a'),
    { state: 'different' },
  );

  // A node that stopped reporting is no longer asked about.
  await a.database.db
    .updateTable('cluster_nodes')
    .set({ heartbeat_at: new Date(Date.now() - 60_000).toISOString() })
    .where('node_id', '=', 'node-c')
    .execute();
  t.match(await filesCheck(a), { status: 'OK', message: /\(node-a, node-b\)$/ });
});

t.test('a node that starts says in its log which live node does not share its files directory', async (t) => {
  const database = await freshPostgresDatabase();
  t.teardown(() => database.drop());
  trustTestKeys();
  const other = await node(t, database.url, 'node-b', tempDir(t));
  await licenseNodes(other, 2, ['node-a', 'node-b']);
  await markFilesDir(other.ctx());
  const dir = tempDir(t);
  const files = tempDir(t);
  writeFileSync(
    join(dir, 'ondesk.json'),
    JSON.stringify({ database: 'postgres', databaseUrl: database.url, filesDir: files }),
  );
  const a = serveNode(t, dir, 'node-a', await freePort());
  await serving(a);
  await eventually(() => (/files: node node-b/.test(a.output()) ? true : undefined), 5_000, 'the warning');
  t.match(
    a.output(),
    `files: node node-b does not share the files directory ${files}: its mark .nodes/node-b is not there`,
  );
  t.ok(existsSync(markFile(files, 'node-a')), 'node A marked its own directory');
});

t.test('doctor on PostgreSQL checks the connection without showing the password', async (t) => {
  const dataDir = tempDir(t);
  writeFileSync(
    join(dataDir, 'ondesk.json'),
    JSON.stringify({ database: 'postgres', databaseUrl: 'postgres://ondesk:s3cret-pw@127.0.0.1:1/ondesk' }),
  );
  const checks = await runDoctor({ dataDir, smtpTimeoutMs: 100 });
  const db = checks.find((c) => c.name === 'database');
  t.equal(db?.status, 'FAIL');
  t.match(db?.message, /^PostgreSQL at postgres:\/\/ondesk:\*\*\*@127\.0\.0\.1:1\/ondesk: /);
  t.notMatch(JSON.stringify(checks), /s3cret-pw/, 'the password appears nowhere');
});

t.test(
  'filesDir: the data dir by default (the layout of one node), else the setting, relative to the data dir',
  async (t) => {
    const dataDir = tempDir(t);
    t.equal(filesDirOf(loadConfig({ dataDir, env: {} })), dataDir);
    t.equal(filesDirOf(loadConfig({ dataDir, env: { ONDESK_FILES_DIR: '/srv/ondesk-files' } })), '/srv/ondesk-files');
    t.equal(filesDirOf(loadConfig({ dataDir, env: {}, overrides: { filesDir: 'shared' } })), join(dataDir, 'shared'));

    const elsewhere = tempDir(t);
    const inst = await testInstallation(t, { env: { ONDESK_FILES_DIR: elsewhere } });
    t.equal(inst.ctx().filesDir, elsewhere);
    const { sha256 } = await reportStore(inst.ctx()).put(Readable.from([Buffer.from('a report')]), 1024);
    t.ok(existsSync(join(elsewhere, 'reports', sha256.slice(0, 2), sha256)), 'stored files go to filesDir');
    t.notOk(existsSync(join(inst.config.dataDir, 'reports')), 'nothing in the data dir');
  },
);

t.test('a mark compared', async (t) => {
  const mark = { token: 'abc', filesDir: '/srv/files', markedAt: '2026-12-05T00:00:00.000Z' };
  t.equal(compareMark(mark, 'abc\n'), 'same');
  t.equal(compareMark(mark, 'abd\n'), 'different');
  t.equal(compareMark(mark, null), 'missing');
  t.equal(compareMark(null, 'abc\n'), 'unmarked');
});
