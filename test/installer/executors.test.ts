import t from 'tap';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveAnswers } from '../../installer/answers.js';
import { StepExecutor } from '../../installer/executors.js';
import { planInstall, type InstallFacts } from '../../installer/plan.js';
import { readRelease, type ReleaseInfo } from '../../installer/release.js';
import { tempDir } from '../helpers/installation.js';

/** A small built release (no lockfile: every package is taken), so copying it costs nothing. */
function fakeRelease(dir: string, builtAt: string): ReleaseInfo {
  const files: Record<string, string> = {
    'package.json': '{"name":"ondesk","version":"9.9.9"}',
    'bin/ondesk.js': '// launcher target',
    'dist/build-info.json': JSON.stringify({ builtAt }),
    'dist/server/cli/main.js': '// the CLI',
    'dist/test/helpers.js': '// tests stay behind',
    'ui/index.html': '<!doctype html>',
    'node_modules/some-package/index.js': 'module.exports = 1',
    'server/app.ts': '// sources stay behind',
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const release = readRelease(dir);
  if ('problem' in release) throw new Error(release.problem);
  return release;
}

async function execute(facts: InstallFacts, root: string) {
  const answers = resolveAnswers([{ root, adminEmail: 'admin@example.com', serviceUser: 'nobody' }], {
    isRoot: false,
  });
  const plan = planInstall(answers, facts);
  const executor = new StepExecutor(answers.serviceUser, () => {});
  const previousUmask = process.umask(0o027); // as install() runs the steps
  try {
    for (const step of plan.steps) await executor.run(step);
  } finally {
    await executor.close();
    process.umask(previousUmask);
  }
  return executor.changes;
}

t.test('executing a plan twice changes nothing the second time; a rebuilt release replaces the copy', async (t) => {
  const dir = tempDir(t, 'ondesk-exec-');
  const root = join(dir, 'root');
  const facts: InstallFacts = {
    isRoot: false,
    serviceUser: null,
    canCreateUsers: false,
    systemdPresent: false,
    unitFileExists: false,
    adminExists: false,
    licenseApplied: false,
    license: null,
    node: null,
    adminPassword: 'a long enough password',
    release: fakeRelease(join(dir, 'checkout'), '2026-12-01T00:00:00.000Z'),
    nodePath: process.execPath,
    hostname: 'desk',
  };
  const first = await execute(facts, root);
  t.ok(
    first.some((c) => /^release 9\.9\.9\+2026-12-01.* copied/.test(c)),
    'the release is copied',
  );
  t.ok(first.includes('created admin admin@example.com'));
  const app = join(root, 'opt/ondesk/app');
  t.ok(existsSync(join(app, 'dist/server/cli/main.js')));
  t.ok(existsSync(join(app, 'node_modules/some-package/index.js')));
  t.notOk(existsSync(join(app, 'dist/test')), 'compiled tests are not part of the release');
  t.notOk(existsSync(join(app, 'server')), 'nor are sources');
  for (const dir of ['opt/ondesk', 'opt/ondesk/bin', 'opt/ondesk/app', 'opt/ondesk/app/dist'])
    t.equal(statSync(join(root, dir)).mode & 0o777, 0o755, `${dir}: the service user can reach the program`);
  t.equal(statSync(join(root, 'opt/ondesk/bin/ondesk')).mode & 0o777, 0o755, 'and run the launcher');
  t.equal(statSync(join(root, 'var/lib/ondesk')).mode & 0o777, 0o750, 'while the data stays closed');

  // The same plan again, as a re-run on the installed system would execute it (its facts now say installed).
  const again = await execute({ ...facts, unitFileExists: true }, root);
  t.same(again, [], 'nothing changed, the admin was not created twice');
  const twice = await execute({ ...facts, unitFileExists: true, adminExists: true }, root);
  t.same(twice, []);

  const rebuilt = fakeRelease(join(dir, 'checkout'), '2026-12-02T00:00:00.000Z');
  const upgrade = await execute({ ...facts, release: rebuilt, adminExists: true, unitFileExists: true }, root);
  t.same(upgrade, [`release ${rebuilt.id} replaced: ${app}`], 'only the release is replaced');
  t.match(readFileSync(join(app, 'release.json'), 'utf8'), rebuilt.id);
});
