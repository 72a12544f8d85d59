import t from 'tap';
import { createServer } from 'node:net';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/installation.js';
import { productRoot } from '../../server/shared/paths.js';

const builtCli = join(productRoot, 'bin', 'ondesk.js');

// A supervisor restarts a desk only when it exits: a serve that lives on without its port is a silent outage.
t.test('serve exits at once with one clear line when its port is taken', async (t) => {
  const dataDir = tempDir(t);
  const other = createServer();
  await new Promise<void>((listening) => other.listen({ host: '127.0.0.1', port: 0 }, listening));
  t.teardown(() => other.close());
  const port = (other.address() as { port: number }).port;

  // The acceptance command itself: the built CLI (npm test builds it), without tsx compiling the sources first,
  // whose time on a loaded machine says nothing about serve.
  t.ok(existsSync(builtCli), 'the CLI is built (npm run build)');
  const started = Date.now();
  const run = spawnSync(
    process.execPath,
    [builtCli, 'serve', '--data-dir', dataDir, '--host', '127.0.0.1', '--port', String(port)],
    { encoding: 'utf8', env: { ...process.env, ONDESK_LOG_LEVEL: 'warn' }, timeout: 60_000 },
  );
  const seconds = (Date.now() - started) / 1000;
  const res = { code: run.status, stderr: run.stderr };

  t.not(res.code, 0, 'a non-zero exit status');
  t.not(res.code, null, 'it exited by itself, not by the test timeout');
  t.ok(seconds < 5, `within 5 s (took ${seconds.toFixed(1)} s)`);
  const lines = res.stderr.split('\n').filter((line) => line.trim() !== '');
  t.same(
    lines,
    [lines.find((line) => line.startsWith(`ondesk: port ${port} on 127.0.0.1 is already in use`))],
    'one line on stderr, naming the port and the address',
  );
  t.match(res.stderr, /stop the other process or choose --port/, 'and what to do');
});
