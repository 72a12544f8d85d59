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
import Fastify from 'fastify';
import { join } from 'node:path';
import { WalFlusher } from '../../server/db/durability.js';

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
const begin = sqlite.prepare('begin');
const commit = sqlite.prepare('commit');
const flusher = new WalFlusher(`${file}-wal`);

interface Body {
  subject: string;
  description: string;
  organizationId: number;
  type: string;
  priority: string;
}
interface Pending {
  body: Body;
  resolve(row: { id: number; number: number; createdAt: string }): void;
}
let queue: Pending[] = [];
let draining = false;

/** Group commit: one transaction per turn of the event loop, answered after the fsync that covers it. */
function drain() {
  const batch = queue;
  queue = [];
  const rows: Array<{ id: number; number: number; createdAt: string }> = [];
  begin.run();
  for (const { body } of batch) {
    const now = new Date().toISOString();
    const row = insert.get(body.subject, body.description, body.type, body.priority, body.organizationId, now, now) as {
      id: number;
      number: number;
    };
    rows.push({ ...row, createdAt: now });
  }
  commit.run();
  void flusher.flush().then(() => batch.forEach((p, i) => p.resolve(rows[i]!)));
  if (queue.length > 0) setImmediate(drain);
  else draining = false;
}

const app = Fastify({ logger: false });
app.get('/readyz', async () => ({ ok: true }));
app.post<{ Body: Body }>(
  '/api/v1/tickets',
  {
    schema: {
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['subject', 'description', 'organizationId', 'type', 'priority'],
        properties: {
          subject: { type: 'string', minLength: 1, maxLength: 300 },
          description: { type: 'string', maxLength: 100_000 },
          organizationId: { type: 'integer' },
          type: { enum: ['incident', 'request', 'question', 'change'] },
          priority: { enum: ['P1', 'P2', 'P3', 'P4'] },
        },
      },
    },
  },
  (req, reply) =>
    new Promise<void>((done) => {
      queue.push({
        body: req.body,
        resolve: (row) => {
          void reply.status(201).send({ ...row, status: 'new' });
          done();
        },
      });
      if (!draining) {
        draining = true;
        setImmediate(drain);
      }
    }),
);
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
