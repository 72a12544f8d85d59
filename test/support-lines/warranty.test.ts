import t from 'tap';
import fc from 'fast-check';
import { testDesk } from '../helpers/app.js';
import { makeCalendar, makeOrganization, makeService, makeTicket } from '../helpers/factories.js';
import { fixedClock } from '../../server/shared/clock.js';
import {
  addMonthsToDate,
  chooseWarranty,
  decodeReason,
  encodeReason,
  isUnderWarranty,
  warrantyEnd,
} from '../../server/modules/sla/agreement-choice.js';

t.test('warranty periods: months from the delivery date, the end day itself no longer covered', async (t) => {
  t.equal(addMonthsToDate('2026-03-15', 12), '2027-03-15');
  t.equal(addMonthsToDate('2026-01-31', 1), '2026-02-28', 'a day the month lacks becomes its last');
  t.equal(addMonthsToDate('2028-01-31', 1), '2028-02-29', 'leap year');
  t.equal(addMonthsToDate('2026-11-30', 3), '2027-02-28', 'across the year');
  const w = { agreementId: 1, warrantyStart: '2026-03-15', warrantyMonths: 12 };
  t.equal(warrantyEnd(w), '2027-03-15');
  t.notOk(isUnderWarranty(w, '2026-03-14'), 'before the delivery');
  t.ok(isUnderWarranty(w, '2026-03-15'), 'on the delivery day');
  t.ok(isUnderWarranty(w, '2027-03-14'), 'on its last day');
  t.notOk(isUnderWarranty(w, '2027-03-15'), 'the day after it');
  const old = { agreementId: 2, warrantyStart: '2024-01-10', warrantyMonths: 12 };
  const ahead = { agreementId: 3, warrantyStart: '2030-01-01', warrantyMonths: 12 };
  t.same(chooseWarranty([old, w, ahead], '2026-06-01'), { covering: w, lapsed: old });
  t.same(chooseWarranty([old, w, ahead], '2027-06-01'), { covering: null, lapsed: w }, 'the latest lapse explains');
  t.same(chooseWarranty([ahead], '2026-06-01'), { covering: null, lapsed: null }, 'a future warranty says nothing');
  for (const r of [
    { code: 'warranty', until: '2027-03-15' },
    { code: 'after_warranty', ended: '2027-03-15' },
    { code: 'service' },
    { code: 'organization' },
  ] as const)
    t.same(decodeReason(encodeReason(r)), r);
  t.equal(decodeReason('nonsense'), null);
});

t.test('property: a day is under warranty exactly when delivery ≤ day < delivery + months', async (t) => {
  const day = fc
    .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  fc.assert(
    fc.property(day, fc.integer({ min: 1, max: 60 }), day, (start, months, at) => {
      const w = { agreementId: 1, warrantyStart: start, warrantyMonths: months };
      const end = warrantyEnd(w);
      const { covering, lapsed } = chooseWarranty([w], at);
      return (
        end > start &&
        isUnderWarranty(w, at) === (start <= at && at < end) &&
        (covering !== null) === isUnderWarranty(w, at) &&
        (lapsed !== null) === end <= at
      );
    }),
    { numRuns: 500 },
  );
  t.pass('500 warranties and days');
});

t.test(
  'a ticket on a product picks the warranty agreement inside the warranty and the paid one after it',
  async (t) => {
    const clock = fixedClock('2026-06-01T09:00:00Z');
    const desk = await testDesk(t, { clock });
    const admin = await desk.agent('admin');
    const calendar = await makeCalendar(admin);
    const org = await makeOrganization(admin);
    const product = await makeService(admin, { name: 'Ondesk Server' });
    const other = await makeService(admin, { name: 'Hosting' });
    const agreement = async (fields: Record<string, unknown>) => {
      const res = await admin.post('/api/v1/agreements', {
        organizationId: org.id,
        calendarId: calendar.id,
        title: 'Support',
        start: '2025-07-01',
        end: '2026-12-31',
        ...fields,
      });
      t.equal(res.statusCode, 201, res.body);
      return res.json() as {
        id: number;
        status: string;
        productServiceId: number | null;
        warrantyMonths: number | null;
      };
    };
    const paid = await agreement({
      number: 'P-1',
      tier: '8x5',
      kind: 'commercial',
      serviceIds: [product.id, other.id],
    });
    const warranty = await agreement({
      number: 'W-1',
      tier: 'premium',
      kind: 'warranty',
      serviceIds: [],
      productServiceId: product.id,
      productVersion: '2.3',
      warrantyStart: '2025-07-01',
      warrantyMonths: 12,
    });
    t.same([paid.status, warranty.status], ['active', 'active']);
    t.same([warranty.productServiceId, warranty.warrantyMonths], [product.id, 12], 'the agreement shows its warranty');

    const bad = await admin.post('/api/v1/agreements', {
      organizationId: org.id,
      calendarId: calendar.id,
      number: 'P-2',
      title: 'Paid',
      start: '2026-01-01',
      end: '2026-12-31',
      tier: '8x5',
      serviceIds: [],
      warrantyStart: '2026-01-01',
    });
    t.equal(bad.statusCode, 400, 'only a warranty agreement has a warranty');
    t.match(bad.json().detail, /Only a warranty agreement/);
    const noStart = await admin.post('/api/v1/agreements', {
      organizationId: org.id,
      calendarId: calendar.id,
      number: 'W-2',
      title: 'Warranty',
      start: '2026-01-01',
      end: '2026-12-31',
      tier: '8x5',
      kind: 'warranty',
      serviceIds: [],
      productServiceId: product.id,
    });
    t.equal(noStart.statusCode, 400);
    t.match(noStart.json().detail, /delivery date/);

    const inside = await makeTicket(admin, org.id, { serviceId: product.id });
    t.equal(inside.agreementId, warranty.id, 'inside the warranty: the warranty agreement');
    const insideView = (await admin.get(`/api/v1/tickets/${inside.id}/support-line`)).json();
    t.same(insideView.agreement.reason, {
      code: 'warranty',
      until: '2026-07-01',
      text: 'The product is under warranty until 2026-07-01 (exclusive): the warranty agreement applies',
    });
    t.same(
      [insideView.agreement.kind, insideView.agreement.productName, insideView.agreement.productVersion],
      ['warranty', 'Ondesk Server', '2.3'],
    );

    const hosting = await makeTicket(admin, org.id, { serviceId: other.id });
    t.equal(hosting.agreementId, paid.id, 'another service: the paid agreement that covers it');
    const plain = await makeTicket(admin, org.id);
    t.equal(plain.agreementId, paid.id, 'a product warranty never covers tickets without its product');
    t.equal((await admin.get(`/api/v1/tickets/${plain.id}/support-line`)).json().agreement.reason.code, 'organization');

    // 30 June 23:30 in Moscow is still the warranty's last day; 1 July 00:30 is after it.
    clock.set('2026-06-30T20:30:00Z');
    t.equal((await makeTicket(admin, org.id, { serviceId: product.id })).agreementId, warranty.id, 'its last day');
    clock.set('2026-06-30T21:30:00Z');
    const after = await makeTicket(admin, org.id, { serviceId: product.id });
    t.equal(after.agreementId, paid.id, 'after the warranty: the paid agreement');
    const afterView = (await admin.get(`/api/v1/tickets/${after.id}/support-line`)).json();
    t.same(afterView.agreement.reason, {
      code: 'after_warranty',
      ended: '2026-07-01',
      text: "The product's warranty ended on 2026-07-01: the paid support agreement applies",
    });
    t.same([afterView.agreement.number, afterView.agreement.kind], ['P-1', 'commercial']);

    const moved = await admin.patch(`/api/v1/tickets/${after.id}`, { agreementId: warranty.id });
    t.equal(moved.statusCode, 200, moved.body);
    t.same(
      (await admin.get(`/api/v1/tickets/${after.id}/support-line`)).json().agreement.reason,
      { code: 'manual', text: 'Chosen for this ticket by an agent' },
      'an agreement chosen by hand is said to be',
    );
  },
);
