import t from 'tap';
import { fixedClock } from '../../server/shared/clock.js';
import { slaSweep } from '../../server/modules/sla/index.js';
import { testDesk } from '../helpers/app.js';
import { makeOrganization } from '../helpers/factories.js';
import { agreementFixture, moscow8x5 } from '../sla/helpers.js';

/**
 * The golden dataset: tickets built through the API on a fixed clock, every expected figure of November 2026
 * worked out by hand below. The calendar is Moscow 10:00–19:00 Mon–Fri with the Russian production calendar:
 * Tue 3 Nov is a shortened day (ends 18:00), Wed 4 Nov is a holiday (National Unity Day). A working day has
 * 540 business minutes. Targets (reaction / resolution, business minutes): P1 60/240, P2 120/540, P3 240/1080.
 *
 * Medians and p90 are by nearest rank: the value at rank ⌈p·n⌉ of the sorted times.
 */

const msk = (local: string) => new Date(`${local}:00+03:00`);

t.test('SLA report of November 2026 matches the figures worked out by hand', async (t) => {
  const clock = fixedClock(msk('2026-10-29T09:00'));
  const desk = await testDesk(t, { clock });
  const admin = await desk.agent('admin');
  const calendarId = await moscow8x5(desk.inst);
  const targets = [
    { priority: 'P1' as const, reaction: 60, resolution: 240 },
    { priority: 'P2' as const, reaction: 120, resolution: 540 },
    { priority: 'P3' as const, reaction: 240, resolution: 1080 },
  ];
  const romashka = await makeOrganization(admin);
  const bakery = await makeOrganization(admin);
  const noSla = await makeOrganization(admin);
  const agreementA = await agreementFixture(desk.inst, {
    organizationId: romashka.id,
    calendarId,
    number: '2026-SLA-1',
    targets,
  });
  const agreementB = await agreementFixture(desk.inst, {
    organizationId: bakery.id,
    calendarId,
    number: '2026-SLA-2',
    targets,
  });

  const ids = new Map<string, number>();
  const ok = <R extends { statusCode: number; body: string }>(res: R, what: string): R => {
    if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
    return res;
  };
  const create =
    (name: string, priority: string, organizationId = romashka.id) =>
    async () => {
      const res = ok(
        await admin.post('/api/v1/tickets', {
          subject: name,
          description: name,
          organizationId,
          type: 'incident',
          priority,
        }),
        name,
      );
      ids.set(name, res.json().id);
    };
  const reply = (name: string) => async () => {
    ok(await admin.post(`/api/v1/tickets/${ids.get(name)}/comments`, { body: 'On it', public: true }), name);
  };
  const patch = (name: string, body: Record<string, unknown>) => async () => {
    ok(await admin.patch(`/api/v1/tickets/${ids.get(name)}`, body), name);
  };
  const status = (name: string, to: string) => patch(name, { status: to });

  // The whole history in time order (Moscow time), one action at a time on the desk's clock.
  const timeline: Array<[string, () => Promise<void>]> = [
    // T6 spans the start: created Fri 30 Oct 17:00 (P3), replied 17:30 — a reaction of October.
    ['2026-10-30T17:00', create('T6', 'P3')],
    ['2026-10-30T17:30', reply('T6')],
    // T1 plain P2: Mon 2 Nov 10:00, reply 10:30 (30 min), resolved 12:00 (120 min).
    ['2026-11-02T10:00', create('T1', 'P2')],
    ['2026-11-02T10:30', reply('T1')],
    ['2026-11-02T12:00', status('T1', 'resolved')],
    // T9 has no agreement: outside every SLA report.
    ['2026-11-02T13:00', create('T9', 'P2', noSla.id)],
    ['2026-11-02T13:30', reply('T9')],
    ['2026-11-02T14:00', status('T9', 'resolved')],
    // T6 resolved Tue 3 Nov 12:00. Due: Fri 17–19 = 120, Mon 540 → 660, Tue (short day, 10–18) 420 more → 17:00.
    // Time: 120 + 540 + 120 = 780. Met.
    ['2026-11-03T12:00', status('T6', 'resolved')],
    // T2 across the shortened day and the holiday: Tue 3 Nov 15:00 (P2); reply 16:00 (60 min, due 17:00).
    // Resolution due: Tue 15–18 = 180, Wed 4 Nov off, Thu 10:00 + 360 → Thu 5 Nov 16:00.
    // Resolved Thu 15:00: 180 + 300 = 480. Met.
    ['2026-11-03T15:00', create('T2', 'P2')],
    ['2026-11-03T16:00', reply('T2')],
    // T3 a breach after a pause: Thu 5 Nov 10:00 (P2), reply 10:20 (20 min), waiting for the client 11:00 →
    // Fri 6 Nov 11:00: paused Thu 11–19 = 480 + Fri 10–11 = 60 → 540. Resolution due: 60 worked before the
    // pause, 480 after Fri 11:00 → Fri 6 Nov 19:00. Resolved Mon 9 Nov 12:00: breached.
    // Time: Thu 540 + Fri 540 + Mon 120 = 1200, less 540 paused → 660.
    ['2026-11-05T10:00', create('T3', 'P2')],
    ['2026-11-05T10:20', reply('T3')],
    ['2026-11-05T11:00', status('T3', 'waiting_for_client')],
    ['2026-11-05T15:00', status('T2', 'resolved')],
    ['2026-11-06T11:00', status('T3', 'open')],
    // T4 reopened (P1): Mon 9 Nov 10:00, reply 10:40 (40 min), resolved 12:00, reopened Tue 10 Nov 10:00
    // (resolved Mon 12–19 = 420 paused), resolved again Tue 11:00. Due: 120 before + 120 after Tue 10:00 →
    // Tue 12:00: met by the last resolution. Time: Mon 540 + Tue 60 − 420 = 180.
    ['2026-11-09T10:00', create('T4', 'P1')],
    ['2026-11-09T10:40', reply('T4')],
    ['2026-11-09T12:00', status('T4', 'resolved')],
    ['2026-11-09T12:00', status('T3', 'resolved')],
    ['2026-11-10T10:00', status('T4', 'open')],
    ['2026-11-10T11:00', status('T4', 'resolved')],
    // T5 a priority change: Tue 10 Nov 14:00 as P3 (reaction due 18:00), P1 at 14:30 (reaction due 15:00,
    // resolution due 18:00). Reply 15:30: reaction breached, 90 min. Resolved 17:00: met, 180 min.
    ['2026-11-10T14:00', create('T5', 'P3')],
    ['2026-11-10T14:30', patch('T5', { priority: 'P1' })],
    ['2026-11-10T15:30', reply('T5')],
    ['2026-11-10T17:00', status('T5', 'resolved')],
    // T10 of the other agreement (P2): Wed 11 Nov 10:00, reply 12:30 — 150 min, due 12:00: breached.
    // Resolved 15:00 (300 min, due 19:00): met.
    ['2026-11-11T10:00', create('T10', 'P2', bakery.id)],
    ['2026-11-11T12:30', reply('T10')],
    ['2026-11-11T15:00', status('T10', 'resolved')],
    // T8 still open: Fri 27 Nov 10:00 (P3), reply 11:00 (60 min, met). Resolution due Fri 540 + Mon 540 →
    // Mon 30 Nov 19:00, missed: the sweep records the breach at that instant, in November.
    ['2026-11-27T10:00', create('T8', 'P3')],
    ['2026-11-27T11:00', reply('T8')],
    // T7 spans the end: Mon 30 Nov 18:00 (P2); reply Tue 1 Dec 10:30 (60 + 30 = 90 min, due 11:00),
    // resolved 12:00 (60 + 120 = 180, due 18:00): nothing of it falls in November.
    ['2026-11-30T18:00', create('T7', 'P2')],
    ['2026-12-01T10:30', reply('T7')],
    ['2026-12-01T12:00', status('T7', 'resolved')],
  ];
  for (const [at, act] of timeline) {
    clock.set(msk(at));
    await act();
  }
  clock.set(msk('2026-12-02T09:00'));
  await slaSweep(desk.inst.ctx());

  // The deadlines the figures rest on, as the SLA engine set them.
  const due = async (name: string) => (await admin.get(`/api/v1/tickets/${ids.get(name)}`)).json();
  t.equal((await due('T2')).resolutionDue, msk('2026-11-05T16:00').toISOString(), 'T2: the holiday is skipped');
  t.equal((await due('T3')).resolutionDue, msk('2026-11-06T19:00').toISOString(), 'T3: moved by the pause');
  t.equal((await due('T4')).resolutionDue, msk('2026-11-10T12:00').toISOString(), 'T4: resolved time paused');
  t.equal((await due('T5')).reactionDue, msk('2026-11-10T15:00').toISOString(), 'T5: P1 from creation');
  t.equal((await due('T6')).resolutionDue, msk('2026-11-03T17:00').toISOString(), 'T6: the shortened day');

  const report = async (query: string) => {
    const res = await admin.get(`/api/v1/reports/sla?${query}`);
    t.equal(res.statusCode, 200, query);
    return res.json();
  };
  const november = await report('from=2026-11-01&to=2026-11-30');
  const row = (r: Record<string, unknown>) => {
    const { priority: _p, agreementId: _a, agreementNumber: _n, ...figures } = r;
    return figures;
  };
  const [p1, p2, p3, p4] = november.rows;
  t.same(
    november.rows.map((r: { priority: string }) => r.priority),
    ['P1', 'P2', 'P3', 'P4'],
  );
  // P1: T4 (reaction met 40, resolution met 180, paused 420), T5 (reaction breached 90, resolution met 180).
  // Reaction [40, 90]: median rank ⌈1⌉ = 40, p90 rank ⌈1.8⌉ = 2 → 90. Resolution [180, 180].
  t.strictSame(
    row(p1),
    {
      tickets: 2,
      reactionMet: 1,
      reactionBreached: 1,
      reactionCompliance: 0.5,
      resolutionMet: 2,
      resolutionBreached: 0,
      resolutionCompliance: 1,
      reactionMedianMinutes: 40,
      reactionP90Minutes: 90,
      resolutionMedianMinutes: 180,
      resolutionP90Minutes: 180,
      pausedMinutes: 420,
    },
    'P1',
  );
  // P2: T1 (30; 120), T2 (60; 480), T3 (20; breached, 660, paused 540), T10 (breached 150; 300). T7: December.
  // Reaction sorted [20, 30, 60, 150]: median rank 2 → 30, p90 rank ⌈3.6⌉ = 4 → 150. 3 met of 4 → 0.75.
  // Resolution sorted [120, 300, 480, 660]: median 300, p90 660. 3 met of 4 → 0.75.
  t.strictSame(
    row(p2),
    {
      tickets: 4,
      reactionMet: 3,
      reactionBreached: 1,
      reactionCompliance: 0.75,
      resolutionMet: 3,
      resolutionBreached: 1,
      resolutionCompliance: 0.75,
      reactionMedianMinutes: 30,
      reactionP90Minutes: 150,
      resolutionMedianMinutes: 300,
      resolutionP90Minutes: 660,
      pausedMinutes: 540,
    },
    'P2',
  );
  // P3: T6 (reaction in October; resolution met 780), T8 (reaction met 60; resolution breached, unresolved).
  t.strictSame(
    row(p3),
    {
      tickets: 2,
      reactionMet: 1,
      reactionBreached: 0,
      reactionCompliance: 1,
      resolutionMet: 1,
      resolutionBreached: 1,
      resolutionCompliance: 0.5,
      reactionMedianMinutes: 60,
      reactionP90Minutes: 60,
      resolutionMedianMinutes: 780,
      resolutionP90Minutes: 780,
      pausedMinutes: 0,
    },
    'P3',
  );
  t.strictSame(
    row(p4),
    {
      tickets: 0,
      reactionMet: 0,
      reactionBreached: 0,
      reactionCompliance: null,
      resolutionMet: 0,
      resolutionBreached: 0,
      resolutionCompliance: null,
      reactionMedianMinutes: null,
      reactionP90Minutes: null,
      resolutionMedianMinutes: null,
      resolutionP90Minutes: null,
      pausedMinutes: 0,
    },
    'P4: nothing was due',
  );
  // Total: reaction 5 met, 2 breached → 5/7; times sorted [20, 30, 40, 60, 60, 90, 150]: median rank
  // ⌈3.5⌉ = 4 → 60, p90 rank ⌈6.3⌉ = 7 → 150. Resolution 6 met, 2 breached → 0.75; times sorted
  // [120, 180, 180, 300, 480, 660, 780]: median 300, p90 780. Paused 420 + 540 = 960.
  t.strictSame(
    row(november.total),
    {
      tickets: 8,
      reactionMet: 5,
      reactionBreached: 2,
      reactionCompliance: 5 / 7,
      resolutionMet: 6,
      resolutionBreached: 2,
      resolutionCompliance: 0.75,
      reactionMedianMinutes: 60,
      reactionP90Minutes: 150,
      resolutionMedianMinutes: 300,
      resolutionP90Minutes: 780,
      pausedMinutes: 960,
    },
    'total',
  );
  t.same(
    november.breaches.map((b: { number: number; kind: string; dueAt: string }) => [b.kind, b.dueAt]),
    [
      ['resolution', msk('2026-11-06T19:00').toISOString()],
      ['reaction', msk('2026-11-10T15:00').toISOString()],
      ['reaction', msk('2026-11-11T12:00').toISOString()],
      ['resolution', msk('2026-11-30T19:00').toISOString()],
    ],
    'every breach of the period, at the deadline it missed',
  );
  t.ok(november.definitions.length > 3, 'the definitions come with the figures');

  // Per agreement: 2026-SLA-1 holds T1–T6 and T8; 2026-SLA-2 holds T10.
  const byAgreement = await report('from=2026-11-01&to=2026-11-30&groupBy=agreement');
  t.same(
    byAgreement.rows.map((r: Record<string, unknown>) => [
      r.agreementId,
      r.agreementNumber,
      r.tickets,
      r.reactionCompliance,
      r.resolutionCompliance,
    ]),
    [
      [agreementA, '2026-SLA-1', 7, 5 / 6, 5 / 7],
      [agreementB, '2026-SLA-2', 1, 0, 1],
    ],
  );
  const bakeryOnly = await report(`from=2026-11-01&to=2026-11-30&organizationId=${bakery.id}`);
  t.equal(bakeryOnly.total.tickets, 1, 'a client filter keeps only its tickets');
  t.equal(bakeryOnly.total.reactionMedianMinutes, 150);
  const agreementOnly = await report(`from=2026-11-01&to=2026-11-30&agreementId=${agreementA}`);
  t.equal(agreementOnly.total.tickets, 7);

  // The edges: October holds T6's reaction only; December holds T7 whole.
  const october = await report('from=2026-10-01&to=2026-10-31');
  t.match(october.total, {
    tickets: 1,
    reactionMet: 1,
    reactionMedianMinutes: 30,
    resolutionMet: 0,
    resolutionCompliance: null,
  });
  const december = await report('from=2026-12-01&to=2026-12-31');
  t.match(december.rows[1], {
    priority: 'P2',
    tickets: 1,
    reactionMet: 1,
    reactionMedianMinutes: 90,
    resolutionMet: 1,
    resolutionMedianMinutes: 180,
  });
  t.equal(december.total.tickets, 1);
});
