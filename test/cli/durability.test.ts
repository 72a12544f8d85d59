import t from 'tap';
import { runCli, startCli, waitForUrl } from '../helpers/cli.js';
import { tempDir } from '../helpers/installation.js';
import { openInstallation } from '../../server/installation.js';

t.test('every acknowledged ticket survives kill -9 of the server', async (t) => {
  const dir = tempDir(t);
  t.equal(
    runCli(['user', 'create', '--data-dir', dir, '--email', 'a@example.com', '--name', 'A', '--role', 'admin']).code,
    0,
  );
  const token = runCli(['token', 'create', '--data-dir', dir, '--email', 'a@example.com']).stdout.trim();
  // 16 writers as fast as the server answers: far past the default 600 requests a minute of one token.
  const child = startCli(['serve', '--data-dir', dir, '--port', '0'], { ONDESK_API_RATE_LIMIT_PER_MINUTE: '1000000' });
  t.teardown(() => child.kill('SIGKILL'));
  const url = await waitForUrl(child);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const org = await (
    await fetch(`${url}/api/v1/organizations`, { method: 'POST', headers, body: JSON.stringify({ name: 'Acme' }) })
  ).json();

  const acknowledged: number[] = [];
  let stop = false;
  const writer = async () => {
    while (!stop) {
      const res = await fetch(`${url}/api/v1/tickets`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          subject: 'durable',
          description: 'must survive',
          organizationId: org.id,
          type: 'incident',
          priority: 'P2',
        }),
      }).catch(() => null);
      if (res?.status === 201) acknowledged.push((await res.json()).number);
    }
  };
  const writers = Array.from({ length: 16 }, writer);
  await new Promise((r) => setTimeout(r, 1500));
  // Kill while writes are in flight: whatever was answered 201 must be on disk.
  const exited = new Promise((r) => child.once('exit', r));
  const killed = acknowledged.slice();
  child.kill('SIGKILL');
  stop = true;
  await exited;
  await Promise.all(writers);
  t.ok(killed.length > 50, `${killed.length} tickets acknowledged before the kill`);

  const inst = await openInstallation({ dataDir: dir, overrides: { logLevel: 'warn' } });
  t.teardown(() => inst.close());
  const stored = new Set(
    (await inst.database.db.selectFrom('tickets').select('number').execute()).map((r) => r.number),
  );
  const lost = killed.filter((n) => !stored.has(n));
  t.same(lost, [], 'no acknowledged ticket was lost');
  t.equal(inst.database.sqlite.pragma('integrity_check', { simple: true }), 'ok');
});
