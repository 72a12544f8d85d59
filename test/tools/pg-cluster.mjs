#!/usr/bin/env node
/**
 * A private PostgreSQL cluster for running the test suite on PostgreSQL (never the system cluster).
 *
 *   node test/tools/pg-cluster.mjs start [--dir DIR]   initdb's DIR (once), starts it on a free port, prints the URL
 *   node test/tools/pg-cluster.mjs stop  [--dir DIR]   stops it (the files stay for the next start)
 *   node test/tools/pg-cluster.mjs url   [--dir DIR]   prints the URL of the running cluster
 *
 * DIR defaults to $ONDESK_PG_CLUSTER_DIR or <tmp>/ondesk-pg-cluster. The printed URL is an admin URL for
 * ONDESK_TEST_PG_URL: each test installation creates its own database in it and drops it at teardown.
 * fsync stays on: the tests see the durability the product will have.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = process.env.ONDESK_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const args = process.argv.slice(2);
const command = args[0];
const dirFlag = args.indexOf('--dir');
const dir = resolve(
  dirFlag >= 0 ? args[dirFlag + 1] : (process.env.ONDESK_PG_CLUSTER_DIR ?? join(tmpdir(), 'ondesk-pg-cluster')),
);
const data = join(dir, 'data');
const portFile = join(dir, 'port');
const USER = 'ondesk';

// PostgreSQL refuses to run as root (CI containers): then the cluster belongs to the `postgres` user of the
// Debian package, and its binaries run as that user.
const asRoot = process.getuid?.() === 0;
const owner = asRoot ? (process.env.ONDESK_PG_OS_USER ?? 'postgres') : null;
const bin = (name) => join(BIN, name);
const run = (name, argv, options) =>
  owner
    ? execFileSync('runuser', ['-u', owner, '--', bin(name), ...argv], options)
    : execFileSync(bin(name), argv, options);
const idsOf = (user) => ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, user]).toString().trim()));
const urlOf = (port) => `postgres://${USER}@127.0.0.1:${port}/postgres`;

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

function running() {
  const argv = ['status', '-D', data];
  const result = owner
    ? spawnSync('runuser', ['-u', owner, '--', bin('pg_ctl'), ...argv], { stdio: 'ignore' })
    : spawnSync(bin('pg_ctl'), argv, { stdio: 'ignore' });
  return result.status === 0;
}

async function start() {
  if (!existsSync(join(data, 'PG_VERSION'))) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (owner) {
      const [uid, gid] = idsOf(owner);
      chownSync(dir, uid, gid);
    }
    run('initdb', ['-D', data, '-U', USER, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  if (running()) {
    process.stdout.write(`${urlOf(readFileSync(portFile, 'utf8').trim())}\n`);
    return;
  }
  const port = await freePort();
  writeFileSync(portFile, String(port));
  if (owner) {
    const [uid, gid] = idsOf(owner);
    chownSync(portFile, uid, gid);
  }
  // Only TCP on loopback, the socket in the cluster's own dir (never /var/run/postgresql of the system cluster).
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    `-c listen_addresses=127.0.0.1`,
    `-c fsync=on`,
    `-c max_connections=300`,
    `-c shared_buffers=64MB`,
  ].join(' ');
  run('pg_ctl', ['start', '-D', data, '-w', '-t', '60', '-l', join(dir, 'log'), '-o', options], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  process.stdout.write(`${urlOf(port)}\n`);
}

function stop() {
  if (!running()) return;
  run('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

if (command === 'start') await start();
else if (command === 'stop') stop();
else if (command === 'url' && running()) process.stdout.write(`${urlOf(readFileSync(portFile, 'utf8').trim())}\n`);
else {
  process.stderr.write('usage: node test/tools/pg-cluster.mjs start|stop|url [--dir DIR]\n');
  process.exit(command === 'url' ? 1 : 2);
}
