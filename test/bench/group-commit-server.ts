/**
 * The smallest durable HTTP creation a server can do, shared by the bench's yardsticks (baseline-server.ts,
 * schema-floor-server.ts): Fastify with the desk's request schema for a new ticket, and group commit as the desk
 * does it — every ticket that arrives while a batch is written shares one transaction, and each is answered only
 * after the fsync of the WAL that covers it. No authentication, no SLA, no events, no logging.
 */
import type BetterSqlite3 from 'better-sqlite3';
import Fastify from 'fastify';

export interface NewTicketBody {
  subject: string;
  description: string;
  organizationId: number;
  type: string;
  priority: string;
}

export interface GroupCommitServer {
  sqlite: BetterSqlite3.Database;
  /** Stores one ticket inside the open transaction and returns what the answer carries. */
  store(body: NewTicketBody): object;
  /** Resolves once every commit made before the call is on stable storage. */
  durable(): Promise<void>;
  port: number;
  /** Runs once the server stopped listening, before the process exits. */
  close?(): Promise<void>;
}

interface Pending {
  body: NewTicketBody;
  resolve(row: object): void;
}

export async function serveGroupCommit(server: GroupCommitServer): Promise<void> {
  const begin = server.sqlite.prepare('begin');
  const commit = server.sqlite.prepare('commit');
  let queue: Pending[] = [];
  let draining = false;

  /** One transaction per turn of the event loop, answered after the fsync that covers it. */
  function drain() {
    const batch = queue;
    queue = [];
    const rows: object[] = [];
    begin.run();
    for (const { body } of batch) rows.push(server.store(body));
    commit.run();
    void server.durable().then(() => batch.forEach((p, i) => p.resolve(rows[i]!)));
    if (queue.length > 0) setImmediate(drain);
    else draining = false;
  }

  const app = Fastify({ logger: false });
  app.get('/readyz', async () => ({ ok: true }));
  app.post<{ Body: NewTicketBody }>(
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
            void reply.status(201).send(row);
            done();
          },
        });
        if (!draining) {
          draining = true;
          setImmediate(drain);
        }
      }),
  );
  await app.listen({ port: server.port, host: '127.0.0.1' });
  process.on(
    'SIGTERM',
    () =>
      void app.close().then(async () => {
        await server.close?.();
        process.exit(0);
      }),
  );
}
