import t from 'tap';
import { findJob } from '../../server/jobs/registry.js';
import { pagesOfAgent } from '../../server/modules/escalation/index.js';
import { makeOrganization, makeTicket } from '../helpers/factories.js';
import { dutyDesk, outbox, TUESDAY_11AM } from './helpers.js';

const MINUTE = 60_000;
const escalationsJob = findJob('escalations')!;

interface Chain {
  policy: { tier: string; steps: { target: string; delayMinutes: number }[]; repeatCount: number };
  startedAt: string;
  step: number;
  round: number;
  nextAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: { id: number; name: string } | null;
  stoppedReason: string | null;
  pages: { step: number; round: number; target: string; agentId: number; channels: string[]; at: string }[];
}

t.test(
  'acceptance: a P1 at 02:00 on a Saturday under 24x7 goes to the duty engineer and texts them; L2 follows after the delay; nothing after an acknowledgement',
  async (t) => {
    const { clock, desk, admin, l1, l2, firstLine, secondLine, org } = await dutyDesk(t);
    t.equal(escalationsJob.schedule, '* * * * *', 'the chain is looked at every minute');
    const policy = await admin.request('PUT', '/api/v1/escalation-policies/24x7', {
      steps: [
        { target: 'line:1', delayMinutes: 0 },
        { target: 'line:2', delayMinutes: 20 },
      ],
      repeatCount: 1,
    });
    t.equal(policy.statusCode, 200, policy.body);
    const created = clock.now().getTime();
    const ticket = await makeTicket(admin, org.id, { priority: 'P1', teamId: firstLine });
    t.equal(ticket.assigneeId, l1.agentId, 'assigned to the engineer on duty of the first line');

    const sms = (await outbox(desk)).filter((m) => m.channel === 'sms');
    t.equal(sms.length, 1, 'one SMS');
    t.equal(sms[0]!.recipient, '+79000000001', "to the duty engineer's phone");
    t.match(sms[0]!.body, new RegExp(`P1 #${ticket.number}`), 'naming the ticket');
    t.match(sms[0]!.body, /Подтвердите заявку/, "in the engineer's language (Russian)");
    t.ok(Date.parse(sms[0]!.created_at) - created <= 60_000, 'queued within 60 s');
    const mail = (await outbox(desk)).filter((m) => m.channel === 'email' && m.recipient.startsWith('engineer'));
    t.ok(
      mail.some((m) => m.subject?.includes(`#${ticket.number}`) && /дежурн/.test(m.subject)),
      'and an e-mail page',
    );

    let chain = (await admin.get(`/api/v1/tickets/${ticket.id}/escalation`)).json().chain as Chain;
    t.equal(chain.pages.length, 1);
    t.same(chain.pages[0]!.channels, ['sms', 'email']);
    t.equal(chain.nextAt, new Date(created + 20 * MINUTE).toISOString(), 'L2 is due 20 minutes after the page');

    // The job runs every minute; until the delay has passed it pages nobody.
    for (let m = 1; m < 20; m++) {
      clock.set(new Date(created + m * MINUTE));
      await escalationsJob.run(desk.inst.ctx());
    }
    t.equal((await outbox(desk)).filter((m) => m.channel === 'sms').length, 1, 'no page before the delay');
    clock.set(new Date(created + 20 * MINUTE + 30_000));
    const run = await escalationsJob.run(desk.inst.ctx());
    t.same(run, { due: 1, paged: 1 });
    const afterL2 = (await outbox(desk)).filter((m) => m.channel === 'sms');
    t.equal(afterL2.length, 2);
    t.equal(afterL2[1]!.recipient, '+79000000002', "the second line's duty engineer");
    t.ok(
      Math.abs(Date.parse(afterL2[1]!.created_at) - (created + 20 * MINUTE)) <= 60_000,
      'L2 paged at the configured delay (±60 s)',
    );
    chain = (await admin.get(`/api/v1/tickets/${ticket.id}/escalation`)).json().chain as Chain;
    t.same(
      chain.pages.map((p) => [p.target, p.agentId]),
      [
        ['line:1', l1.agentId],
        ['line:2', l2.agentId],
      ],
    );
    t.equal(chain.nextAt, null, 'one round only: the chain ran out');
    t.equal(chain.stoppedReason, 'exhausted');
    t.ok(secondLine > 0);

    // A second P1 is acknowledged before L2's turn: nothing more goes out, however long the job runs.
    const second = await makeTicket(admin, org.id, { priority: 'P1', teamId: firstLine });
    const ack = await l1.post(`/api/v1/tickets/${second.id}/acknowledge`);
    t.equal(ack.statusCode, 200, ack.body);
    t.equal(ack.json().stoppedReason, 'acknowledged');
    t.equal(ack.json().acknowledgedBy.id, l1.agentId);
    const before = (await outbox(desk)).length;
    for (let m = 1; m <= 120; m += 7) {
      clock.set(new Date(created + 21 * MINUTE + m * MINUTE));
      await escalationsJob.run(desk.inst.ctx());
    }
    t.equal((await outbox(desk)).length, before, 'nothing more after the acknowledgement');
    const again = await l1.post(`/api/v1/tickets/${second.id}/acknowledge`);
    t.equal(again.statusCode, 200, 'acknowledging twice is harmless');
    t.equal(again.json().acknowledgedAt, ack.json().acknowledgedAt, 'and keeps the first acknowledgement');

    const history = (await admin.get(`/api/v1/tickets/${second.id}/history`)).json();
    const rows = (Array.isArray(history) ? history : history.items) as {
      action: string;
      field: string | null;
      from: string | null;
      to: string | null;
      actor: { id?: number } | null;
    }[];
    t.same(
      rows.filter((h) => h.action === 'paged').map((h) => [h.field, h.from]),
      [['line:1', 'sms,email']],
      'the page is in the history',
    );
    t.same(
      rows.filter((h) => h.action === 'acknowledged').map((h) => [h.field, h.actor?.id]),
      [['button', l1.agentId]],
      'and so is the acknowledgement, once',
    );

    const month = { from: new Date('2027-03-01T00:00:00Z'), to: new Date('2027-04-01T00:00:00Z') };
    t.same(await pagesOfAgent(desk.inst.ctx(), l1.agentId, month.from, month.to), { pages: 2, acknowledged: 1 });
    t.same(await pagesOfAgent(desk.inst.ctx(), l2.agentId, month.from, month.to), { pages: 1, acknowledged: 0 });
  },
);

t.test('the chain shown and run is the copy frozen at its start, not the policy changed since', async (t) => {
  const { clock, desk, admin, manager, org, firstLine } = await dutyDesk(t);
  await admin.request('PUT', '/api/v1/escalation-policies/24x7', {
    steps: [
      { target: 'line:1', delayMinutes: 0 },
      { target: 'duty_manager', delayMinutes: 10 },
    ],
    repeatCount: 1,
  });
  const ticket = await makeTicket(admin, org.id, { priority: 'P1', teamId: firstLine });
  const changed = await admin.request('PUT', '/api/v1/escalation-policies/24x7', {
    steps: [{ target: 'line:2', delayMinutes: 60 }],
    repeatCount: 3,
  });
  t.equal(changed.statusCode, 200);
  t.same(changed.json().steps, [{ target: 'line:2', delayMinutes: 60 }], 'the policy changed');
  const chain = (await admin.get(`/api/v1/tickets/${ticket.id}/escalation`)).json().chain as Chain;
  t.same(chain.policy, {
    tier: '24x7',
    steps: [
      { target: 'line:1', delayMinutes: 0 },
      { target: 'duty_manager', delayMinutes: 10 },
    ],
    repeatCount: 1,
  });
  clock.advance(10 * MINUTE);
  await escalationsJob.run(desk.inst.ctx());
  const after = (await admin.get(`/api/v1/tickets/${ticket.id}/escalation`)).json().chain as Chain;
  t.same(
    after.pages.map((p) => [p.target, p.agentId]).at(-1),
    ['duty_manager', manager.agentId],
    "the frozen second step paged the agreement's manager",
  );
  t.equal(after.stoppedReason, 'exhausted');
});

t.test('routing: which tickets go to the duty engineer and which start a chain', async (t) => {
  await t.test('a P3 at night under 24x7: assigned to the duty engineer; its first page is an e-mail', async (t) => {
    const { desk, admin, l1, org, firstLine } = await dutyDesk(t);
    const ticket = await makeTicket(admin, org.id, { priority: 'P3', teamId: firstLine });
    t.equal(ticket.assigneeId, l1.agentId);
    const chain = (await admin.get(`/api/v1/tickets/${ticket.id}/escalation`)).json().chain as Chain;
    t.same(chain.pages[0]!.channels, ['email'], 'nobody is woken for a P3 at its first step');
    t.equal((await outbox(desk)).filter((m) => m.channel === 'sms').length, 0);
    const history = (await admin.get(`/api/v1/tickets/${ticket.id}/history`)).json();
    const items = (Array.isArray(history) ? history : history.items) as { field: string | null; newValue?: string }[];
    t.ok(
      items.some((h) => h.field === 'assigneeId'),
      'the assignment is in the history',
    );
  });
  await t.test("a ticket without a team is routed in the first support line's team", async (t) => {
    const { admin, l1, org } = await dutyDesk(t);
    const ticket = await makeTicket(admin, org.id, { priority: 'P2' });
    t.equal(ticket.assigneeId, l1.agentId);
  });
  await t.test('a P3 in business hours: no routing, no chain', async (t) => {
    const { admin, org, firstLine } = await dutyDesk(t, { at: TUESDAY_11AM });
    const ticket = await makeTicket(admin, org.id, { priority: 'P3', teamId: firstLine });
    t.equal(ticket.assigneeId, null);
    t.same((await admin.get(`/api/v1/tickets/${ticket.id}/escalation`)).json(), { chain: null });
  });
  await t.test('a P1 in business hours: pages the duty engineer, leaves the assignment alone', async (t) => {
    const { desk, admin, org, firstLine } = await dutyDesk(t, { at: TUESDAY_11AM });
    const ticket = await makeTicket(admin, org.id, { priority: 'P1', teamId: firstLine });
    t.equal(ticket.assigneeId, null);
    t.equal((await outbox(desk)).filter((m) => m.channel === 'sms').length, 1);
  });
  await t.test('a ticket raised to P1 pages at once; lowering and raising again starts nothing new', async (t) => {
    const { desk, admin, org, firstLine } = await dutyDesk(t, { at: TUESDAY_11AM });
    const ticket = await makeTicket(admin, org.id, { priority: 'P3', teamId: firstLine });
    t.same((await admin.get(`/api/v1/tickets/${ticket.id}/escalation`)).json(), { chain: null });
    t.equal((await admin.patch(`/api/v1/tickets/${ticket.id}`, { priority: 'P1' })).statusCode, 200);
    const chain = (await admin.get(`/api/v1/tickets/${ticket.id}/escalation`)).json().chain as Chain;
    t.same(chain.pages[0]!.channels, ['sms', 'email'], 'the duty engineer is texted');
    await admin.patch(`/api/v1/tickets/${ticket.id}`, { priority: 'P2' });
    await admin.patch(`/api/v1/tickets/${ticket.id}`, { priority: 'P1' });
    t.equal((await outbox(desk)).filter((m) => m.channel === 'sms').length, 1, 'one chain, one page');
  });
  await t.test('a ticket filed with an assignee keeps them', async (t) => {
    const { admin, l2, org, firstLine } = await dutyDesk(t);
    const ticket = await makeTicket(admin, org.id, { priority: 'P2', teamId: firstLine, assigneeId: l2.agentId });
    t.equal(ticket.assigneeId, l2.agentId);
  });
  await t.test('under 8x5 a night P1 waits for the morning: nothing is paged', async (t) => {
    const { desk, admin, org, firstLine } = await dutyDesk(t, { tier: '8x5' });
    const ticket = await makeTicket(admin, org.id, { priority: 'P1', teamId: firstLine });
    t.equal(ticket.assigneeId, null);
    t.same((await admin.get(`/api/v1/tickets/${ticket.id}/escalation`)).json(), { chain: null });
    t.equal((await outbox(desk)).filter((m) => m.channel === 'sms').length, 0);
    const ack = await admin.post(`/api/v1/tickets/${ticket.id}/acknowledge`);
    t.equal(ack.statusCode, 409);
    t.match(ack.json().detail, /has no escalation chain to acknowledge/);
  });
  await t.test('an agreement raised from 8x5 to 24x7: the very next night P1 pages', async (t) => {
    const { desk, admin, org, firstLine, agreement } = await dutyDesk(t, { tier: '8x5' });
    const before = await makeTicket(admin, org.id, { priority: 'P1', teamId: firstLine });
    t.same((await admin.get(`/api/v1/tickets/${before.id}/escalation`)).json(), { chain: null }, 'under 8x5: no chain');
    const raised = await admin.patch(`/api/v1/agreements/${agreement.id}`, { tier: '24x7' });
    t.equal(raised.statusCode, 200, raised.body);
    const after = await makeTicket(admin, org.id, { priority: 'P1', teamId: firstLine });
    const chain = (await admin.get(`/api/v1/tickets/${after.id}/escalation`)).json().chain as Chain;
    t.equal(chain?.policy.tier, '24x7', 'the chain runs on the new tier at once, not after a cache expires');
    t.equal((await outbox(desk)).filter((m) => m.channel === 'sms').length, 1, 'the duty engineer is texted');
    const events = (await admin.get('/api/v1/events?types=ticket.created&limit=10')).json().events as {
      data: { ticketId: number; agreementTier: string | null };
    }[];
    t.same(
      events.map((e) => [e.data.ticketId, e.data.agreementTier]),
      [
        [before.id, '8x5'],
        [after.id, '24x7'],
      ],
      'ticket.created says the tier each ticket fell under',
    );
  });
  await t.test('a ticket without an agreement starts nothing; its event has no tier', async (t) => {
    const { admin, firstLine } = await dutyDesk(t);
    const bare = await makeOrganization(admin);
    const ticket = await makeTicket(admin, bare.id, { priority: 'P1', teamId: firstLine });
    t.equal(ticket.assigneeId, null);
    t.same((await admin.get(`/api/v1/tickets/${ticket.id}/escalation`)).json(), { chain: null });
    const events = (await admin.get('/api/v1/events?types=ticket.created&limit=10')).json().events as {
      data: { ticketId: number; agreementTier: string | null };
    }[];
    t.same(
      events.map((e) => [e.data.ticketId, e.data.agreementTier]),
      [[ticket.id, null]],
    );
  });
});

t.test(
  "an agent's public reply acknowledges; an internal note does not; a resolved ticket stops its chain",
  async (t) => {
    const { clock, desk, admin, l1, org, firstLine } = await dutyDesk(t, { tier: 'premium' });
    const ticket = await makeTicket(admin, org.id, { priority: 'P1', teamId: firstLine });
    await l1.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'Looking', public: false });
    let chain = (await admin.get(`/api/v1/tickets/${ticket.id}/escalation`)).json().chain as Chain;
    t.equal(chain.acknowledgedAt, null, 'a note is not an answer to the client');
    await l1.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'We are on it', public: true });
    chain = (await admin.get(`/api/v1/tickets/${ticket.id}/escalation`)).json().chain as Chain;
    t.equal(chain.stoppedReason, 'acknowledged');
    t.equal(chain.acknowledgedBy?.id, l1.agentId);
    t.equal(chain.nextAt, null);

    const other = await makeTicket(admin, org.id, { priority: 'P1', teamId: firstLine });
    const resolved = await admin.patch(`/api/v1/tickets/${other.id}`, { status: 'resolved' });
    t.equal(resolved.statusCode, 200, resolved.body);
    const sent = (await outbox(desk)).length;
    clock.advance(60 * MINUTE);
    await escalationsJob.run(desk.inst.ctx());
    chain = (await admin.get(`/api/v1/tickets/${other.id}/escalation`)).json().chain as Chain;
    t.equal(chain.stoppedReason, 'resolved');
    t.equal((await outbox(desk)).length, sent, 'nobody paged for a resolved ticket');
  },
);

t.test('rounds: an unanswered chain repeats up to its rounds, then stops', async (t) => {
  const { clock, desk, admin, l1, org, firstLine } = await dutyDesk(t);
  await admin.request('PUT', '/api/v1/escalation-policies/24x7', {
    steps: [{ target: 'line:1', delayMinutes: 5 }],
    repeatCount: 3,
  });
  const ticket = await makeTicket(admin, org.id, { priority: 'P1', teamId: firstLine });
  for (let m = 1; m <= 30; m++) {
    clock.advance(MINUTE);
    await escalationsJob.run(desk.inst.ctx());
  }
  const chain = (await admin.get(`/api/v1/tickets/${ticket.id}/escalation`)).json().chain as Chain;
  t.same(
    chain.pages.map((p) => [p.round, p.agentId]),
    [
      [0, l1.agentId],
      [1, l1.agentId],
      [2, l1.agentId],
    ],
    'three rounds, five minutes apart',
  );
  t.same(
    chain.pages.map((p) => (Date.parse(p.at) - Date.parse(chain.startedAt)) / MINUTE),
    [5, 10, 15],
  );
  t.equal(chain.stoppedReason, 'exhausted');
});

t.test('policies: defaults, validation, permissions', async (t) => {
  const { admin, l1, org, firstLine } = await dutyDesk(t);
  const list = await admin.get('/api/v1/escalation-policies');
  t.equal(list.statusCode, 200);
  t.same(
    list.json().items.map((p: { tier: string; custom: boolean }) => [p.tier, p.custom]),
    [
      ['8x5', false],
      ['24x7', false],
      ['premium', false],
      ['custom', false],
    ],
  );
  t.equal(list.json().items[2].steps[1].delayMinutes, 15, 'premium reacts in 15 minutes by default');

  const bad = await admin.request('PUT', '/api/v1/escalation-policies/24x7', {
    steps: [{ target: 'boss', delayMinutes: 5 }],
    repeatCount: 1,
  });
  t.equal(bad.statusCode, 400);
  t.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
  t.equal(
    bad.json().detail,
    'The escalation policy of 24x7 cannot be saved: "boss" is not line:<position>, duty_manager or agent:<id>',
  );
  const unknown = await admin.request('PUT', '/api/v1/escalation-policies/24x7', {
    steps: [{ target: 'line:1', delayMinutes: 5 }],
    repeatCount: 1,
    extra: true,
  });
  t.equal(unknown.statusCode, 400, 'unknown fields are refused');
  const ghost = await admin.request('PUT', '/api/v1/escalation-policies/24x7', {
    steps: [{ target: 'agent:99999', delayMinutes: 5 }],
    repeatCount: 1,
  });
  t.equal(ghost.statusCode, 400);
  t.match(ghost.json().detail, /Step 1 names agent 99999, who does not exist or is not active/);
  const weekly = await admin.get('/api/v1/escalation-policies/weekly');
  t.equal(weekly.statusCode, 400, 'no such tier');
  t.match(weekly.json().detail, 'params.tier must be one of 8x5, 24x7, premium, custom');
  const engineer = await l1.request('PUT', '/api/v1/escalation-policies/24x7', {
    steps: [{ target: 'line:1', delayMinutes: 5 }],
    repeatCount: 1,
  });
  t.equal(engineer.statusCode, 403, 'engineers do not set policies');
  t.equal((await admin.get('/api/v1/escalation-policies/24x7')).json().custom, false, 'nothing was saved');

  const ticket = await makeTicket(admin, org.id, { priority: 'P1', teamId: firstLine });
  t.equal((await l1.get(`/api/v1/tickets/${ticket.id}/escalation`)).statusCode, 200, 'engineers see the chain');
  t.equal((await admin.post('/api/v1/tickets/999999/acknowledge')).statusCode, 404);
});
