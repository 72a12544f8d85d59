import t, { type Test } from 'tap';
import { createServer, type Socket } from 'node:net';
import { openInstallation } from '../../server/installation.js';
import { startMailReceivers } from '../../server/modules/inbound-mail/index.js';
import { tempDir } from '../helpers/installation.js';
import { eventually } from '../helpers/cluster.js';

/**
 * A stand-in IMAP server that greets and then hangs up: enough to see which node's watcher connects to it (the
 * lease holder's) and which never does.
 */
async function countingImapServer(t: Test) {
  const sockets: Socket[] = [];
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.push(socket);
    socket.end('* BYE not today\r\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));
  return { port: (server.address() as { port: number }).port, connections: () => connections };
}

t.test('a mailbox is watched by the one node holding its lease, and by the other once that node stops', async (t) => {
  const imap = await countingImapServer(t);
  const dataDir = tempDir(t);
  const mailbox = { name: 'support', host: '127.0.0.1', port: imap.port, secure: false, user: 'u', password: 'p' };
  const open = (nodeId: string) =>
    openInstallation({
      dataDir,
      env: {},
      overrides: { logLevel: 'silent', nodeId, clusterLeaseSeconds: 2, mailboxes: [mailbox] },
    });
  const a = await open('node-a');
  const b = await open('node-b');
  t.teardown(async () => {
    await a.close();
    await b.close();
  });
  const onA = await startMailReceivers(a);
  await eventually(() => (onA.watchers[0]!.lastError ? true : undefined), 10_000, 'node a to try the mailbox');
  const onB = await startMailReceivers(b);
  let bStopped = false;
  t.teardown(() => (bStopped ? undefined : onB.stop()));

  // Several renewal periods: node b keeps standing by.
  await new Promise((r) => setTimeout(r, 2500));
  t.ok(imap.connections() >= 1, 'node a connects');
  t.equal(onB.watchers[0]!.lastError, null, 'node b never tried the mailbox while node a holds it');
  t.same(await a.database.db.selectFrom('leases').select(['name', 'holder_node_id']).execute(), [
    { name: 'imap:support', holder_node_id: 'node-a' },
  ]);

  await onA.stop(); // a clean stop hands the mailbox over at once
  await eventually(() => (onB.watchers[0]!.lastError ? true : undefined), 5_000, 'node b to take the mailbox over');
  t.match(await b.database.db.selectFrom('leases').select(['holder_node_id', 'token']).executeTakeFirst(), {
    holder_node_id: 'node-b',
    token: 2,
  });
  await onB.stop();
  bStopped = true;
});
