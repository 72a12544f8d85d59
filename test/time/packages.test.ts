import t from 'tap';
import fc from 'fast-check';
import { openInstallation } from '../../server/installation.js';
import { timeDesk } from './helpers.js';
import { sqliteOnly } from '../helpers/installation.js';
import { outbox } from '../agreements/helpers.js';
import { deleteWork, editWork, logWork } from '../../server/modules/worklogs/worklogs.service.js';
import { agreementPackage, packagePeriodsJob, setTimeTerms } from '../../server/modules/packages/packages.service.js';
import { defaultTimeTerms } from '../../server/modules/packages/time-terms.js';
import { createTicket } from '../../server/modules/tickets/index.js';
import { createAgreement } from '../../server/modules/agreements/index.js';
import { ledgerSums, periodSums } from '../../server/modules/packages/packages.repository.js';
import { createService } from '../../server/modules/services/services.service.js';

t.test(
  'property: whatever the order of create, edit and delete, the balance is grants − billed minutes of live billable work',
  async (t) => {
    const d = await timeDesk(t);
    let n = 0;
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('create' as const),
        minutes: fc.integer({ min: 1, max: 300 }),
        billable: fc.boolean(),
      }),
      fc.record({
        kind: fc.constant('edit' as const),
        pick: fc.nat(),
        minutes: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
        billable: fc.option(fc.boolean(), { nil: undefined }),
      }),
      fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 25 }),
        fc.constantFrom(1, 15, 30),
        async (ops, quantum) => {
          // A service of its own, so the new ticket finds this agreement and no earlier one.
          const service = await createService(d.inst.ctx(), { name: `Пакетная услуга ${n + 1}` });
          const a = await createAgreement(d.ctx(), {
            organizationId: d.org.id,
            number: `P-${++n}`,
            title: 'Пакет',
            calendarId: d.moscow.id,
            start: '2026-01-01',
            end: '2027-12-31',
            tier: '8x5',
            kind: 'prepaid_hours',
            hoursPackage: 20,
            serviceIds: [service.id],
          });
          await setTimeTerms(d.ctx(), a.id, { ...defaultTimeTerms, roundQuantumMinutes: quantum });
          const ticket = await createTicket(d.inst.ctx(d.engineer), {
            subject: `Работа ${n}`,
            description: '-',
            organizationId: d.org.id,
            type: 'request',
            priority: 'P3',
            serviceId: service.id,
          });
          const eng = d.ctx(d.engineer);
          const live = new Map<number, { billed: number; billable: boolean }>();
          for (const o of ops) {
            const ids = [...live.keys()];
            if (o.kind === 'create') {
              const w = await logWork(eng, { ticketId: ticket.id, minutes: o.minutes, billable: o.billable });
              live.set(w.id, { billed: w.billed_minutes, billable: o.billable });
            } else if (ids.length && o.kind === 'edit') {
              const id = ids[o.pick % ids.length]!;
              if (o.minutes === undefined && o.billable === undefined) continue;
              const w = await editWork(eng, id, {
                ...(o.minutes !== undefined && { minutes: o.minutes }),
                ...(o.billable !== undefined && { billable: o.billable }),
              });
              live.set(id, { billed: w.billed_minutes, billable: w.billable === 1 });
            } else if (ids.length && o.kind === 'delete') {
              const id = ids[o.pick % ids.length]!;
              await deleteWork(eng, id);
              live.delete(id);
            }
          }
          const p = await agreementPackage(d.ctx(), a.id);
          const consumed = [...live.values()].reduce((s, w) => s + (w.billable ? w.billed : 0), 0);
          const ledgerSum = p.ledger.reduce((s, l) => s + l.minutes, 0);
          const kept = await periodSums(d.inst.database.db, a.id, p.period!.key);
          const summed = await ledgerSums(d.inst.database.db, a.id, p.period!.key);
          return (
            p.balanceMinutes === 1200 - consumed &&
            p.usedMinutes === consumed &&
            ledgerSum === p.balanceMinutes &&
            JSON.stringify(kept) === JSON.stringify(summed)
          );
        },
      ),
      { numRuns: 30 },
    );
    t.pass('30 random histories kept the balance equal to grants − consumption');
  },
);

t.test(
  'periods: a month ends, what is left carries over up to the limit, the rest expires, once however often the job runs',
  async (t) => {
    const d = await timeDesk(t, '2026-11-10T09:00:00Z');
    await setTimeTerms(d.ctx(), d.prepaid.id, { ...defaultTimeTerms, carryRule: 'limited', carryLimitMinutes: 120 });
    const ticket = await d.ticket();
    await logWork(d.ctx(d.engineer), { ticketId: ticket.id, minutes: 300 });
    t.equal((await agreementPackage(d.ctx(), d.prepaid.id)).balanceMinutes, 300);
    d.clock.set('2026-12-01T00:30:00Z'); // 03:30 in Moscow on 1 December
    for (let i = 0; i < 3; i++) await packagePeriodsJob(d.inst.ctx());
    const p = await agreementPackage(d.ctx(), d.prepaid.id);
    t.equal(p.period?.key, '2026-12');
    t.equal(p.grantedMinutes, 600 + 120, 'the grant and two carried hours');
    t.equal(p.balanceMinutes, 720);
    const november = p.periods.find((x) => x.key === '2026-11')!;
    t.equal(november.closed, true);
    t.equal(november.balanceMinutes, 0, 'November carried 120 and expired 180');
    t.same(
      p.ledger
        .filter((l) => l.period_key === '2026-11' && ['carry', 'expire'].includes(l.kind))
        .map((l) => [l.kind, l.minutes])
        .sort(),
      [
        ['carry', -120],
        ['expire', -180],
      ],
    );
    const late = await logWork(d.ctx(d.engineer), { ticketId: ticket.id, minutes: 60, workDate: '2026-11-28' });
    t.equal(late.work_date, '2026-11-28');
    const after = await agreementPackage(d.ctx(), d.prepaid.id);
    t.equal(after.balanceMinutes, 660, 'late work for a closed month is charged to the open one');
  },
);

t.test(
  'work logged after a month ended closes it before the job does: carried, expired and charged to the new month once',
  async (t) => {
    const d = await timeDesk(t, '2026-11-10T09:00:00Z');
    await setTimeTerms(d.ctx(), d.prepaid.id, { ...defaultTimeTerms, carryRule: 'limited', carryLimitMinutes: 120 });
    const ticket = await d.ticket();
    await logWork(d.ctx(d.engineer), { ticketId: ticket.id, minutes: 300 });
    d.clock.set('2026-12-01T00:30:00Z'); // the job has not run since November
    await logWork(d.ctx(d.engineer), { ticketId: ticket.id, minutes: 60 });
    await logWork(d.ctx(d.engineer), { ticketId: ticket.id, minutes: 30 });
    const seen = async () => {
      const p = await agreementPackage(d.ctx(), d.prepaid.id);
      return {
        period: p.period?.key,
        granted: p.grantedMinutes,
        balance: p.balanceMinutes,
        periods: p.periods.map((x) => [x.key, x.closed, x.balanceMinutes]),
        decemberGrants: p.ledger.filter((l) => l.kind === 'grant' && l.period_key === '2026-12').length,
      };
    };
    const expected = {
      period: '2026-12',
      granted: 600 + 120,
      balance: 720 - 90,
      periods: [
        ['2026-11', true, 0],
        ['2026-12', false, 630],
      ],
      decemberGrants: 1,
    };
    t.same(await seen(), expected, 'November closed by the first work of December; the rest charged to December');
    await packagePeriodsJob(d.inst.ctx());
    t.same(await seen(), expected, 'the job finds nothing left to do');
  },
);

t.test(
  "an agreement's latest and first open periods are read from their index, not sorted",
  sqliteOnly("SQLite's query planner"),
  async (t) => {
    const d = await timeDesk(t);
    const sqlite = d.inst.database.sqlite;
    for (const [name, query] of [
      ['latest', 'select * from package_periods where agreement_id = ? order by start_date desc limit ?'],
      [
        'first open',
        'select * from package_periods where agreement_id = ? and closed_at is null order by start_date limit ?',
      ],
    ]) {
      const plan = sqlite
        .prepare(`explain query plan ${query}`)
        .all(1, 1)
        .map((r) => (r as { detail: string }).detail)
        .join('; ');
      t.match(plan, /USING INDEX package_periods_agreement_start/, name);
      t.notMatch(plan, /TEMP B-TREE/, `${name}: no sort`);
    }
  },
);

t.test('threshold and used-up notices go out once per period and person, across job runs and a restart', async (t) => {
  const d = await timeDesk(t);
  const ticket = await d.ticket();
  const eng = d.ctx(d.engineer);
  const packageMail = async (inst = d.inst) =>
    (await outbox(inst))
      .filter((m) => m.dedupe_key?.startsWith('package:'))
      .map((m) => `${m.dedupe_key!.split(':')[3]} → ${m.recipient}`);
  await logWork(eng, { ticketId: ticket.id, minutes: 200, comment: 'Обновление конфигурации' });
  t.same(await packageMail(), [], 'a third used: nothing yet');
  await logWork(eng, { ticketId: ticket.id, minutes: 120 });
  const who = ['manager@desk.example', 'olga@romashka.example', 'john@romashka.example'];
  t.same((await packageMail()).sort(), who.map((w) => `50 → ${w}`).sort(), '50 % to the manager and both recipients');
  for (let i = 0; i < 2; i++) await packagePeriodsJob(d.inst.ctx());
  const dataDir = d.inst.config.dataDir;
  await d.inst.close();
  const inst = await openInstallation({ dataDir, clock: d.clock, env: {}, overrides: { logLevel: 'warn' } });
  t.teardown(() => inst.close());
  await packagePeriodsJob(inst.ctx());
  t.equal((await packageMail(inst)).length, 3, 'nothing again after a restart');
  const again = inst.ctx(d.engineer);
  await logWork(again, { ticketId: ticket.id, minutes: 300, comment: 'Перенос данных' });
  await packagePeriodsJob(inst.ctx());
  const all = await packageMail(inst);
  t.equal(all.filter((m) => m.startsWith('100 ')).length, 3, 'used up: once to each');
  t.equal(all.filter((m) => m.startsWith('80 ')).length, 0, 'jumping past 80 % tells only the highest threshold');
  const usedUp = (await outbox(inst)).find(
    (m) => m.dedupe_key?.includes(':100:') && m.recipient === 'olga@romashka.example',
  )!;
  t.match(usedUp.subject, /пакет часов за декабрь 2026 г?\.? ?израсходован/);
  t.match(usedUp.body, /На что ушли часы:/);
  t.match(usedUp.body, /Обновление конфигурации/);
  t.match(usedUp.body, /Перенос данных/);
  const english = (await outbox(inst)).find(
    (m) => m.dedupe_key?.includes(':100:') && m.recipient === 'john@romashka.example',
  )!;
  t.match(english.subject, /hour package for December 2026 is used up/);
});
