/**
 * The yardstick for ticket creation: the least a durable HTTP insert can cost on this machine. Minimal Fastify
 * and better-sqlite3 with the desk's own promise — WAL, synchronous=NORMAL, group commit (every insert that
 * arrives while a batch is written shares one transaction) and an fsync of the WAL before the reply — inserting
 * a ticket-like row with the next number. No authentication, no SLA, no events, no indexes but the number's.
 *
 * `node dist/test/bench/baseline-server.js <data-dir> <port>`; the bench starts it in its own process, as it
 * starts the desk, and prints the desk's creation rate as a share of this one's.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { WalFlusher } from '../../server/db/durability.js';
import { serveGroupCommit } from './group-commit-server.js';

const [dir, port] = process.argv.slice(2);
const file = join(dir!, 'baseline.db');
const sqlite = new Database(file);
sqlite.pragma('journal_mode = WAL');
sqlite.pragma('synchronous = NORMAL');
sqlite.exec(`create table if not exists tickets (
  id integer primary key autoincrement, number integer not null unique, subject text not null,
  description text not null, type text not null, priority text not null, status text not null,
  organization_id integer not null, channel text not null, tags text not null default '[]',
  created_at text not null, updated_at text not null)`);
const insert = sqlite.prepare(
  `insert into tickets (number, subject, description, type, priority, status, organization_id, channel, created_at, updated_at)
   values ((select coalesce(max(number), 0) + 1 from tickets), ?, ?, ?, ?, 'new', ?, 'api', ?, ?) returning id, number`,
);
const flusher = new WalFlusher(`${file}-wal`);

await serveGroupCommit({
  sqlite,
  port: Number(port),
  durable: () => flusher.flush(),
  store(body) {
    const now = new Date().toISOString();
    const row = insert.get(body.subject, body.description, body.type, body.priority, body.organizationId, now, now) as {
      id: number;
      number: number;
    };
    return { ...row, createdAt: now, status: 'new' };
  },
});
