/**
 * The schema floor: what storing a new ticket costs in the desk's own database, with nothing else a desk does.
 * The raw baseline (baseline-server.ts) inserts a row into a table with one index; this server stores the desk's
 * ticket row (desk-ticket-row.ts) and its domain event into a copy of the seeded desk — every index and trigger
 * the migrations made, at the bench's size — opened as the desk opens it (server/db/connection.ts: its pragmas,
 * page cache and background checkpoints), with the same group commit and fsync before the reply. No
 * authentication, SLA computing, request log, read-back, search indexing or reactions to the event.
 *
 * `node dist/test/bench/schema-floor-server.js <database-file> <port>`; the bench starts it on a copy of the desk
 * between the baseline and the desk and prints its rate as a share of the baseline's: the most any desk with this
 * schema could reach on this machine.
 */
import { openDatabase } from '../../server/db/connection.js';
import { INSERT } from './desk-ticket-row.js';
import { serveGroupCommit } from './group-commit-server.js';

const [file, port] = process.argv.slice(2);
const handle = openDatabase(file!);
const { sqlite } = handle;
const insert = sqlite.prepare(INSERT);
const event = sqlite.prepare(
  `insert into domain_events (type, occurred_at, actor, data) values ('ticket.created', ?, ?, ?)`,
);
const agentId = (sqlite.prepare('select min(id) as id from agents').get() as { id: number | null }).id;
if (agentId === null) throw new Error(`${file} has no agent: start this server on a copy of a seeded desk`);

await serveGroupCommit({
  sqlite,
  port: Number(port),
  durable: handle.durable,
  close: handle.close,
  store(body) {
    const at = Date.now();
    const now = new Date(at).toISOString();
    const row = insert.get(
      body.subject,
      body.description,
      'new',
      body.organizationId,
      agentId,
      now,
      now,
      at + 3_600_000,
      at + 57_600_000,
      at + 2_880_000,
      at + 3_600_000,
    ) as { id: number; number: number };
    // The event as the desk stores it (events/events.repository.ts), with the fields its reactions read.
    event.run(
      now,
      `agent:${agentId}`,
      JSON.stringify({
        ticketId: row.id,
        number: row.number,
        organizationId: body.organizationId,
        contactId: null,
        assigneeId: null,
        teamId: null,
        serviceId: null,
        type: body.type,
        priority: body.priority,
        channel: 'api',
        agreementTier: '24x7',
      }),
    );
    return { ...row, createdAt: now, status: 'new' };
  },
});
