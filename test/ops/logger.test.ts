/**
 * The log gathers lines into few writes (server/logger.ts) and still loses none: `log.flush(cb)` answers once
 * everything logged is in the file, an error line goes out at once with what came before it, lines left alone
 * are written within a moment, and a process that exits right after logging leaves its lines behind.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { createLogger } from '../../server/logger.js';
import { tempDir } from '../helpers/installation.js';

const logFile = (dataDir: string) => join(dataDir, 'logs', 'ondesk.log');
const lines = (dataDir: string) =>
  existsSync(logFile(dataDir))
    ? readFileSync(logFile(dataDir), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { msg: string; level: number })
    : [];

/** Polls the file until `want` holds or `ms` pass; returns the lines seen last. */
async function waitFor(dataDir: string, want: (msgs: string[]) => boolean, ms: number) {
  const until = Date.now() + ms;
  for (;;) {
    const msgs = lines(dataDir).map((l) => l.msg);
    if (want(msgs) || Date.now() > until) return msgs;
    await sleep(10);
  }
}

t.test('log.flush answers once every line logged so far is in the file, in order', async (t) => {
  const dataDir = tempDir(t);
  const log = createLogger({ dataDir, level: 'info', stdout: false });
  for (let i = 0; i < 25; i++) log.info({ i }, `line ${i}`);
  await new Promise<void>((resolve) => log.flush(() => resolve()));
  t.same(
    lines(dataDir).map((l) => l.msg),
    Array.from({ length: 25 }, (_, i) => `line ${i}`),
  );
});

t.test('an error line is written at once, after the lines gathered before it', async (t) => {
  const dataDir = tempDir(t);
  const log = createLogger({ dataDir, level: 'info', stdout: false });
  log.info('before the error');
  // A child logger (each request logs through one) keeps the rule.
  log.child({ reqId: 'r-1' }).error('the error');
  // Well inside the gathering delay of an ordinary line.
  const msgs = await waitFor(dataDir, (m) => m.includes('the error'), 60);
  t.same(msgs, ['before the error', 'the error']);
});

t.test('lines nobody flushes are written within a moment', async (t) => {
  const dataDir = tempDir(t);
  const log = createLogger({ dataDir, level: 'info', stdout: false });
  log.info('alone');
  t.same(await waitFor(dataDir, (m) => m.includes('alone'), 2000), ['alone']);
});

t.test('a process that exits right after logging leaves its lines in the file', async (t) => {
  const dataDir = tempDir(t);
  const logger = pathToFileURL(join(import.meta.dirname, '../../server/logger.js')).href;
  const script = `import { createLogger } from ${JSON.stringify(logger)};
    const log = createLogger({ dataDir: ${JSON.stringify(dataDir)}, level: 'info', stdout: true });
    for (let i = 0; i < 3; i++) log.info('last words ' + i);
    process.exit(0);`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  t.equal(run.status, 0, run.stderr);
  t.same(
    lines(dataDir).map((l) => l.msg),
    ['last words 0', 'last words 1', 'last words 2'],
    'in the file',
  );
  t.match(run.stdout, /last words 2/, 'and on stdout');
});
