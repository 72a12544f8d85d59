/**
 * Money over documents issued by the documents module itself: an act of real work, paid by a payment matched
 * to its invoice; then a storno — balances, the statement, profit and the engineer's share follow each step.
 */
import t from 'tap';
import { fixedClock } from '../../server/shared/clock.js';
import { testDesk } from '../helpers/app.js';
import { makeOrganization, makeTicket } from '../helpers/factories.js';

t.test('invoice → act → payment → storno, as the books see it', async (t) => {
  const clock = fixedClock('2026-12-20T09:00:00Z');
  const desk = await testDesk(t, { clock });
  const admin = await desk.agent('admin');
  const accountant = await desk.agent('accountant');
  const engineer = await desk.agent('engineer');
  const ok = async (res: { statusCode: number; body: string; json(): any }, status = 201) => {
    t.equal(res.statusCode, status, res.body);
    return res.json();
  };
  const entity = await ok(
    await accountant.post('/api/v1/legal-entities', {
      name: 'Общество с ограниченной ответственностью «Ондеск Сервис»',
      shortName: 'ООО «Ондеск Сервис»',
      inn: '7704123450',
      kpp: '770401001',
      address: '119021, г. Москва, ул. Льва Толстого, д. 16',
      bankName: 'ПАО Сбербанк',
      bik: '044525225',
      corrAccount: '30101810400000000225',
      settlementAccount: '40702810603800001234',
      directorName: 'Соколов Андрей Петрович',
      directorPosition: 'Генеральный директор',
    }),
  );
  const org = await makeOrganization(admin, { name: 'Ромашка', taxId: '5047123455' });
  await ok(await admin.post('/api/v1/rate-cards', { rateKopecks: 300_000 }));
  await ok(
    await admin.post(`/api/v1/agents/${engineer.agentId}/cost-rates`, { rateKopecks: 60_000, validFrom: '2026-01-01' }),
  );
  const ticket = await makeTicket(admin, org.id);
  // Two hours on Wednesday 2 December, 10:00–12:00 Moscow: 6 000 ₽ at the desk rate, 1 200 ₽ of cost.
  await ok(
    await engineer.post('/api/v1/worklogs', {
      ticketId: ticket.id,
      startedAt: '2026-12-02T07:00:00Z',
      endedAt: '2026-12-02T09:00:00Z',
      billable: true,
    }),
  );
  const invoice = await ok(
    await accountant.post('/api/v1/invoices', {
      organizationId: org.id,
      entityId: entity.id,
      from: '2026-12-01',
      to: '2026-12-31',
      include: ['worklogs'],
      date: '2026-12-03',
    }),
  );
  t.match(invoice, { netKopecks: 600_000, vatKopecks: 132_000, totalKopecks: 732_000 });
  const act = await ok(
    await accountant.post('/api/v1/acts', {
      organizationId: org.id,
      entityId: entity.id,
      invoiceId: invoice.id,
      date: '2026-12-05',
    }),
  );
  t.equal(act.totalKopecks, 732_000);
  const payment = await ok(
    await accountant.post('/api/v1/payments', {
      invoiceId: invoice.id,
      date: '2026-12-08',
      amountKopecks: 732_000,
      paymentNumber: '55',
    }),
  );
  t.match(payment, {
    organizationId: org.id,
    invoiceId: invoice.id,
    invoiceNumber: invoice.number,
    entityId: entity.id,
  });

  const balance = async (at: string) =>
    (await accountant.get(`/api/v1/organizations/${org.id}/balance?at=${at}`)).json().balanceKopecks;
  t.same(
    [await balance('2026-12-04'), await balance('2026-12-05'), await balance('2026-12-08')],
    [0, 732_000, 0],
    'the invoice is no debt; the act is; the payment settles it',
  );

  await ok(
    await accountant.request('PUT', `/api/v1/salaries/formulas/${engineer.agentId}`, {
      fixedKopecks: 0,
      perBillableHourKopecks: 0,
      revenuePercentBp: 1_000,
    }),
    200,
  );
  const share = async () =>
    (await accountant.get(`/api/v1/salaries?month=2026-12&agentId=${engineer.agentId}`)).json().items[0];
  t.match(
    await share(),
    { billableMinutes: 120, revenueKopecks: 600_000, revenueShareKopecks: 60_000 },
    '10 % of the act’s 6 000 ₽',
  );
  const profit = (await accountant.get('/api/v1/reports/profit?from=2026-12-01&to=2026-12-31')).json();
  t.match(profit.items, [
    {
      organizationId: org.id,
      revenueKopecks: 600_000,
      costKopecks: 120_000,
      profitKopecks: 480_000,
      marginPercent: 80,
    },
  ]);

  // The act is reversed on the 15th: the client has paid for nothing, and the engineer's share goes back.
  const storno = await ok(await accountant.post(`/api/v1/acts/${act.id}/storno`, { date: '2026-12-15' }));
  t.equal(storno.totalKopecks, -732_000);
  t.equal(await balance('2026-12-15'), -732_000, 'paid ahead once the act is gone');
  const statement = (
    await accountant.get(`/api/v1/organizations/${org.id}/reconciliation?from=2026-12-01&to=2026-12-31`)
  ).json();
  t.same(
    statement.rows.map((r: { document: string; debitKopecks: number; creditKopecks: number }) => [
      r.document,
      r.debitKopecks,
      r.creditKopecks,
    ]),
    [
      [`Акт № ${act.number} от 05.12.2026`, 732_000, 0],
      ['Оплата, п/п № 55 от 08.12.2026', 0, 732_000],
      [`Сторно акта № ${storno.number} от 15.12.2026`, -732_000, 0],
    ],
  );
  t.equal(statement.closingBalanceKopecks, -732_000);
  t.match(
    await share(),
    { revenueKopecks: 0, revenueShareKopecks: 0 },
    'the storno takes the act’s revenue back from the same engineer',
  );
  const after = (await accountant.get('/api/v1/reports/profit?from=2026-12-01&to=2026-12-31')).json();
  t.match(after.items, [
    { organizationId: org.id, revenueKopecks: 0, costKopecks: 120_000, profitKopecks: -120_000, marginPercent: null },
  ]);
});

t.test('an act of November reversed in December: November keeps its share, December gives it back', async (t) => {
  const clock = fixedClock('2026-12-20T09:00:00Z');
  const desk = await testDesk(t, { clock });
  const admin = await desk.agent('admin');
  const accountant = await desk.agent('accountant');
  const engineer = await desk.agent('engineer');
  const created = await accountant.post('/api/v1/legal-entities', {
    name: 'Общество с ограниченной ответственностью «Ондеск Сервис»',
    shortName: 'ООО «Ондеск Сервис»',
    inn: '7704123450',
    kpp: '770401001',
    address: 'г. Москва',
    bankName: 'ПАО Сбербанк',
    bik: '044525225',
    corrAccount: '30101810400000000225',
    settlementAccount: '40702810603800001234',
    directorName: 'Соколов Андрей Петрович',
    directorPosition: 'Генеральный директор',
  });
  t.equal(created.statusCode, 201, created.body);
  const entity = created.json();
  const org = await makeOrganization(admin, { name: 'Вектор', taxId: '7810123451' });
  await admin.post('/api/v1/rate-cards', { rateKopecks: 300_000 });
  const ticket = await makeTicket(admin, org.id);
  const logged = await engineer.post('/api/v1/worklogs', {
    ticketId: ticket.id,
    workDate: '2026-11-20',
    minutes: 60,
    billable: true,
  });
  t.equal(logged.statusCode, 201, logged.body);
  const act = await accountant.post('/api/v1/acts', {
    organizationId: org.id,
    entityId: entity.id,
    from: '2026-11-01',
    to: '2026-11-30',
    include: ['worklogs'],
    date: '2026-11-30',
  });
  t.equal(act.statusCode, 201, act.body);
  t.equal(act.json().netKopecks, 300_000);
  const storno = await accountant.post(`/api/v1/acts/${act.json().id}/storno`, { date: '2026-12-10' });
  t.equal(storno.statusCode, 201, storno.body);
  await accountant.request('PUT', `/api/v1/salaries/formulas/${engineer.agentId}`, {
    fixedKopecks: 0,
    perBillableHourKopecks: 0,
    revenuePercentBp: 1_000,
  });
  const month = async (m: string) =>
    (await accountant.get(`/api/v1/salaries?month=${m}&agentId=${engineer.agentId}`)).json().items[0];
  t.match(await month('2026-11'), { revenueKopecks: 300_000, revenueShareKopecks: 30_000 });
  t.match(
    await month('2026-12'),
    { minutes: 0, revenueKopecks: -300_000, revenueShareKopecks: -30_000 },
    'the storno’s lines still name the work it reverses',
  );
});
