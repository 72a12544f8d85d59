import t from 'tap';
import { createServer } from 'node:net';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/installation.js';

// A supervisor restarts a desk only when it exits: a serve that lives on without its port is a silent outage.
t.test('serve exits at once with one clear line when its port is taken', async (t) => {
  const dataDir = tempDir(t);
  const other = createServer();
  await new Promise<void>((listening) => other.listen({ host: '127.0.0.1', port: 0 }, listening));
  t.teardown(() => other.close());
  const port = (other.address() as { port: number }).port;

  const started = Date.now();
  const res = runCli(['serve', '--data-dir', dataDir, '--host', '127.0.0.1', '--port', String(port)]);
  const seconds = (Date.now() - started) / 1000;

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
