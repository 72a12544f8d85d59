import t from 'tap';
import type { ChildProcess } from 'node:child_process';
import { startCli, waitForUrl } from '../helpers/cli.js';
import { tempDir } from '../helpers/installation.js';

/** Starts `serve --demo`, waits until it listens, stops it with SIGTERM; returns what it printed on stderr. */
async function startAndStop(dataDir: string): Promise<string> {
  const child: ChildProcess = startCli(['serve', '--data-dir', dataDir, '--port', '0', '--demo'], {
    ONDESK_LOG_LEVEL: 'warn',
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await waitForUrl(child);
  } finally {
    // 'close', not 'exit': the lines written just before the kill may still be in the pipe when the process exits.
    const closed = new Promise((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    await closed;
  }
  return stderr;
}

t.test('the demo login is printed at every start of a demo desk, not only the first', async (t) => {
  const dataDir = tempDir(t);
  const first = await startAndStop(dataDir);
  t.match(first, /Demo login: admin@demo\.ondesk \/ demo-password/, 'after seeding');
  const second = await startAndStop(dataDir);
  t.match(second, /Demo login: admin@demo\.ondesk \/ demo-password/, 'and on the next start of the same desk');
});
