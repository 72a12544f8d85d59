/**
 * Pricing against a real SQLite file: which card wins (and the agreement's own hourly rate), surcharges by
 * the agreement's calendar or the built-in Moscow one, discounts by date and scope, cost rate history, and
 * priceWork joining a caller's transaction.
 */
import t from 'tap';
import { inTransaction } from '../../server/context.js';
import { priceWork, type WorkToPrice } from '../../server/modules/rates/index.js';
import * as rates from '../../server/modules/rates/rates.service.js';
import { createCalendar } from '../../server/modules/calendars/calendars.service.js';
import { agreementDesk, rejects, weekdays } from '../agreements/helpers.js';

t.test('pricing work', async (t) => {
  const desk = await agreementDesk(t);
  const { ctx, org, support, network, managerRow, engineer } = desk;
  const agreement = await desk.agreement({ hourRate: 1500.5 });
  const work = (fields: Partial<WorkToPrice> = {}): WorkToPrice => ({
    organizationId: org.id,
    agreementId: agreement.id,
    serviceId: support.id,
    agentId: engineer.kind === 'agent' ? engineer.id : 0,
    startedAt: null,
    endedAt: null,
    workDate: '2026-04-07', // a Tuesday
    minutes: 90,
    billedMinutes: 90,
    ...fields,
  });
  const price = (fields: Partial<WorkToPrice> = {}) => priceWork(ctx(), work(fields));

  t.test('rates: most specific wins, the agreement’s hourly rate stands in for its own card', async (t) => {
    t.match(await price({ agreementId: null }), { rateKopecks: null, rateSource: null, amountKopecks: 0 });
    t.match(await price(), { rateKopecks: 150_050, rateSource: 'agreement', amountKopecks: 225_075 });
    const deskCard = await rates.createCard(ctx(), { rateKopecks: 200_000 });
    t.match(await price({ agreementId: null }), { rateKopecks: 200_000, rateSource: 'desk' });
    await rates.createCard(ctx(), { agentId: managerRow.id, rateKopecks: 400_000 });
    t.match(await price({ agreementId: null }), { rateSource: 'desk' }, 'another agent’s card never applies');
    await rates.createCard(ctx(), { serviceId: support.id, rateKopecks: 250_000 });
    t.match(await price({ agreementId: null }), { rateKopecks: 250_000, rateSource: 'service' });
    t.match(await price({ agreementId: null, serviceId: network.id }), { rateSource: 'desk' });
    t.match(await price(), { rateKopecks: 150_050, rateSource: 'agreement' }, 'the agreement beats the service');
    const own = await rates.createCard(ctx(), { agreementId: agreement.id, rateKopecks: 180_000 });
    t.match(await price(), { rateKopecks: 180_000, rateSource: 'agreement' }, 'its own card beats the hourly rate');
    await rates.createCard(ctx(), { agreementId: agreement.id, serviceId: support.id, rateKopecks: 190_000 });
    t.match(await price(), { rateKopecks: 190_000, rateSource: 'agreement+service' });
    t.match(await price({ rateKopecks: 99_900 }), { rateKopecks: 99_900, rateSource: 'override' });
    const resolved = await rates.resolveCard(ctx(), { agreementId: agreement.id, serviceId: network.id });
    t.equal(resolved?.cardId, own.id);
    t.equal(resolved?.source, 'agreement');
    await rejects(t, rates.createCard(ctx(), { rateKopecks: 1 }), 409, /already a rate for the desk default/);
    await rejects(t, rates.createCard(ctx(engineer), { rateKopecks: 1 }), 403, /engineer/);
    await rejects(t, rates.createCard(ctx(), { agreementId: 9999, rateKopecks: 1 }), 404, /Agreement 9999/);
    const changed = await rates.updateCard(ctx(), deskCard.id, { rateKopecks: 210_000 });
    t.equal(changed.rate_kopecks, 210_000);
    await rates.deleteCard(ctx(), own.id);
    t.match(await price({ serviceId: network.id }), { rateKopecks: 150_050, rateSource: 'agreement' });
  });

  t.test('multipliers: weekend by the agreement’s calendar, nights split the interval', async (t) => {
    await rates.putMultipliers(ctx(), {
      nightPercent: 200,
      weekendPercent: 150,
      holidayPercent: 250,
      nightStart: '22:00',
      nightEnd: '08:00',
    });
    const base = { serviceId: network.id, minutes: 60, billedMinutes: 60 };
    t.match(await price(base), { multiplierPercent: 100, amountKopecks: 150_050 }, 'a Tuesday');
    t.match(await price({ ...base, workDate: '2026-04-11' }), { multiplierPercent: 150, amountKopecks: 225_075 });
    // Tuesday 20:00–24:00 in Moscow: half of it is night.
    t.match(
      await price({ ...base, startedAt: '2026-04-07T17:00:00Z', endedAt: '2026-04-07T21:00:00Z', billedMinutes: 240 }),
      { multiplierPercent: 150, amountKopecks: 150_050 * 4 * 1.5 },
    );
    // Without an agreement: Moscow, Monday to Friday, the Russian public holidays (1 May is a Friday).
    await rates.createCard(ctx(), { agreementId: null, serviceId: network.id, rateKopecks: 100_000 });
    const loose = { ...base, agreementId: null };
    t.match(await price({ ...loose, workDate: '2026-05-01' }), { multiplierPercent: 250, amountKopecks: 250_000 });
    t.match(await price({ ...loose, workDate: '2026-05-04' }), { multiplierPercent: 100 });
    // The agreement's own override wins over the desk's.
    await rates.putMultipliers(ctx(), {
      agreementId: agreement.id,
      nightPercent: 100,
      weekendPercent: 300,
      holidayPercent: 100,
      nightStart: '23:00',
      nightEnd: '07:00',
    });
    t.match(await price({ ...base, workDate: '2026-04-11' }), { multiplierPercent: 300 });
    t.match(await rates.getMultipliers(ctx(), agreement.id), { own: true, weekendPercent: 300 });
    await rates.deleteMultipliers(ctx(), agreement.id);
    t.match(await rates.getMultipliers(ctx(), agreement.id), { own: false, weekendPercent: 150 });
    // A calendar's own holiday counts as a holiday.
    const cal = await createCalendar(desk.system, {
      name: 'With a holiday',
      timezone: 'Asia/Yekaterinburg',
      week: weekdays([['09:00', '18:00']]),
      holidays: ['2026-04-08'],
    });
    const other = await desk.agreement({ number: '2026-015', calendarId: cal.id, hourRate: 1000 });
    t.match(await price({ ...base, agreementId: other.id, workDate: '2026-04-08' }), {
      multiplierPercent: 250,
      amountKopecks: 250_000,
    });
  });

  t.test('discounts: the agreement’s valid one wins over the organization’s', async (t) => {
    const base = { serviceId: network.id, minutes: 60, billedMinutes: 60 };
    await rates.createDiscount(ctx(), { organizationId: org.id, percentBp: 1000, validFrom: '2026-01-01' });
    await rates.createDiscount(ctx(), {
      agreementId: agreement.id,
      percentBp: 2500,
      validFrom: '2026-04-10',
      validTo: '2026-04-20',
    });
    t.match(await price(base), { discountBp: 1000, amountKopecks: 135_045 });
    t.match(await price({ ...base, workDate: '2026-04-14' }), { discountBp: 2500, amountKopecks: 112_538 });
    t.match(await price({ ...base, workDate: '2026-04-21' }), { discountBp: 1000 });
    await rejects(
      t,
      rates.createDiscount(ctx(), {
        agreementId: agreement.id,
        organizationId: org.id,
        percentBp: 1,
        validFrom: '2026-01-01',
      }),
      400,
      /either to an agreement or to an organization/,
    );
    await rejects(
      t,
      rates.createDiscount(ctx(), {
        organizationId: org.id,
        percentBp: 1,
        validFrom: '2026-02-01',
        validTo: '2026-01-01',
      }),
      400,
      /ends \(2026-01-01\) before it starts/,
    );
    const listed = await rates.listDiscounts(ctx(), { organizationId: org.id, limit: 50 });
    t.equal(listed.items.length, 1);
    t.equal(listed.items[0]!.organization_name, org.name);
    const first = await rates.listDiscounts(ctx(), { limit: 1 });
    t.equal(first.items[0]!.valid_from, '2026-04-10', 'latest first');
    const second = await rates.listDiscounts(ctx(), { limit: 1, cursor: first.nextCursor! });
    t.equal(second.items[0]!.valid_from, '2026-01-01');
    t.equal(second.nextCursor, null);
  });

  t.test('cost: the agent’s rate valid on the work date, on minutes worked', async (t) => {
    const agentId = engineer.kind === 'agent' ? engineer.id : 0;
    t.match(await price(), { costKopecks: 0 }, 'no cost rate yet');
    await rates.addCostRate(ctx({ kind: 'system', name: 'test' }), agentId, {
      rateKopecks: 60_000,
      validFrom: '2026-01-01',
    });
    await rates.addCostRate(ctx({ kind: 'system', name: 'test' }), agentId, {
      rateKopecks: 90_000,
      validFrom: '2026-04-10',
    });
    t.match(await price({ minutes: 45, billedMinutes: 60 }), { costKopecks: 45_000 });
    t.match(await price({ minutes: 45, billedMinutes: 60, workDate: '2026-04-10' }), { costKopecks: 67_500 });
    await rejects(t, rates.listCostRates(ctx(), agentId), 403, /manager role may not do this \(cost.read\)/);
    const quoted = await rates.quote(ctx(), { agreementId: agreement.id, workDate: '2026-04-10', minutes: 60 });
    t.notOk('costKopecks' in quoted, 'a manager’s quote has no cost');
  });

  t.test('priceWork joins the caller’s transaction', async (t) => {
    const priced = await inTransaction(ctx(), (tx) => priceWork(tx, work()));
    t.equal(priced.rateSource, 'agreement+service');
  });
});
