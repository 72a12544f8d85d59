import t from 'tap';
import { timeDesk } from './helpers.js';
import { logWork, editWork, deleteWork, listWork } from '../../server/modules/worklogs/worklogs.service.js';
import { startTimer, stopTimer, currentTimer } from '../../server/modules/worklogs/timers.js';
import { agreementPackage, setTimeTerms } from '../../server/modules/packages/packages.service.js';
import { defaultTimeTerms } from '../../server/modules/packages/time-terms.js';
import { rejects } from '../agreements/helpers.js';

t.test(
  'work logged on a prepaid-hours ticket is rounded, consumes the package, and the balance is the ledger',
  async (t) => {
    const d = await timeDesk(t);
    await setTimeTerms(d.ctx(), d.prepaid.id, { ...defaultTimeTerms, roundQuantumMinutes: 15 });
    const ticket = await d.ticket();
    t.equal(ticket.agreement_id, d.prepaid.id, 'ticket is on the agreement');
    const eng = d.ctx(d.engineer);
    const w = await logWork(eng, { ticketId: ticket.id, minutes: 20, comment: 'Разобрался с проводками' });
    t.equal(w.billed_minutes, 30, '20 min rounds up to 30 by the quarter hour');
    t.equal(w.billable, 1);
    t.equal(w.package_minutes, 30);
    t.equal(w.overage_minutes, 0);
    let p = await agreementPackage(d.ctx(), d.prepaid.id);
    t.equal(p.period?.key, '2026-12');
    t.equal(p.grantedMinutes, 600);
    t.equal(p.usedMinutes, 30);
    t.equal(p.balanceMinutes, 570);

    const edited = await editWork(eng, w.id, { minutes: 50 });
    t.equal(edited.billed_minutes, 60);
    p = await agreementPackage(d.ctx(), d.prepaid.id);
    t.equal(p.balanceMinutes, 540, 'an edit replaces the consumption, never adds to it');
    await editWork(eng, w.id, { comment: 'only the comment' });
    const after = (await agreementPackage(d.ctx(), d.prepaid.id)).ledger.length;
    t.equal(after, p.ledger.length, 'a comment change does not touch the ledger');

    await deleteWork(eng, w.id);
    p = await agreementPackage(d.ctx(), d.prepaid.id);
    t.equal(p.balanceMinutes, 600, 'deleting gives the minutes back');
    t.same(p.ledger.map((l) => l.kind).sort(), ['consume', 'consume', 'correction', 'correction', 'grant']);

    const nonBillable = await logWork(eng, { ticketId: ticket.id, minutes: 45, billable: false });
    t.equal(nonBillable.package_minutes, 0);
    t.equal((await agreementPackage(d.ctx(), d.prepaid.id)).balanceMinutes, 600, 'non-billable work never consumes');

    const page = await listWork(eng, { ticketId: ticket.id, limit: 10 });
    t.equal(page.items.length, 1);
    t.equal(page.totals.minutes, 45);
  },
);

t.test('over-consumption is refused or billed at the overage rate, as the agreement says', async (t) => {
  const d = await timeDesk(t);
  const ticket = await d.ticket();
  const eng = d.ctx(d.engineer);
  await setTimeTerms(d.ctx(), d.prepaid.id, { ...defaultTimeTerms, overage: 'refuse' });
  await logWork(eng, { ticketId: ticket.id, minutes: 590 });
  await rejects(t, logWork(eng, { ticketId: ticket.id, minutes: 20 }), 409, /has 10 min left/);
  t.equal((await agreementPackage(d.ctx(), d.prepaid.id)).balanceMinutes, 10, 'the refused work left nothing behind');
  await setTimeTerms(d.ctx(), d.prepaid.id, { ...defaultTimeTerms, overage: 'bill', overageRateKopecks: 300_000 });
  const over = await logWork(eng, { ticketId: ticket.id, minutes: 70 });
  t.equal(over.package_minutes, 10);
  t.equal(over.overage_minutes, 60);
  t.equal(over.rate_kopecks, 300_000);
  t.equal(over.amount_kopecks, 300_000, 'an hour over the package at 3 000 ₽');
  t.equal((await agreementPackage(d.ctx(), d.prepaid.id)).balanceMinutes, -60);
});

t.test('a timer is one per agent, survives a restart of the installation and logs the measured work', async (t) => {
  const d = await timeDesk(t);
  const a = await d.ticket('Первая');
  const b = await d.ticket('Вторая');
  const eng = d.ctx(d.engineer);
  await startTimer(eng, a.id);
  d.clock.advance(25 * 60_000);
  await rejects(t, startTimer(eng, b.id), 409, /timer runs on ticket/);
  const switched = await startTimer(eng, b.id, { stopRunning: true });
  t.equal(switched.stopped?.minutes, 25, 'the first timer was stopped and logged');
  t.equal(switched.timer.ticket_id, b.id);
  t.equal((await currentTimer(eng))?.ticket_id, b.id);
  d.clock.advance(10 * 60_000);
  const logged = await stopTimer(eng, b.id, { comment: 'Готово' });
  t.equal(logged?.minutes, 10);
  t.equal(await currentTimer(eng), null);
  await startTimer(eng, a.id);
  d.clock.advance(40_000);
  t.equal((await stopTimer(eng, a.id, {}))?.minutes, 1, 'a timer stopped on purpose logs at least a minute');
  await startTimer(eng, a.id);
  d.clock.advance(20_000);
  t.equal(
    (await startTimer(eng, b.id, { stopRunning: true })).stopped,
    null,
    'switched within a minute: a mistake, nothing logged',
  );
  t.equal(await stopTimer(eng, b.id, { discard: true }), null, 'discarded on purpose');
  t.equal(await currentTimer(eng), null);
  await rejects(t, stopTimer(eng, b.id, {}), 409, /does not run/);
});
