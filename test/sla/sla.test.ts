import t from 'tap';
import { fixedClock } from '../../server/shared/clock.js';
import { slaSweep } from '../../server/modules/sla/index.js';
import { testDesk } from '../helpers/app.js';
import { makeContact, makeOrganization } from '../helpers/factories.js';
import { agreementFixture, allDay, moscow8x5, serviceFixture } from './helpers.js';

// Monday 7 December 2026, 10:30 in Moscow (UTC+3): an ordinary working day.
const MONDAY_1030 = '2026-12-07T07:30:00.000Z';
const at = (msk: string) => new Date(`${msk}+03:00`);

async function setup(t: Parameters<typeof testDesk>[0]) {
  const clock = fixedClock(new Date(MONDAY_1030));
  const desk = await testDesk(t, { clock });
  const admin = await desk.agent('admin');
  const engineer = await desk.agent('engineer');
  const org = await makeOrganization(admin);
  const calendarId = await moscow8x5(desk.inst);
  const agreementId = await agreementFixture(desk.inst, {
    organizationId: org.id,
    calendarId,
    managerId: admin.agentId,
    targets: [
      { priority: 'P1', reaction: 15, resolution: 240 },
      { priority: 'P2', reaction: 60, resolution: 480 },
      { priority: 'P3', reaction: 60, resolution: 1080 },
      { priority: 'P3', type: 'request', reaction: 120, resolution: 2160 },
    ],
  });
  const file = async (fields: Record<string, unknown> = {}) => {
    const res = await admin.post('/api/v1/tickets', {
      subject: 'Printer',
      description: 'Jammed',
      organizationId: org.id,
      type: 'incident',
      priority: 'P2',
      assigneeId: engineer.agentId,
      ...fields,
    });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json();
  };
  const get = async (id: number) => (await admin.get(`/api/v1/tickets/${id}`)).json();
  return { desk, clock, admin, engineer, org, calendarId, agreementId, file, get };
}

t.test('deadlines from the agreement at creation, in business time', async (t) => {
  const s = await setup(t);
  const ticket = await s.file();
  t.equal(ticket.agreementId, s.agreementId);
  t.equal(ticket.slaState, 'ok');
  t.equal(ticket.reactionDue, at('2026-12-07T11:30').toISOString(), 'reaction: one business hour');
  t.equal(ticket.resolutionDue, at('2026-12-07T18:30').toISOString(), 'resolution: 480 business minutes the same day');
  t.equal(ticket.pausedMinutes, 0);
  t.equal(ticket.firstResponseAt, null);
  const request = await s.file({ type: 'request', priority: 'P3' });
  t.equal(
    request.reactionDue,
    at('2026-12-07T12:30').toISOString(),
    'a target for the ticket type wins over the one for any type',
  );
  t.equal(request.resolutionDue, at('2026-12-11T10:30').toISOString(), '2160 min = 4 working days of 540');
  const friday = s.clock;
  friday.set(at('2026-12-11T18:30'));
  const late = await s.file({ priority: 'P2' });
  t.equal(late.reactionDue, at('2026-12-14T10:30').toISOString(), 'Friday 18:30 + 60 min crosses the weekend');
});

t.test('which agreement: only active ones, service coverage, best tier', async (t) => {
  const s = await setup(t);
  const vpn = await serviceFixture(s.desk.inst, 'VPN');
  const mail = await serviceFixture(s.desk.inst, 'Mail');
  const org = await makeOrganization(s.admin);
  const allDayId = await allDay(s.desk.inst);
  const basic = await agreementFixture(s.desk.inst, {
    organizationId: org.id,
    calendarId: s.calendarId,
    tier: '8x5',
    serviceIds: [vpn, mail],
    targets: [{ priority: 'P2', reaction: 60, resolution: 480 }],
  });
  const premium = await agreementFixture(s.desk.inst, {
    organizationId: org.id,
    calendarId: allDayId,
    tier: 'premium',
    serviceIds: [mail],
    targets: [{ priority: 'P2', reaction: 15, resolution: 240 }],
  });
  await agreementFixture(s.desk.inst, {
    organizationId: org.id,
    calendarId: allDayId,
    tier: 'premium',
    status: 'planned',
    serviceIds: [vpn],
    targets: [{ priority: 'P2', reaction: 5, resolution: 60 }],
  });
  t.equal(
    (await s.file({ organizationId: org.id, serviceId: vpn })).agreementId,
    basic,
    'VPN: only the 8x5 agreement covers it (the planned premium one does not count)',
  );
  t.equal(
    (await s.file({ organizationId: org.id, serviceId: mail })).agreementId,
    premium,
    'Mail: both cover it, premium wins',
  );
  const missing = await s.admin.post('/api/v1/tickets', {
    subject: 's',
    description: 'd',
    organizationId: org.id,
    type: 'incident',
    priority: 'P2',
    serviceId: 99999,
  });
  t.equal(missing.statusCode, 400);
});

t.test('without an active agreement: agents file without SLA, clients are refused, e-mail is queued', async (t) => {
  const s = await setup(t);
  const org = await makeOrganization(s.admin);
  const contact = await makeContact(s.admin, org.id);
  const agentTicket = await s.file({ organizationId: org.id });
  t.equal(agentTicket.slaState, 'none');
  t.equal(agentTicket.agreementId, null);
  const byHand = await s.admin.post('/api/v1/tickets', {
    subject: 's',
    description: 'd',
    organizationId: org.id,
    contactId: contact.id,
    type: 'incident',
    priority: 'P2',
    channel: 'portal',
  });
  t.equal(byHand.statusCode, 201, 'an agent recording a portal request by hand may file without an agreement');
  const { createTicket } = await import('../../server/modules/tickets/tickets.service.js');
  const intake = await createTicket(s.desk.inst.ctx(), {
    subject: 's',
    description: 'd',
    organizationId: org.id,
    contactId: contact.id,
    type: 'incident',
    priority: 'P2',
    channel: 'web_form',
  }).catch((e: Error & { status?: number }) => e);
  t.equal((intake as { status?: number }).status, 422, 'the web form (system intake) is refused');
  t.match((intake as Error).message, /no active agreement/);
  const onBehalf = await s.admin.post('/api/v1/tickets', {
    subject: 's',
    description: 'd',
    organizationId: org.id,
    contactId: contact.id,
    type: 'incident',
    priority: 'P2',
    channel: 'api',
  });
  t.equal(onBehalf.statusCode, 422, 'API on behalf of a contact');
  const email = await s.file({ organizationId: org.id, contactId: contact.id, channel: 'email' });
  t.same(email.tags, ['no-active-agreement'], 'e-mail is never dropped: it lands in the no-active-agreement queue');
  t.equal((await s.admin.get('/api/v1/tickets?tag=no-active-agreement')).json().items.length, 1);
});

t.test('waiting for the client pauses the clock; the deadline moves by the paused business time', async (t) => {
  const s = await setup(t);
  const ticket = await s.file();
  s.clock.set(at('2026-12-07T11:00'));
  t.equal((await s.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'waiting_for_client' })).statusCode, 200);
  s.clock.set(at('2026-12-07T14:00'));
  const paused = await s.get(ticket.id);
  t.equal(paused.slaState, 'paused');
  t.equal(paused.slaRemainingMinutes, 30, 'the countdown stands still while paused');
  const panel = (await s.admin.get(`/api/v1/tickets/${ticket.id}/sla`)).json();
  t.equal(panel.paused, true);
  t.equal(panel.remainingMinutes, 30);
  t.equal((await slaSweep(s.desk.inst.ctx())).breaches, 0, 'no breach while paused, though 11:30 has passed');
  s.clock.set(at('2026-12-07T15:00'));
  const resumed = (await s.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'in_progress' })).json();
  t.equal(resumed.pausedMinutes, 240);
  t.equal(resumed.reactionDue, at('2026-12-07T15:30').toISOString(), 'due 11:30 + 4 business hours paused');
  t.equal(resumed.slaState, 'ok');
  // A pause over the night counts only business minutes.
  s.clock.set(at('2026-12-07T18:00'));
  await s.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'waiting_for_client' });
  s.clock.set(at('2026-12-08T11:00'));
  const again = (await s.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'in_progress' })).json();
  t.equal(again.pausedMinutes, 240 + 60 + 60, '18:00–19:00 and 10:00–11:00');
});

t.test('reaction is met by the first public reply of an agent', async (t) => {
  const s = await setup(t);
  const ticket = await s.file();
  s.clock.set(at('2026-12-07T10:50'));
  await s.engineer.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'Internal: checking', public: false });
  t.equal((await s.get(ticket.id)).firstResponseAt, null, 'an internal note is not a reaction');
  s.clock.set(at('2026-12-07T11:10'));
  await s.engineer.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'We are on it', public: true });
  const answered = await s.get(ticket.id);
  t.equal(answered.firstResponseAt, at('2026-12-07T11:10').toISOString());
  t.equal(answered.reactionBreachedAt, null);
  s.clock.set(at('2026-12-07T11:45'));
  await slaSweep(s.desk.inst.ctx());
  t.equal((await s.get(ticket.id)).slaState, 'ok', 'reaction met: only resolution is pending');
});

t.test('the sweep: warning at 80%, breach at the deadline, each notified once, breaches stay recorded', async (t) => {
  const s = await setup(t);
  const ticket = await s.file();
  // Only the SLA's own messages: other notifications (a new ticket to its assignee) share the outbox.
  const outbox = () =>
    s.desk.inst.database.db.selectFrom('outbox').selectAll().where('subject', 'like', 'SLA%').orderBy('id').execute();
  const emailOf = async (id: number) => (await s.admin.get(`/api/v1/agents/${id}`)).json().email as string;
  const owners = [await emailOf(s.engineer.agentId), await emailOf(s.admin.agentId)].sort();
  s.clock.set(at('2026-12-07T11:17'));
  t.same(
    await slaSweep(s.desk.inst.ctx()),
    { checked: 0, warnings: 0, breaches: 0 },
    'before 80% of the reaction target nothing is due',
  );
  s.clock.set(at('2026-12-07T11:19'));
  t.same(await slaSweep(s.desk.inst.ctx()), { checked: 1, warnings: 1, breaches: 0 }, '48 of 60 minutes: warning');
  t.equal((await s.get(ticket.id)).slaState, 'warning');
  const warned = await outbox();
  t.same(warned.map((m) => m.recipient).sort(), owners, 'to the assignee and the agreement manager');
  t.equal(warned.length, 2, 'one e-mail to the assignee, one to the agreement manager');
  t.match(warned[0]!.subject, /close to its deadline/);
  t.same(await slaSweep(s.desk.inst.ctx()), { checked: 0, warnings: 0, breaches: 0 }, 'nothing twice');
  s.clock.set(at('2026-12-07T11:31'));
  t.same(await slaSweep(s.desk.inst.ctx()), { checked: 1, warnings: 0, breaches: 1 });
  const breached = await s.get(ticket.id);
  t.equal(breached.slaState, 'breached');
  t.equal(breached.reactionBreachedAt, at('2026-12-07T11:30').toISOString(), 'recorded at the deadline');
  t.equal((await outbox()).length, 4);
  const history = (await s.admin.get(`/api/v1/tickets/${ticket.id}/history`))
    .json()
    .items.map((h: { action: string }) => h.action);
  t.ok(
    history.includes('sla_warning') && history.includes('sla_reaction_breached'),
    'events are in the ticket history',
  );
  await s.engineer.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'Sorry for the wait', public: true });
  await s.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'resolved' });
  const resolved = await s.get(ticket.id);
  t.equal(
    resolved.reactionBreachedAt,
    at('2026-12-07T11:30').toISOString(),
    'the breach stays recorded after resolution',
  );
  t.equal(resolved.slaState, 'breached');
});

t.test('a priority change recomputes from the ticket’s own history', async (t) => {
  const s = await setup(t);
  const ticket = await s.file({ priority: 'P2' });
  s.clock.set(at('2026-12-07T11:00'));
  await s.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'waiting_for_client' });
  s.clock.set(at('2026-12-07T12:00'));
  await s.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'open' });
  const p1 = (await s.admin.patch(`/api/v1/tickets/${ticket.id}`, { priority: 'P1' })).json();
  t.equal(
    p1.reactionDue,
    at('2026-12-07T10:45').toISOString(),
    'P1: 15 min from 10:30 (the later pause does not move a deadline already passed)',
  );
  t.equal(p1.pausedMinutes, 60, 'paused time is kept');
  t.equal(p1.slaState, 'breached', 'under the new terms the reaction deadline has passed');
  const back = (await s.admin.patch(`/api/v1/tickets/${ticket.id}`, { priority: 'P3' })).json();
  t.equal(back.reactionDue, at('2026-12-07T12:30').toISOString());
  t.equal(back.slaState, 'breached', 'a breach is a fact of history: a later priority does not erase it');
  t.equal(back.reactionBreachedAt, at('2026-12-07T10:45').toISOString());
});

t.test('a ticket resolved after its deadline keeps its breach, though no sweep saw it overdue', async (t) => {
  const s = await setup(t);
  const ticket = await s.file({ priority: 'P1' });
  t.equal(ticket.resolutionDue, at('2026-12-07T14:30').toISOString(), 'P1: four business hours');
  s.clock.set(at('2026-12-07T10:40'));
  await s.engineer.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'Смотрим', public: true });
  s.clock.set(at('2026-12-07T16:00'));
  const resolved = (await s.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'resolved' })).json();
  t.equal(resolved.resolutionBreachedAt, at('2026-12-07T14:30').toISOString(), 'breached at the deadline');
  t.equal(resolved.reactionBreachedAt, null, 'the reaction was in time');
  t.equal(resolved.slaState, 'breached');
  const recomputed = (await s.admin.patch(`/api/v1/tickets/${ticket.id}`, { priority: 'P3' })).json();
  t.equal(recomputed.resolutionBreachedAt, at('2026-12-07T14:30').toISOString(), 'a recompute keeps it');
  s.clock.set(at('2026-12-08T16:00'));
  const reopened = (await s.admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'open' })).json();
  t.equal(reopened.resolutionBreachedAt, at('2026-12-07T14:30').toISOString(), 'and a reopen keeps it');

  s.clock.set(at('2026-12-09T10:00'));
  const onTime = await s.file({ priority: 'P1' });
  s.clock.set(at('2026-12-09T11:00'));
  await s.engineer.post(`/api/v1/tickets/${onTime.id}/comments`, { body: 'Готово', public: true });
  const closed = (await s.admin.patch(`/api/v1/tickets/${onTime.id}`, { status: 'resolved' })).json();
  s.clock.set(at('2026-12-11T16:00'));
  const later = (await s.admin.patch(`/api/v1/tickets/${onTime.id}`, { priority: 'P2' })).json();
  t.equal(closed.resolutionBreachedAt, null, 'resolved in time: no breach');
  t.equal(later.resolutionBreachedAt, null, 'and time passing after the resolution adds none');
});

t.test('manual deadlines: with a reason, never for incidents', async (t) => {
  const s = await setup(t);
  const incident = await s.file();
  const refused = await s.admin.patch(`/api/v1/tickets/${incident.id}`, {
    resolutionDue: '2026-12-20T10:00:00+03:00',
    deadlineReason: 'client asked',
  });
  t.equal(refused.statusCode, 422);
  t.match(refused.json().detail, /Incidents follow/);
  const change = await s.file({ type: 'change', priority: 'P3' });
  t.equal(
    (await s.admin.patch(`/api/v1/tickets/${change.id}`, { resolutionDue: '2026-12-20T10:00:00+03:00' })).statusCode,
    400,
    'a reason is required',
  );
  const set = (
    await s.admin.patch(`/api/v1/tickets/${change.id}`, {
      resolutionDue: '2026-12-21T15:00:00+03:00',
      deadlineReason: 'Maintenance window agreed with the client',
    })
  ).json();
  t.equal(set.resolutionDue, at('2026-12-21T15:00').toISOString());
  t.equal(set.manualDeadline, true);
  t.equal(set.deadlineReason, 'Maintenance window agreed with the client');
  const clearedRes = await s.admin.patch(`/api/v1/tickets/${change.id}`, { resolutionDue: null });
  t.equal(clearedRes.statusCode, 200, clearedRes.body);
  const cleared = clearedRes.json();
  t.equal(cleared.manualDeadline, false);
  t.equal(
    cleared.resolutionDue,
    at('2026-12-09T10:30').toISOString(),
    'back to the agreement: 1080 min = two days of 540',
  );
});

t.test('moving a ticket to another agreement, and the queue ordered by nearest deadline', async (t) => {
  const s = await setup(t);
  const allDayId = await allDay(s.desk.inst);
  // A custom-tier agreement ranks last, so new tickets keep the 8x5 one; c is moved to it by hand.
  const other = await agreementFixture(s.desk.inst, {
    organizationId: s.org.id,
    calendarId: allDayId,
    tier: 'custom',
    targets: [{ priority: 'P2', reaction: 30, resolution: 120 }],
  });
  const a = await s.file({ priority: 'P3' });
  const b = await s.file({ priority: 'P1' });
  const c = await s.file({ priority: 'P2' });
  const moved = (await s.admin.patch(`/api/v1/tickets/${c.id}`, { agreementId: other })).json();
  t.equal(moved.agreementId, other);
  t.equal(moved.reactionDue, at('2026-12-07T11:00').toISOString());
  const foreign = await s.admin.patch(`/api/v1/tickets/${c.id}`, { agreementId: 424242 });
  t.equal(foreign.statusCode, 400);
  const none = await s.file({ organizationId: (await makeOrganization(s.admin)).id });
  const queue = (await s.admin.get('/api/v1/tickets?sort=due&limit=3')).json();
  t.same(
    queue.items.map((i: { id: number }) => i.id),
    [b.id, c.id, a.id],
    `P1 (10:45), moved P2 (11:00), P3 (11:30): ${JSON.stringify(queue.items.map((i: { id: number; reactionDue: string }) => [i.id, i.reactionDue]))}`,
  );
  const next = (await s.admin.get(`/api/v1/tickets?sort=due&limit=3&cursor=${queue.nextCursor}`)).json();
  t.same(
    next.items.map((i: { id: number }) => i.id),
    [none.id],
    'tickets without a deadline come last',
  );
  t.equal(queue.items[0].slaRemainingMinutes, 15);
});

t.test('a sweep handles every due ticket however many', async (t) => {
  const s = await setup(t);
  const ctx = s.desk.inst.ctx();
  const { createTicket } = await import('../../server/modules/tickets/tickets.service.js');
  for (let i = 0; i < 2600; i++)
    await createTicket(ctx, {
      subject: `T${i}`,
      description: 'd',
      organizationId: s.org.id,
      type: 'incident',
      priority: 'P2',
    });
  s.clock.set(at('2026-12-07T11:31'));
  const result = await slaSweep(ctx);
  t.equal(result.checked, 2600, 'more than one batch');
  t.equal(result.breaches, 2600);
  const left = await s.desk.inst.database.db
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sla_state', '!=', 'breached')
    .where('agreement_id', 'is not', null)
    .executeTakeFirstOrThrow();
  t.equal(Number(left.n), 0);
});

t.test('overdue tickets count down below zero, sort first, and a met reaction no longer moves', async (t) => {
  const s = await setup(t);
  const late = await s.file({ priority: 'P2' });
  s.clock.set(at('2026-12-07T10:45'));
  const fresh = await s.file({ priority: 'P2' });
  s.clock.set(at('2026-12-07T11:50'));
  const overdue = await s.get(late.id);
  t.equal(overdue.slaState, 'breached', 'read live: breached before any sweep ran');
  t.equal(overdue.slaRemainingMinutes, -20, 'overdue by 20 business minutes');
  await slaSweep(s.desk.inst.ctx());
  const queue = (await s.admin.get('/api/v1/tickets?sort=due&limit=2')).json();
  t.same(
    queue.items.map((i: { id: number }) => i.id),
    [late.id, fresh.id],
    'the overdue one first',
  );

  await s.engineer.post(`/api/v1/tickets/${fresh.id}/comments`, { body: 'On it', public: true });
  const reactionDue = (await s.get(fresh.id)).reactionDue;
  await s.admin.patch(`/api/v1/tickets/${fresh.id}`, { status: 'waiting_for_client' });
  s.clock.set(at('2026-12-07T14:00'));
  const resumed = (await s.admin.patch(`/api/v1/tickets/${fresh.id}`, { status: 'in_progress' })).json();
  t.equal(resumed.reactionDue, reactionDue, 'a pause after the first response leaves the reaction deadline alone');
  // 10:45 + 480 min = 18:45; the 130 paused business minutes (11:50–14:00) carry it into Tuesday: 11:55.
  t.equal(resumed.resolutionDue, at('2026-12-08T11:55').toISOString(), 'the resolution deadline moves by the pause');
});

t.test('a ticket moves only under an active agreement', async (t) => {
  const s = await setup(t);
  const planned = await agreementFixture(s.desk.inst, {
    organizationId: s.org.id,
    calendarId: s.calendarId,
    status: 'planned',
    targets: [{ priority: 'P2', reaction: 5, resolution: 60 }],
  });
  const ticket = await s.file();
  const refused = await s.admin.patch(`/api/v1/tickets/${ticket.id}`, { agreementId: planned });
  t.equal(refused.statusCode, 400);
  t.match(refused.json().detail, /is planned: a ticket can be moved only under an active agreement/);
});

t.test('the sweep finds due tickets through the index of next checks, not by reading every ticket', async (t) => {
  const { dueTickets } = await import('../../server/modules/sla/sla.repository.js');
  const { statementPlan, statementsOf } = await import('../helpers/query-plan.js');
  const { testDialect } = await import('../helpers/installation.js');
  const desk = await testDesk(t);
  const db = desk.inst.database.db;
  const [query] = await statementsOf(db, (spy) => dueTickets(spy, Date.now(), 500, 0));
  const plan = await statementPlan(db, query!);
  // With nothing due (most minutes) a walk in id order would read the whole table to fill its page.
  if (testDialect === 'sqlite') {
    t.match(plan, /SEARCH tickets USING (COVERING )?INDEX tickets_sla_next_check \(sla_next_check<\?\)/, plan);
    t.notMatch(plan, /tickets USING INTEGER PRIMARY KEY/, 'no walk of the table in id order');
  } else t.match(plan, /(Index (Only )?Scan using|Bitmap Index Scan on) tickets_sla_next_check/, plan);
});
