import t, { type Test } from 'tap';
import BetterSqlite3 from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tar from 'tar';
import { testDesk } from '../helpers/app.js';
import { sqliteOnly, tempDir } from '../helpers/installation.js';
import { makeOrganization } from '../helpers/factories.js';
import { createBackup, pruneBackups } from '../../server/ops/backup.js';
import { restoreBackup } from '../../server/ops/restore.js';
import { pidFile } from '../../server/ops/pid-file.js';

const SQLITE_FILE = sqliteOnly(
  "the SQLite file in the archive; PostgreSQL's pg_dump archive is checked in postgres-backup.test.ts",
);

t.test(
  'backup while 20 clients write; restore holds every ticket acknowledged before it began',
  SQLITE_FILE,
  async (t) => {
    const desk = await testDesk(t);
    // 20 writers as fast as the desk answers: far past the default 600 requests a minute of one token.
    const api = await desk.agent('admin', undefined, { rateLimitPerMinute: 1_000_000 });
    const org = await makeOrganization(api);
    writeFileSync(
      join(desk.inst.config.dataDir, 'ondesk.json'),
      JSON.stringify({ smtpUrl: 'smtp://desk:s3cret@mail.example.com:587', port: 8080 }),
    );
    const acknowledged: Array<{ id: number; at: number }> = [];
    let stop = false;
    const client = async (n: number) => {
      while (!stop) {
        const res = await api.post('/api/v1/tickets', {
          subject: `client ${n}`,
          description: 'load',
          organizationId: org.id,
          type: 'incident',
          priority: 'P3',
        });
        if (res.statusCode !== 201) throw new Error(res.body);
        acknowledged.push({ id: res.json().id, at: performance.now() });
      }
    };
    const clients = Array.from({ length: 20 }, (_, n) => client(n));
    while (acknowledged.length < 100) await new Promise((r) => setTimeout(r, 10));
    const began = performance.now();
    const out = join(tempDir(t), 'snap.tar.gz');
    const backup = await createBackup({ dataDir: desk.inst.config.dataDir, out });
    const writtenDuring = acknowledged.filter((a) => a.at > began).length;
    stop = true;
    await Promise.all(clients);
    t.ok(writtenDuring > 0, `clients kept writing during the backup (${writtenDuring} tickets)`);
    t.equal(backup.manifest.includesSecrets, false);
    t.ok(
      backup.manifest.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256)),
      'a checksum for every file',
    );

    const target = join(tempDir(t), 'restored');
    const restored = await restoreBackup({ file: out, dataDir: target });
    t.equal(restored.previous, null, 'a new installation: nothing replaced');
    const db = new BetterSqlite3(join(target, 'ondesk.db'), { readonly: true });
    t.teardown(() => db.close());
    t.same(db.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
    const ids = new Set((db.prepare('select id from tickets').all() as Array<{ id: number }>).map((r) => r.id));
    const before = acknowledged.filter((a) => a.at <= began);
    t.ok(before.length >= 100);
    t.same(
      before.filter((a) => !ids.has(a.id)),
      [],
      'every ticket acknowledged before the backup began is restored',
    );
    t.same(
      JSON.parse(readFileSync(join(target, 'ondesk.json'), 'utf8')),
      { port: 8080 },
      'the redacted secret is left out, not restored as "[redacted]"',
    );
  },
);

async function smallBackup(t: Test) {
  const desk = await testDesk(t);
  const api = await desk.agent('admin');
  await makeOrganization(api, { name: 'Kept Org' });
  const dir = tempDir(t);
  const { file } = await createBackup({
    dataDir: desk.inst.config.dataDir,
    out: join(dir, 'b.tar.gz'),
    includeSecrets: true,
  });
  return { dir, file };
}

t.test(
  'restore refuses a tampered archive, ../ entries and links, leaving the target untouched',
  SQLITE_FILE,
  async (t) => {
    const { dir, file } = await smallBackup(t);
    const unpacked = join(dir, 'unpacked');
    mkdirSync(unpacked);
    await tar.extract({ file, cwd: unpacked });
    const entries = readdirSync(unpacked);

    appendFileSync(join(unpacked, 'ondesk.db'), Buffer.from('tampered'));
    const tampered = join(dir, 'tampered.tar.gz');
    await tar.create({ gzip: true, file: tampered, cwd: unpacked }, entries);
    const target = join(dir, 'target');
    await t.rejects(restoreBackup({ file: tampered, dataDir: target }), /checksum mismatch for ondesk\.db/);
    t.notOk(existsSync(join(target, 'ondesk.db')), 'nothing restored');

    await tar.extract({ file, cwd: unpacked }); // undo the tampering
    const inner = join(dir, 'inner');
    mkdirSync(inner);
    writeFileSync(join(dir, 'evil.txt'), 'outside');
    const dotdot = join(dir, 'dotdot.tar.gz');
    await tar.create({ gzip: true, file: dotdot, cwd: inner, preservePaths: true }, ['../evil.txt']);
    await t.rejects(
      restoreBackup({ file: dotdot, dataDir: target }),
      /refused, nothing was restored: \.\.\/evil\.txt: a "\.\." path/,
    );

    const absolute = join(dir, 'absolute.tar.gz');
    await tar.create({ gzip: true, file: absolute, cwd: dir, preservePaths: true }, [join(dir, 'evil.txt')]);
    await t.rejects(restoreBackup({ file: absolute, dataDir: target }), /an absolute path/);

    const { symlinkSync } = await import('node:fs');
    symlinkSync('/etc/passwd', join(unpacked, 'link'));
    const linked = join(dir, 'linked.tar.gz');
    await tar.create({ gzip: true, file: linked, cwd: unpacked }, [...entries, 'link']);
    await t.rejects(restoreBackup({ file: linked, dataDir: target }), /link: a SymbolicLink entry/);
    t.notOk(existsSync(join(target, 'ondesk.db')));
  },
);

t.test('restore refuses a running installation and moves replaced data aside', SQLITE_FILE, async (t) => {
  const { dir, file } = await smallBackup(t);
  const target = join(dir, 'live');
  mkdirSync(target);
  const sleeper = spawn('sleep', ['30']);
  t.teardown(() => sleeper.kill());
  writeFileSync(pidFile(target), JSON.stringify({ pid: sleeper.pid, port: 8080 }));
  await t.rejects(restoreBackup({ file, dataDir: target }), /the desk is running on this data dir/);
  sleeper.kill();
  await new Promise((r) => sleeper.once('exit', r));
  await restoreBackup({ file, dataDir: target });
  const second = await restoreBackup({ file, dataDir: target, now: new Date('2030-01-01T00:00:00Z') });
  t.ok(second.previous && existsSync(join(second.previous, 'ondesk.db')), 'the replaced database is kept aside');
  const db = new BetterSqlite3(join(target, 'ondesk.db'), { readonly: true });
  t.same(db.prepare(`select name from organizations where name = 'Kept Org'`).all(), [{ name: 'Kept Org' }]);
  db.close();
});

t.test(
  'every stored file is in the backup and comes back: attachments, raw mail, documents, reports',
  SQLITE_FILE,
  async (t) => {
    const desk = await testDesk(t);
    const dataDir = desk.inst.config.dataDir;
    const stored = {
      'attachments/ab/ab12': 'a screenshot',
      'mail/cd/cd34': 'Subject: a raw message',
      'documents/ef/ef56': '%PDF-1.7 an issued act',
      'reports/01/0178': 'a mailed report',
    };
    for (const [path, content] of Object.entries(stored)) {
      mkdirSync(join(dataDir, path, '..'), { recursive: true });
      writeFileSync(join(dataDir, path), content);
    }
    const dir = tempDir(t);
    const { file, manifest } = await createBackup({ dataDir, out: join(dir, 'files.tar.gz') });
    t.same(
      Object.keys(stored).filter((path) => !manifest.files.some((f) => f.path === path)),
      [],
      'the manifest lists every stored file',
    );

    const target = join(dir, 'restored');
    mkdirSync(join(target, 'mail'), { recursive: true });
    writeFileSync(join(target, 'mail', 'stale'), 'a file of the installation being replaced');
    const restored = await restoreBackup({ file, dataDir: target });
    for (const [path, content] of Object.entries(stored))
      t.equal(readFileSync(join(target, path), 'utf8'), content, `${path} is restored`);
    t.notOk(existsSync(join(target, 'mail', 'stale')), 'the replaced installation’s files are not mixed in');
    t.ok(restored.previous && existsSync(join(restored.previous, 'mail', 'stale')), 'but kept aside');
  },
);

t.test('nightly retention keeps the newest N nightly archives and nothing else', async (t) => {
  const dir = tempDir(t);
  const names = [
    'ondesk-20300101T024000Z.tar.gz',
    'ondesk-20300102T024000Z.tar.gz',
    'ondesk-20300103T024000Z.tar.gz',
    'pre-upgrade-20300101T000000Z.tar.gz',
  ];
  for (const n of names) writeFileSync(join(dir, n), '');
  t.same(pruneBackups(dir, 2), ['ondesk-20300101T024000Z.tar.gz']);
  t.same(readdirSync(dir).sort(), names.slice(1).sort());
});

t.test('the nightly backup job writes into backupDir and keeps backupKeep archives', async (t) => {
  const { testInstallation } = await import('../helpers/installation.js');
  const { runJob } = await import('../../server/jobs/runner.js');
  const { findJob } = await import('../../server/jobs/registry.js');
  const inst = await testInstallation(t);
  // Added to the settings the installation already has (on PostgreSQL: its database).
  const settings = join(inst.config.dataDir, 'ondesk.json');
  const current = existsSync(settings) ? (JSON.parse(readFileSync(settings, 'utf8')) as object) : {};
  writeFileSync(settings, JSON.stringify({ ...current, backupKeep: 2, backupDir: 'nightly' }));
  const job = findJob('backup')!;
  for (const day of ['2030-01-01', '2030-01-02', '2030-01-03']) {
    const ctx = { ...inst.ctx(), clock: { now: () => new Date(`${day}T02:40:00Z`) } };
    const outcome = await runJob(ctx, job, 'manual');
    t.equal(outcome.status, 'ok', JSON.stringify(outcome));
  }
  t.same(readdirSync(join(inst.config.dataDir, 'nightly')).sort(), [
    'ondesk-20300102T024000Z.tar.gz',
    'ondesk-20300103T024000Z.tar.gz',
  ]);
});
