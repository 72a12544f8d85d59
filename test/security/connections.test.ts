/**
 * A desk listening on a real socket, guarded as `serve` guards it, against slow and idle clients: a request
 * whose body never comes or drips a byte at a time is cut off once its time is up, and thousands of idle
 * connections from one address never stop the health check of another. Loopback addresses stand for sources.
 */
import t, { type Test } from 'tap';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from '../../server/app.js';
import { guardConnections } from '../../server/http/connection-guard.js';
import { openInstallation } from '../../server/installation.js';
import { tempDir } from '../helpers/installation.js';

async function listeningDesk(t: Test, overrides: Record<string, unknown>): Promise<number> {
  const inst = await openInstallation({
    dataDir: tempDir(t),
    env: {},
    overrides: { logLevel: 'warn', ...overrides },
  });
  const app = await buildApp({ installation: inst });
  guardConnections(app.server, inst.config);
  await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(async () => {
    app.server.closeAllConnections();
    await app.close();
    await inst.close();
  });
  return (app.server.address() as { port: number }).port;
}

function health(port: number, from: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', localAddress: from, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.setTimeout(5000, () => req.destroy(new Error('no answer in 5 s')));
    req.on('error', reject);
    req.end();
  });
}

/** Resolves with how long the server kept the connection open. */
function closedAfter(socket: Socket, started: number): Promise<number> {
  return new Promise((resolve) => socket.once('close', () => resolve(Date.now() - started)));
}

t.test('a body that never comes, or drips, is cut off once the request time is up', async (t) => {
  const port = await listeningDesk(t, { requestTimeoutSeconds: 2 });
  const head = (s: Socket) =>
    s.write(
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n`,
    );
  const started = Date.now();
  const silent = connect({ host: '127.0.0.1', port, localAddress: '127.0.0.3' }, () => head(silent));
  const drip = connect({ host: '127.0.0.1', port, localAddress: '127.0.0.4' }, () => head(drip));
  let answer = '';
  silent.on('data', (d) => (answer += String(d)));
  silent.on('error', () => {});
  drip.on('error', () => {});
  const dripping = setInterval(() => drip.writable && drip.write('{'), 500);
  t.teardown(() => clearInterval(dripping));
  const [silentMs, dripMs] = await Promise.all([closedAfter(silent, started), closedAfter(drip, started)]);
  t.ok(silentMs < 6000, `the silent body was cut off after ${silentMs} ms (limit 2 s, checked every second)`);
  t.ok(dripMs < 6000, `the dripping body was cut off after ${dripMs} ms`);
  t.match(answer, /^HTTP\/1\.1 408 /, 'with 408 Request Timeout');
});

t.test('10,000 idle connections from one address do not stop the health check of another', async (t) => {
  const port = await listeningDesk(t, { maxConnectionsPerSource: 200 });
  const idle: Socket[] = [];
  t.teardown(() => idle.forEach((s) => s.destroy()));
  let closedByDesk = 0;
  for (let batch = 0; batch < 20; batch++) {
    await Promise.all(
      Array.from(
        { length: 500 },
        () =>
          new Promise<void>((done) => {
            const s = connect({ host: '127.0.0.1', port, localAddress: '127.0.0.2' }, () => done());
            s.on('error', () => done());
            s.on('close', () => closedByDesk++);
            idle.push(s);
          }),
      ),
    );
  }
  t.equal(idle.length, 10_000, '10,000 connections opened');
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = Date.now();
    t.equal(await health(port, '127.0.0.5'), 200);
    times.push(Date.now() - started);
  }
  times.sort((a, b) => a - b);
  t.ok(times[times.length - 1]! < 1000, `the health check answered, slowest in ${times[times.length - 1]} ms`);
  await sleep(500);
  t.ok(closedByDesk >= 9_000, `the flooding address was held to its share: ${closedByDesk} of its connections closed`);
});

t.test('a trusted proxy speaks for many clients: its connections are not capped', async (t) => {
  const port = await listeningDesk(t, { maxConnectionsPerSource: 5, trustProxy: ['127.0.0.6'] });
  const sockets: Socket[] = [];
  t.teardown(() => sockets.forEach((s) => s.destroy()));
  let closed = 0;
  for (let i = 0; i < 20; i++) {
    await new Promise<void>((done) => {
      const s = connect({ host: '127.0.0.1', port, localAddress: '127.0.0.6' }, () => done());
      s.on('close', () => closed++);
      sockets.push(s);
    });
  }
  await sleep(300);
  t.equal(closed, 0, 'twenty connections from the proxy stay open');
  t.equal(await health(port, '127.0.0.6'), 200);
});
