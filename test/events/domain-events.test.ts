/**
 * Domain events on a real SQLite file: appended in the transaction of the change (and gone with it when it
 * rolls back), handed to subscribers in wiring order, read after commit by processors through their own
 * cursor (a failed batch is read again), and pruned by age once every wired processor has read them.
 */
import t from 'tap';
import { testInstallation } from '../helpers/installation.js';
import { fixedClock } from '../../server/shared/clock.js';
import { on, DomainEvents } from '../../server/events/event-bus.js';
import { pruneDomainEvents, runProcessor, type EventProcessor } from '../../server/events/event-processors.js';
import type { StoredEvent } from '../../server/events/domain-events.js';
import { subscriptions } from '../../server/wiring.js';
import { createOrganization } from '../../server/modules/organizations/index.js';
import { addComment, createTicket, updateTicket } from '../../server/modules/tickets/index.js';
import { createAgent } from '../../server/modules/agents/index.js';
import type { Installation } from '../../server/installation.js';

async function storedEvents(inst: Installation) {
  const rows = await inst.database.db.selectFrom('domain_events').selectAll().orderBy('id').execute();
  return rows.map((r) => ({ type: r.type, actor: r.actor, data: JSON.parse(r.data) }));
}

async function deskWithAdmin(
  t: Parameters<typeof testInstallation>[0],
  opts: Parameters<typeof testInstallation>[1] = {},
) {
  const inst = await testInstallation(t, { clock: fixedClock('2026-12-01T09:00:00Z'), ...opts });
  const admin = await createAgent(inst.ctx(), { email: 'admin@desk.example', name: 'Admin', role: 'admin' });
  const ctx = () => inst.ctx({ kind: 'agent', id: admin.id, role: 'admin', name: 'Admin', language: 'en' });
  const org = await createOrganization(ctx(), { name: 'ООО Ромашка' });
  return { inst, ctx, org };
}

t.test('ticket changes append typed events in their transaction, in order', async (t) => {
  const { inst, ctx, org } = await deskWithAdmin(t);
  const ticket = await createTicket(ctx(), {
    subject: 'Printer',
    description: 'Jammed',
    organizationId: org.id,
    type: 'incident',
    priority: 'P2',
  });
  await updateTicket(ctx(), ticket.id, { status: 'in_progress', priority: 'P1' });
  await addComment(ctx(), ticket.id, { body: 'On my way', public: true });
  const events = (await storedEvents(inst)).filter((e) => e.type !== 'agent.changed');
  t.same(
    events.map((e) => e.type),
    ['ticket.created', 'ticket.updated', 'comment.added'],
  );
  t.match(events[0], {
    actor: /^agent:\d+$/,
    data: { ticketId: ticket.id, number: ticket.number, organizationId: org.id, type: 'incident', priority: 'P2' },
  });
  t.match(events[1]!.data, {
    ticketId: ticket.id,
    status: { from: 'new', to: 'in_progress' },
    changes: [
      { field: 'status', from: 'new', to: 'in_progress' },
      { field: 'priority', from: 'P2', to: 'P1' },
    ],
  });
  t.match(events[2]!.data, { ticketId: ticket.id, public: true, byAgent: true });
  const unchanged = await updateTicket(ctx(), ticket.id, { priority: 'P1' });
  t.equal(unchanged.priority, 'P1');
  t.equal((await storedEvents(inst)).filter((e) => e.type === 'ticket.updated').length, 1, 'no change, no event');
});

t.test('subscribers run in wiring order inside the transaction; one that throws undoes the change', async (t) => {
  const heard: string[] = [];
  let refuse = false;
  const { inst, ctx, org } = await deskWithAdmin(t, {
    subscriptions: [
      on('ticket.created', 'test: first', async (tx, e) => {
        t.ok(tx.inTransaction);
        const row = await tx.db
          .selectFrom('tickets')
          .select('sla_state')
          .where('id', '=', e.ticketId)
          .executeTakeFirst();
        heard.push(`first:${e.number}:${row?.sla_state}`);
      }),
      on('ticket.created', 'test: refuse', async () => {
        if (refuse) throw new Error('refused by a subscriber');
      }),
    ],
  });
  const input = { subject: 'A', description: 'a', organizationId: org.id, type: 'request', priority: 'P3' } as const;
  const first = await createTicket(ctx(), input);
  t.same(heard, [`first:${first.number}:none`], 'subscribers hear of a ticket that already has its SLA terms');
  refuse = true;
  await t.rejects(createTicket(ctx(), input), { message: 'refused by a subscriber' });
  const tickets = await inst.database.db.selectFrom('tickets').select('id').execute();
  t.equal(tickets.length, 1, 'the refused ticket was not stored');
  t.equal((await storedEvents(inst)).filter((e) => e.type === 'ticket.created').length, 1, 'nor its event');
});

t.test('the wiring lists every reaction once, each with a name', async (t) => {
  const names = subscriptions.map((s) => `${s.event} → ${s.name}`);
  t.equal(new Set(names).size, names.length);
  t.ok(subscriptions.every((s) => s.name.length > 10));
  t.ok(names.some((n) => n.startsWith('ticket.created → notifications')));
  t.ok(names.some((n) => n.startsWith('ticket.updated → SLA')));
  t.ok(names.some((n) => n.startsWith('agent.changed → licensing')));
});

t.test('after-commit processors: own cursor, in order, at least once; pruning waits for them', async (t) => {
  const clock = { now: () => new Date(now) };
  let now = Date.parse('2026-12-01T09:00:00Z');
  const seen: StoredEvent[] = [];
  let failNext = false;
  const processor: EventProcessor = {
    name: 'test-processor',
    async handle(_ctx, events) {
      if (failNext) {
        failNext = false;
        throw new Error('the receiving side is down');
      }
      seen.push(...events);
    },
  };
  const inst = await testInstallation(t, { clock });
  const ctx = () => ({ ...inst.ctx(), events: new DomainEvents(subscriptions, [processor], 30) });
  const org = await createOrganization(ctx(), { name: 'Org' });
  const make = (subject: string) =>
    createTicket(ctx(), { subject, description: '-', organizationId: org.id, type: 'question', priority: 'P4' });
  await make('before the processor existed');
  t.equal(await runProcessor(ctx(), processor), 0, 'a new processor starts at the present');
  await make('one');
  await make('two');
  failNext = true;
  await t.rejects(runProcessor(ctx(), processor), { message: 'the receiving side is down' });
  t.equal(await runProcessor(ctx(), processor), 2, 'the failed batch is read again');
  t.same(
    seen.map((e) => e.type),
    ['ticket.created', 'ticket.created'],
  );
  t.ok(seen[0]!.id < seen[1]!.id, 'in commit order');
  t.same(seen[0]!.actor, { kind: 'system', name: 'system' }, 'with who made the change');
  t.same(
    seen.map((e) => (e.data as { ticketId: number }).ticketId),
    [2, 3],
  );
  t.equal(await runProcessor(ctx(), processor), 0, 'nothing twice once the cursor moved');

  now += 31 * 86_400_000;
  await make('three (new, kept)');
  const pruned = await pruneDomainEvents(ctx());
  t.equal(pruned.deleted, 3, 'old events the processor has read are deleted');
  const left = await inst.database.db.selectFrom('domain_events').select('id').execute();
  t.equal(left.length, 1, 'the new one stays (and the processor has not read it yet)');
  now += 31 * 86_400_000;
  t.equal((await pruneDomainEvents(ctx())).deleted, 0, 'an old event a processor still needs is kept');
  t.equal(await runProcessor(ctx(), processor), 1);
  t.equal((await pruneDomainEvents(ctx())).deleted, 1, 'and goes once it is read');
});
