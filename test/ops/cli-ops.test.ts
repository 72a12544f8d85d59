import t from 'tap';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tar from 'tar';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/installation.js';

t.test('backup, doctor and support-bundle from the command line', async (t) => {
  const dir = tempDir(t);
  const dataDir = join(dir, 'data');
  t.equal(runCli(['migrate', 'up', '--data-dir', dataDir]).code, 0);
  writeFileSync(
    join(dataDir, 'ondesk.json'),
    JSON.stringify({ smtpUrl: 'smtp://desk:s3cret@127.0.0.1:1', backupKeep: 3 }),
  );
  writeFileSync(join(dataDir, 'logs', 'ondesk.log'), '{"msg":"hello"}\n');

  const backup = runCli(['backup', '--data-dir', dataDir, '--out', join(dir, 'b.tar.gz')]);
  t.equal(backup.code, 0, backup.stderr);
  t.equal(backup.stdout.trim(), join(dir, 'b.tar.gz'));
  t.match(backup.stderr, /secrets redacted/);

  const doctor = runCli(['doctor', '--data-dir', dataDir]);
  t.equal(doctor.code, 1, 'SMTP unreachable is a FAIL');
  t.match(doctor.stdout, /^OK {3}database: integrity_check ok$/m);
  t.match(doctor.stdout, /^FAIL smtp: 127\.0\.0\.1:1: .*\n {5}→ check smtpUrl/m);
  t.notMatch(doctor.stdout, /s3cret/);

  const bundle = runCli(['support-bundle', '--data-dir', dataDir, '--out', join(dir, 's.tar.gz'), '--days', '2']);
  t.equal(bundle.code, 0, bundle.stderr);
  const x = join(dir, 'x');
  mkdirSync(x);
  await tar.extract({ file: join(dir, 's.tar.gz'), cwd: x });
  const info = JSON.parse(readFileSync(join(x, 'bundle.json'), 'utf8'));
  t.equal(info.config.smtpUrl, 'smtp://desk:[redacted]@127.0.0.1:1');
  t.equal(info.tableCounts.tickets, 0);
  t.ok(info.schema.length > 0);
  t.equal(readFileSync(join(x, 'logs', 'ondesk.log'), 'utf8'), '{"msg":"hello"}\n');
  t.notMatch(readFileSync(join(x, 'bundle.json'), 'utf8'), /s3cret/);
  t.equal(runCli(['support-bundle', '--data-dir', dataDir, '--days', 'x']).code, 2);
});
