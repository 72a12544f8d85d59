import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Actor } from '../../server/context.js';
import { createRecurring } from '../../server/modules/recurring/recurring.service.js';
import { reportOutput, reportRenderers } from '../../server/modules/reports/index.js';
import {
  agentsReportFor,
  clientPackFor,
  clientsReportFor,
} from '../../server/modules/reports/people-reports.service.js';
import { slaSweep } from '../../server/modules/sla/index.js';
import { addComment, createTicket, updateTicket } from '../../server/modules/tickets/index.js';
import { logWork } from '../../server/modules/worklogs/worklogs.service.js';
import { timeDesk } from '../time/helpers.js';

/**
 * A small November 2026 worked out by hand for the agents and clients reports and the client pack. The
 * agreement is ООО Ромашка's prepaid one: 10 h a month, Moscow 09:00–18:00 Mon–Fri (540 business minutes a
 * day), tier 8x5: reaction 60 business minutes, resolution P1 480 / P2 960 / P3 2400. Two people: the
 * engineer «Eng» and the manager «Мария Петрова». Days used avoid the November holidays.
 */

const msk = (local: string) => new Date(`${local}:00+03:00`);

t.test('agents, clients and the client pack of November 2026 match the figures worked out by hand', async (t) => {
  const d = await timeDesk(t, msk('2026-10-30T09:00').toISOString());
  const ids = new Map<string, number>();
  const as = (who: Actor) => d.inst.ctx(who);
  const at = async (local: string, act: () => Promise<unknown>) => {
    d.clock.set(msk(local));
    await slaSweep(d.inst.ctx());
    await act();
  };
  const create =
    (name: string, priority: 'P1' | 'P2' | 'P3', by: Actor, organizationId = d.org.id) =>
    async () => {
      const ticket = await createTicket(as(by), {
        subject: name,
        description: name,
        organizationId,
        type: 'incident',
        priority,
        ...(organizationId === d.org.id && { serviceId: d.support.id }),
      });
      ids.set(name, ticket.id);
    };
  const reply = (name: string, by: Actor) => () =>
    addComment(as(by), ids.get(name)!, { body: 'Смотрим', public: true });
  const status = (name: string, to: 'resolved' | 'open' | 'waiting_for_client', by: Actor) => () =>
    updateTicket(as(by), ids.get(name)!, { status: to });
  const work = (name: string, by: Actor, minutes: number, billable: boolean, workDate: string) => () =>
    logWork(as(by), { ticketId: ids.get(name)!, minutes, billable, workDate });
  const eng = d.engineer;
  const mgr = d.manager;

  // A (P3) spans the start: created and first answered in October, resolved Mon 2 Nov 10:00 by Eng
  // (480 + 60 = 540 of 2400 minutes: met). Eng's 45 min on it are October's.
  await at('2026-10-30T10:00', create('A', 'P3', eng));
  await at('2026-10-30T10:30', reply('A', eng));
  await at('2026-10-30T11:00', work('A', eng, 45, true, '2026-10-30'));
  await at('2026-11-02T10:00', status('A', 'resolved', eng));
  // B (P2) by Мария Mon 9 Nov 10:00; Eng replies 10:20 (met), resolves 12:00; Мария reopens Tue 10:00 and
  // resolves 11:00 (met by the last resolution). Eng logs 90 billable minutes.
  await at('2026-11-09T10:00', create('B', 'P2', mgr));
  await at('2026-11-09T10:20', reply('B', eng));
  await at('2026-11-09T12:00', status('B', 'resolved', eng));
  await at('2026-11-09T13:00', work('B', eng, 90, true, '2026-11-09'));
  await at('2026-11-10T10:00', status('B', 'open', mgr));
  await at('2026-11-10T11:00', status('B', 'resolved', mgr));
  // C (P1) by Мария Wed 11 Nov 10:00, assigned to Eng 10:05; reaction due 11:00, Eng replies 11:30: 30 min
  // late. Waiting for the client 12:00 → Thu 12:00: paused 360 + 180 = 540 (9 h). Resolution due: 120 before
  // the pause + 360 after Thu 12:00 → Thu 12 Nov 18:00. Eng resolves Fri 13 Nov 11:15: 135 min (2 h 15) late.
  await at('2026-11-11T10:00', create('C', 'P1', mgr));
  await at('2026-11-11T10:05', () =>
    updateTicket(as(mgr), ids.get('C')!, { assigneeId: eng.kind === 'agent' ? eng.id : 0 }),
  );
  await at('2026-11-11T11:30', reply('C', eng));
  await at('2026-11-11T12:00', status('C', 'waiting_for_client', mgr));
  await at('2026-11-11T16:00', work('C', eng, 60, false, '2026-11-11'));
  await at('2026-11-12T12:00', status('C', 'open', mgr));
  await at('2026-11-12T13:00', work('C', mgr, 30, true, '2026-11-12'));
  // E: Hotel Volga has no agreement. Created by Eng, resolved by Мария on Thu 12 Nov.
  await at('2026-11-12T14:00', create('E', 'P2', eng, d.other.id));
  await at('2026-11-12T15:00', status('E', 'resolved', mgr));
  await at('2026-11-13T11:15', status('C', 'resolved', eng));
  // D (P3) by Мария Mon 30 Nov 18:00, after hours: its reaction is due in December.
  await at('2026-11-30T18:00', create('D', 'P3', mgr));
  // Recurring services of ООО Ромашка: one expires within 30 days of the period's end, one later.
  for (const [name, expiresOn] of [
    ['romashka.ru', '2026-12-20'],
    ['romashka.com', '2027-02-01'],
  ] as const)
    await createRecurring(d.inst.ctx(), {
      organizationId: d.org.id,
      kind: 'domain',
      name,
      billingEveryMonths: 12,
      nextBillingDate: expiresOn,
      expiresOn,
    });
  await at('2026-12-02T09:00', async () => undefined);

  const november = { from: '2026-11-01', to: '2026-11-30' };
  const agents = await agentsReportFor(d.ctx(), november);
  const byName = (name: string) => agents.report.rows.find((r) => r.agentName === name)!;
  // Eng: handled A (resolved), B (reply, resolution), C (assigned, reply, resolution), E (created) = 4;
  // first responses B, C (A's was October's) = 2; resolutions A, B, C = 3, of which B was reopened → ⅓;
  // hours: 90 billable (B), 60 not (C); A's 45 are October's.
  t.strictSame(
    { ...byName('Eng'), agentId: 0 },
    {
      agentId: 0,
      agentName: 'Eng',
      ticketsHandled: 4,
      firstResponses: 2,
      resolutions: 3,
      reopened: 1,
      reopenRate: 1 / 3,
      billableMinutes: 90,
      nonBillableMinutes: 60,
      satisfactionAverage: null,
      satisfactionAnswers: 0,
    },
    'Eng',
  );
  // Мария: B (created, reopened, resolved), C (created, assigned, statuses), D (created), E (resolved) = 4;
  // no replies; resolutions B (10 Nov), E = 2, none reopened → 0; 30 billable minutes on C.
  t.strictSame(
    { ...byName('Мария Петрова'), agentId: 0 },
    {
      agentId: 0,
      agentName: 'Мария Петрова',
      ticketsHandled: 4,
      firstResponses: 0,
      resolutions: 2,
      reopened: 0,
      reopenRate: 0,
      billableMinutes: 30,
      nonBillableMinutes: 0,
      satisfactionAverage: null,
      satisfactionAnswers: 0,
    },
    'Мария Петрова',
  );
  t.match(
    agents.report.total,
    {
      ticketsHandled: 5,
      firstResponses: 2,
      resolutions: 5,
      reopened: 1,
      reopenRate: 0.2,
      billableMinutes: 120,
      nonBillableMinutes: 60,
    },
    'totals: A–E handled once each',
  );
  t.match(
    agents.definitions.join(' '),
    /Удовлетворённость — средняя оценка \(1–5\) в опросах удовлетворённости/,
    'the definitions say what the satisfaction figures are',
  );

  const clients = await clientsReportFor(d.ctx(), november);
  // ООО Ромашка: created B, C, D = 3; resolved A, B, C = 3. Reaction: B met, C breached → ½. Resolution: A
  // and B met, C breached → ⅔. Breaches 2. Package: November's period, 600 granted, 90 + 30 used.
  // Expiring: romashka.ru (20 Dec, within 30 days of 30 Nov). Hotel Volga: E created and resolved, no SLA.
  // Bakery has nothing: not listed. Clients sort in Russian collation (Cyrillic first).
  t.strictSame(
    clients.report.rows.map(({ organizationId: _id, ...r }) => r),
    [
      {
        organizationName: 'ООО Ромашка',
        created: 3,
        resolved: 3,
        reactionCompliance: 0.5,
        resolutionCompliance: 2 / 3,
        breaches: 2,
        packageGrantedMinutes: 600,
        packageUsedMinutes: 120,
        expiringServices: 1,
        satisfactionAverage: null,
        satisfactionAnswers: 0,
      },
      {
        organizationName: 'Hotel Volga',
        created: 1,
        resolved: 1,
        reactionCompliance: null,
        resolutionCompliance: null,
        breaches: 0,
        packageGrantedMinutes: null,
        packageUsedMinutes: null,
        expiringServices: 0,
        satisfactionAverage: null,
        satisfactionAnswers: 0,
      },
    ],
  );
  t.same(
    clients.report.expiring.map((e) => [e.organizationName, e.name, e.expiresOn]),
    [['ООО Ромашка', 'romashka.ru', '2026-12-20']],
  );

  const pack = await clientPackFor(d.ctx(), { ...november, agreementId: d.prepaid.id, language: 'ru' });
  t.same(
    pack.pack.tickets.map((x) => x.subject),
    ['A', 'B', 'C', 'D'],
    'A (resolved in November), B, C and D; E is not under the agreement',
  );
  const p = (priority: string) => pack.pack.sla.rows.find((r) => r.priority === priority)!;
  t.same([p('P1').reactionBreached, p('P1').resolutionBreached], [1, 1], 'P1: C missed both');
  t.same([p('P2').reactionMet, p('P2').resolutionMet], [1, 1], 'P2: B met both');
  t.same([p('P3').resolutionMet, p('P3').reactionMet], [1, 0], 'P3: A resolved in time; its reply was October');
  t.same(
    pack.pack.breaches.map((b) => b.explanation),
    [
      'Реакция просрочена на 30 раб. мин: срок 11.11 11:00, ответ 11.11 11:30',
      'Решение просрочено на 2 ч 15 раб. мин: срок 12.11 18:00, решена 13.11 11:15; пауза 9 раб. ч не в счёт',
    ],
  );
  t.same(
    pack.pack.packages.map((x) => [x.start, x.end, x.grantedMinutes, x.usedMinutes, x.balanceMinutes]),
    [['2026-11-01', '2026-11-30', 600, 120, 480]],
  );
  t.same(
    pack.pack.hours.map((h) => [h.agentName, h.minutes, h.billableMinutes]),
    [
      ['Eng', 150, 90],
      ['Мария Петрова', 30, 30],
    ],
  );
  const en = await clientPackFor(d.ctx(), { ...november, agreementId: d.prepaid.id, language: 'en' });
  t.equal(
    en.pack.breaches[1]!.explanation,
    'Resolution late by 2 h 15 business min: due 12.11 18:00, resolved 13.11 11:15; paused 9 business h, not counted',
  );

  // The pack as a PDF: pdftotext finds the figures and the Cyrillic breach sentence.
  const output = await reportOutput(d.ctx(), 'client-pack', { ...november, agreementId: d.prepaid.id, language: 'ru' });
  const pdf = (await reportRenderers.pdf!.render(output)) as Buffer;
  const dir = mkdtempSync(join(tmpdir(), 'pack-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'pack.pdf'), pdf);
  const text = execFileSync('pdftotext', ['-layout', join(dir, 'pack.pdf'), '-'], { encoding: 'utf8' }).replace(
    /\s+/g,
    ' ',
  );
  t.match(text, /Ежемесячный отчёт об обслуживании/);
  t.match(text, /Решение просрочено на 2 ч 15 раб\. мин: срок 12\.11 18:00, решена 13\.11 11:15/);
  t.match(text, /Часы и пакет/);
});
