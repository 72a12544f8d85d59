/** Balances at dates, reconciliation statements (JSON and PDF), profit per client, salaries and who sees them. */
import t from 'tap';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { moneyDesk } from './helpers.js';
import { makeOrganization, makeTicket } from '../helpers/factories.js';

const pay = async (
  m: Awaited<ReturnType<typeof moneyDesk>>,
  organizationId: number,
  date: string,
  amountKopecks: number,
  paymentNumber?: string,
) => {
  const res = await m.accountant.post('/api/v1/payments', {
    organizationId,
    date,
    amountKopecks,
    ...(paymentNumber && { paymentNumber }),
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json() as { id: number };
};

t.test('balance at any date: acts (a storno too) minus payments', async (t) => {
  const m = await moneyDesk(t);
  const october = await m.issue('act', m.romashka.id, {
    number: 10,
    date: '2026-10-31',
    netKopecks: 3_000_000,
    vatKopecks: 660_000,
  });
  await m.issue('act', m.romashka.id, { number: 11, date: '2026-11-30', netKopecks: 1_000_000, vatKopecks: 220_000 });
  await m.issue('act', m.romashka.id, {
    number: 12,
    date: '2026-12-05',
    netKopecks: -1_000_000,
    vatKopecks: -220_000,
    correction: 'storno',
    correctsId: october.id,
  });
  await m.issue('invoice', m.romashka.id, { date: '2026-11-01', netKopecks: 9_999_900 });
  await pay(m, m.romashka.id, '2026-11-05', 3_660_000);
  await pay(m, m.vector.id, '2026-11-06', 50_000);
  const at = async (day: string) =>
    (await m.accountant.get(`/api/v1/organizations/${m.romashka.id}/balance?at=${day}`)).json();
  t.same(await at('2026-10-30'), {
    organizationId: m.romashka.id,
    name: 'Ромашка',
    at: '2026-10-30',
    actsKopecks: 0,
    paymentsKopecks: 0,
    balanceKopecks: 0,
  });
  t.match(
    await at('2026-10-31'),
    { actsKopecks: 3_660_000, balanceKopecks: 3_660_000 },
    'an invoice is not a debt; an act is',
  );
  t.match(await at('2026-11-05'), { paymentsKopecks: 3_660_000, balanceKopecks: 0 });
  t.match(await at('2026-11-30'), { balanceKopecks: 1_220_000 });
  t.match(await at('2026-12-05'), { actsKopecks: 3_660_000, balanceKopecks: 0 }, 'the storno takes its part back');
  const today = (await m.accountant.get(`/api/v1/organizations/${m.romashka.id}/balance`)).json();
  t.equal(today.at, '2026-12-20', 'without a date: today');

  const all = (await m.accountant.get('/api/v1/balances?at=2026-11-30')).json();
  t.same(all, {
    at: '2026-11-30',
    items: [
      {
        organizationId: m.romashka.id,
        name: 'Ромашка',
        actsKopecks: 4_880_000,
        paymentsKopecks: 3_660_000,
        balanceKopecks: 1_220_000,
      },
      { organizationId: m.vector.id, name: 'Вектор', actsKopecks: 0, paymentsKopecks: 50_000, balanceKopecks: -50_000 },
    ],
    totalKopecks: 1_170_000,
  });
  const later = (await m.accountant.get('/api/v1/balances?at=2026-12-31')).json();
  t.same(
    later.items.map((i: { name: string }) => i.name),
    ['Вектор'],
    'settled clients are not listed',
  );
  const bad = await m.accountant.get(`/api/v1/organizations/${m.romashka.id}/balance?at=2026-02-30`);
  t.equal(bad.statusCode, 400);
  t.match(bad.json().detail, /"2026-02-30" is not a date/);
  t.equal((await m.accountant.get('/api/v1/organizations/99999/balance')).statusCode, 404);
  t.equal((await m.engineer.get('/api/v1/balances')).statusCode, 403);
});

t.test('reconciliation statement: opening balance, acts and payments line by line, closing; and its PDF', async (t) => {
  const m = await moneyDesk(t);
  await m.issue('act', m.romashka.id, { number: 7, date: '2026-09-30', netKopecks: 1_000_000, vatKopecks: 220_000 });
  await pay(m, m.romashka.id, '2026-10-02', 1_000_000, '311');
  await m.issue('act', m.romashka.id, { number: 8, date: '2026-10-31', netKopecks: 3_000_000, vatKopecks: 660_000 });
  await pay(m, m.romashka.id, '2026-11-10', 3_000_000, '402');
  await m.issue('act', m.romashka.id, { number: 9, date: '2026-11-30', netKopecks: 2_000_000, vatKopecks: 440_000 });
  await m.issue('act', m.romashka.id, { number: 10, date: '2026-12-10', netKopecks: 5_000_000, vatKopecks: 1_100_000 });
  await m.issue('act', m.vector.id, { number: 11, date: '2026-11-30', netKopecks: 7_000_000 });

  const res = await m.accountant.get(
    `/api/v1/organizations/${m.romashka.id}/reconciliation?from=2026-10-01&to=2026-11-30`,
  );
  t.equal(res.statusCode, 200, res.body);
  const s = res.json();
  t.match(s, {
    language: 'ru',
    from: '2026-10-01',
    to: '2026-11-30',
    seller: {
      name: 'Общество с ограниченной ответственностью «Ондеск Сервис»',
      inn: '7704123450',
      director: { position: 'Генеральный директор', shortName: 'Соколов А. П.' },
      accountant: { shortName: 'Иванова М. С.' },
    },
    buyer: { name: 'ООО «Ромашка»', inn: '5047123455' },
    openingBalanceKopecks: 1_220_000,
    debitTurnoverKopecks: 3_660_000 + 2_440_000,
    creditTurnoverKopecks: 4_000_000,
    closingBalanceKopecks: 1_220_000 + 6_100_000 - 4_000_000,
  });
  t.same(s.rows, [
    { date: '2026-10-02', document: 'Оплата, п/п № 311 от 02.10.2026', debitKopecks: 0, creditKopecks: 1_000_000 },
    { date: '2026-10-31', document: 'Акт № 8 от 31.10.2026', debitKopecks: 3_660_000, creditKopecks: 0 },
    { date: '2026-11-10', document: 'Оплата, п/п № 402 от 10.11.2026', debitKopecks: 0, creditKopecks: 3_000_000 },
    { date: '2026-11-30', document: 'Акт № 9 от 30.11.2026', debitKopecks: 2_440_000, creditKopecks: 0 },
  ]);
  const balance = (await m.accountant.get(`/api/v1/organizations/${m.romashka.id}/balance?at=2026-11-30`)).json();
  t.equal(s.closingBalanceKopecks, balance.balanceKopecks, 'the statement closes at the balance of its last day');
  const en = (
    await m.manager.get(
      `/api/v1/organizations/${m.romashka.id}/reconciliation?from=2026-10-01&to=2026-11-30&language=en`,
    )
  ).json();
  t.equal(en.rows[1].document, 'Act No. 8 of 31/10/2026');
  const backwards = await m.accountant.get(
    `/api/v1/organizations/${m.romashka.id}/reconciliation?from=2026-12-01&to=2026-11-01`,
  );
  t.equal(backwards.statusCode, 400);
  t.match(backwards.json().detail, /starts \(2026-12-01\) after it ends/);
  t.equal(
    (await m.engineer.get(`/api/v1/organizations/${m.romashka.id}/reconciliation?from=2026-10-01&to=2026-11-30`))
      .statusCode,
    403,
  );

  const pdf = await m.accountant.get(
    `/api/v1/organizations/${m.romashka.id}/reconciliation.pdf?from=2026-10-01&to=2026-11-30`,
  );
  t.equal(pdf.statusCode, 200, pdf.statusCode === 200 ? '' : pdf.body);
  t.equal(pdf.headers['content-type'], 'application/pdf');
  t.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  const dir = mkdtempSync(join(tmpdir(), 'ondesk-recon-'));
  writeFileSync(join(dir, 's.pdf'), pdf.rawPayload);
  const text = execFileSync('pdftotext', ['-layout', join(dir, 's.pdf'), '-'], { encoding: 'utf8' });
  t.match(text, /Ромашка/);
  t.match(text, /Акт № 8 от 31\.10\.2026/);
  t.match(text, /Акт сверки взаимных расчётов/);
  t.match(text, /33\s200,00/, 'the closing balance');

  // A second entity of ours: its statement with the client shows only its own acts and payments.
  const second = await m.db
    .insertInto('legal_entities')
    .values({
      name: 'ИП Соколов Андрей Петрович',
      short_name: 'ИП Соколов',
      inn: '500100732259',
      kpp: null,
      ogrn: null,
      address: 'г. Москва',
      bank_name: 'ПАО Сбербанк',
      bik: '044525225',
      corr_account: '30101810400000000225',
      settlement_account: '40802810003800005678',
      director_name: 'Соколов Андрей Петрович',
      director_position: 'Индивидуальный предприниматель',
      accountant_name: null,
      accountant_position: null,
      phone: null,
      email: null,
      stamp_sha256: null,
      director_signature_sha256: null,
      accountant_signature_sha256: null,
      created_at: '2026-12-01T00:00:00Z',
      updated_at: '2026-12-01T00:00:00Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const own = await m.db
    .insertInto('documents')
    .values({
      kind: 'act',
      correction: null,
      corrects_document_id: null,
      entity_id: second.id,
      organization_id: m.romashka.id,
      agreement_id: null,
      source_document_id: null,
      number: 1,
      year: 2026,
      number_text: '1',
      date: '2026-11-15',
      period_from: null,
      period_to: null,
      net_kopecks: 500_000,
      vat_kopecks: 0,
      total_kopecks: 500_000,
      language: 'ru',
      billing_month: null,
      snapshot: '{}',
      created_by: 'test',
      created_at: '2026-11-15T00:00:00Z',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  t.ok(own.id);
  const ip = (
    await m.accountant.get(
      `/api/v1/organizations/${m.romashka.id}/reconciliation?from=2026-10-01&to=2026-11-30&entityId=${second.id}`,
    )
  ).json();
  t.match(ip, {
    seller: { name: 'ИП Соколов Андрей Петрович' },
    openingBalanceKopecks: 0,
    closingBalanceKopecks: 500_000,
  });
  t.same(
    ip.rows.map((r: { document: string }) => r.document),
    ['Акт № 1 от 15.11.2026'],
  );
  const unknownEntity = await m.accountant.get(
    `/api/v1/organizations/${m.romashka.id}/reconciliation?from=2026-10-01&to=2026-11-30&entityId=999`,
  );
  t.equal(unknownEntity.statusCode, 400);
  t.equal(
    (
      await m.accountant.get(`/api/v1/organizations/${m.romashka.id}/reconciliation?from=2026-10-01&to=2026-11-30`)
    ).json().closingBalanceKopecks,
    3_320_000 + 500_000,
    'with no entity chosen: the client’s settlements with all of ours',
  );
});

t.test(
  'property: every statement closes at opening + debit − credit, and at the balance of its last day',
  async (t) => {
    const m = await moneyDesk(t);
    const day = fc
      .integer({ min: 0, max: 120 })
      .map((n) => new Date(Date.UTC(2026, 8, 1) + n * 86_400_000).toISOString().slice(0, 10));
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            act: fc.boolean(),
            date: day,
            amount: fc.integer({ min: 1, max: 100_000_000 }),
            storno: fc.boolean(),
          }),
          {
            maxLength: 12,
          },
        ),
        day,
        day,
        async (entries, a, b) => {
          const [from, to] = a <= b ? [a, b] : [b, a];
          const org = await makeOrganization(m.admin);
          for (const e of entries)
            if (e.act)
              await m.issue('act', org.id, {
                date: e.date,
                netKopecks: e.storno ? -e.amount : e.amount,
                ...(e.storno && { correction: 'storno' as const }),
              });
            else await pay(m, org.id, e.date, e.amount);
          const s = (
            await m.accountant.get(`/api/v1/organizations/${org.id}/reconciliation?from=${from}&to=${to}`)
          ).json();
          const end = (await m.accountant.get(`/api/v1/organizations/${org.id}/balance?at=${to}`)).json();
          runs++;
          return (
            s.closingBalanceKopecks === s.openingBalanceKopecks + s.debitTurnoverKopecks - s.creditTurnoverKopecks &&
            s.closingBalanceKopecks === end.balanceKopecks &&
            s.rows.length === entries.filter((e) => e.date >= from && e.date <= to).length
          );
        },
      ),
      { numRuns: 25 },
    );
    t.equal(runs, 25);
  },
);

t.test(
  'profit per client: revenue of acts net of VAT minus work at cost, client costs and recurring costs',
  async (t) => {
    const m = await moneyDesk(t);
    // Cost rates: 600 ₽ an hour for the engineer all year; the manager 450 ₽, 900 ₽ from December.
    for (const [agent, rateKopecks, validFrom] of [
      [m.engineer.agentId, 60_000, '2026-01-01'],
      [m.manager.agentId, 45_000, '2026-01-01'],
      [m.manager.agentId, 90_000, '2026-12-01'],
    ] as const) {
      const r = await m.admin.post(`/api/v1/agents/${agent}/cost-rates`, { rateKopecks, validFrom });
      t.equal(r.statusCode, 201, r.body);
    }
    const ticketR = await makeTicket(m.admin, m.romashka.id);
    const ticketV = await makeTicket(m.admin, m.vector.id);
    const log = async (agentId: number, ticketId: number, workDate: string, minutes: number) => {
      const r = await m.admin.post('/api/v1/worklogs', { ticketId, agentId, workDate, minutes, billable: true });
      if (r.statusCode !== 201) throw new Error(r.body);
    };
    await log(m.engineer.agentId, ticketR.id, '2026-12-02', 120); // 1 200 ₽
    await log(m.manager.agentId, ticketR.id, '2026-11-30', 60); // 450 ₽ (November rate)
    await log(m.manager.agentId, ticketV.id, '2026-12-03', 30); // 450 ₽ (December rate)
    await log(m.engineer.agentId, ticketV.id, '2026-11-15', 600); // outside the period
    const cost = await m.accountant.post('/api/v1/client-costs', {
      organizationId: m.romashka.id,
      date: '2026-12-04',
      description: 'Лицензия Kaspersky, 10 мест',
      amountKopecks: 1_220_000,
      vatRate: 22,
      amountIncludesVat: true,
      rebill: true,
    });
    t.equal(cost.statusCode, 201, cost.body);
    const now = '2026-12-01T00:00:00Z';
    const service = await m.db
      .insertInto('recurring_services')
      .values({
        organization_id: m.vector.id,
        kind: 'domain',
        name: 'vector.ru',
        vendor: 'REG.RU',
        cost_kopecks: 59_000,
        price_kopecks: 99_000,
        vat_rate: 22,
        billing_every_months: 12,
        billing_anchor_date: '2026-12-01',
        next_billing_date: '2027-12-01',
        expires_on: null,
        host: null,
        live_check: 0,
        notify_contact_id: null,
        manager_id: null,
        notes: null,
        active: 1,
        last_check_at: null,
        last_check_result: null,
        last_check_error: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await m.db
      .insertInto('recurring_charges')
      .values({
        recurring_service_id: service.id,
        organization_id: m.vector.id,
        billing_date: '2026-12-01',
        period_start: '2026-12-01',
        period_end: '2027-11-30',
        description: 'Домен vector.ru',
        amount_kopecks: 99_000,
        vat_rate: 22,
        cost_kopecks: 59_000,
        invoiced_at: null,
        created_at: now,
      })
      .execute();
    await m.issue('act', m.romashka.id, { date: '2026-12-15', netKopecks: 3_000_000, vatKopecks: 660_000 });
    await m.issue('act', m.vector.id, { date: '2026-12-15', netKopecks: 100_000, vatKopecks: 22_000 });
    await m.issue('act', m.vector.id, { date: '2026-11-30', netKopecks: 999_999 }); // outside

    const res = await m.manager.get('/api/v1/reports/profit?from=2026-11-30&to=2026-12-31');
    t.equal(res.statusCode, 200, res.body);
    const p = res.json();
    t.same(p.items, [
      {
        organizationId: m.romashka.id,
        name: 'Ромашка',
        revenueKopecks: 3_000_000,
        costKopecks: 120_000 + 45_000 + 1_000_000,
        profitKopecks: 3_000_000 - 1_165_000,
        marginPercent: 61.2,
        breakdown: { work: 165_000, clientCosts: 1_000_000, recurring: 0 },
      },
      {
        organizationId: m.vector.id,
        name: 'Вектор',
        revenueKopecks: 100_000 + 999_999,
        costKopecks: 45_000 + 59_000,
        profitKopecks: 1_099_999 - 104_000,
        marginPercent: 90.5,
        breakdown: { work: 45_000, clientCosts: 0, recurring: 59_000 },
      },
    ]);
    t.match(p.totals, { revenueKopecks: 4_099_999, costKopecks: 1_269_000, profitKopecks: 2_830_999 });
    const december = (await m.manager.get('/api/v1/reports/profit?from=2026-12-01&to=2026-12-31')).json();
    t.same(
      december.items.map((i: { name: string; profitKopecks: number }) => [i.name, i.profitKopecks]),
      [
        ['Ромашка', 3_000_000 - 1_120_000],
        ['Вектор', 100_000 - 104_000],
      ],
      'ranked by profit; a loss-making client last',
    );
    t.equal((await m.engineer.get('/api/v1/reports/profit?from=2026-12-01&to=2026-12-31')).statusCode, 403);
    t.equal((await m.manager.get('/api/v1/reports/profit?from=2026-12-01')).statusCode, 400);
    const sla = await m.manager.get('/api/v1/reports/sla?from=2026-12-01&to=2026-12-31');
    t.not(sla.statusCode, 404, 'the reports module’s own routes still answer beside /reports/profit');
  },
);

t.test('salaries: hours, night and holiday hours, the formula; engineers see only their own', async (t) => {
  // Early January: December's work, New Year's Eve included, is all logged.
  const m = await moneyDesk(t, '2027-01-05T09:00:00Z');
  await m.admin.post('/api/v1/rate-cards', { rateKopecks: 300_000 });
  const ticket = await makeTicket(m.admin, m.romashka.id);
  const log = async (agentId: number, body: Record<string, unknown>) => {
    const r = await m.admin.post('/api/v1/worklogs', { ticketId: ticket.id, agentId, ...body });
    if (r.statusCode !== 201) throw new Error(r.body);
    return r.json() as { id: number };
  };
  // Tuesday 8 December, 21:00–01:00 Moscow: 4 h, 3 of them at night.
  const w1 = await log(m.engineer.agentId, {
    startedAt: '2026-12-08T18:00:00Z',
    endedAt: '2026-12-08T22:00:00Z',
    billable: true,
  });
  // Saturday 12 December 10:00–12:00 — a day off; and 31 December (off in 2026) 21:00–23:30.
  const w2 = await log(m.engineer.agentId, {
    startedAt: '2026-12-12T07:00:00Z',
    endedAt: '2026-12-12T09:00:00Z',
    billable: true,
  });
  await log(m.engineer.agentId, {
    startedAt: '2026-12-31T18:00:00Z',
    endedAt: '2026-12-31T20:30:00Z',
    billable: false,
  });
  // Minutes only: never split into night hours.
  await log(m.engineer.agentId, { workDate: '2026-12-14', minutes: 45, billable: false });
  await log(m.manager.agentId, { workDate: '2026-12-14', minutes: 60, billable: true });
  await log(m.engineer.agentId, { workDate: '2026-11-30', minutes: 999, billable: true }); // November

  // An act covering the first engineer's two billable worklogs and the second's: revenue split by amount.
  const act = await m.issue('act', m.romashka.id, { date: '2026-12-15', netKopecks: 2_100_000, vatKopecks: 462_000 });
  const w3 = await m.db
    .selectFrom('worklogs')
    .select('id')
    .where('agent_id', '=', m.manager.agentId)
    .executeTakeFirstOrThrow();
  await m.db.updateTable('worklogs').set({ act_id: act.id }).where('id', 'in', [w1.id, w2.id, w3.id]).execute();

  const formula = await m.accountant.request('PUT', `/api/v1/salaries/formulas/${m.engineer.agentId}`, {
    fixedKopecks: 5_000_000,
    perBillableHourKopecks: 40_000,
    revenuePercentBp: 1_000,
  });
  t.equal(formula.statusCode, 200, formula.body);
  t.equal(
    (
      await m.engineer.request('PUT', `/api/v1/salaries/formulas/${m.engineer.agentId}`, {
        fixedKopecks: 99_999_999,
        perBillableHourKopecks: 0,
        revenuePercentBp: 0,
      })
    ).statusCode,
    403,
    'nobody sets their own pay',
  );

  const res = await m.accountant.get('/api/v1/salaries?month=2026-12');
  t.equal(res.statusCode, 200, res.body);
  const sheet = res.json();
  t.match(sheet, { month: '2026-12', from: '2026-12-01', to: '2026-12-31', note: /minutes-only/ });
  const mine = sheet.items.find((i: { agentId: number }) => i.agentId === m.engineer.agentId);
  // Billable 240 + 120 = 360 min → 6 h × 400 ₽; revenue: the act's 21 000 ₽ split 360 : 60 by amount (equal rates).
  t.same(
    {
      minutes: mine.minutes,
      billableMinutes: mine.billableMinutes,
      nonBillableMinutes: mine.nonBillableMinutes,
      nightMinutes: mine.nightMinutes,
      holidayMinutes: mine.holidayMinutes,
      unsplitMinutes: mine.unsplitMinutes,
      revenueKopecks: mine.revenueKopecks,
      fixedKopecks: mine.fixedKopecks,
      hourlyKopecks: mine.hourlyKopecks,
      revenueShareKopecks: mine.revenueShareKopecks,
      totalKopecks: mine.totalKopecks,
    },
    {
      minutes: 240 + 120 + 150 + 45,
      billableMinutes: 360,
      nonBillableMinutes: 195,
      nightMinutes: 180 + 90,
      holidayMinutes: 120 + 150,
      unsplitMinutes: 45,
      revenueKopecks: 1_800_000,
      fixedKopecks: 5_000_000,
      hourlyKopecks: 240_000,
      revenueShareKopecks: 180_000,
      totalKopecks: 5_420_000,
    },
  );
  const theirs = sheet.items.find((i: { agentId: number }) => i.agentId === m.manager.agentId);
  t.match(theirs, { minutes: 60, revenueKopecks: 300_000, formula: null, totalKopecks: 0 });
  t.equal(sheet.totals.totalKopecks, 5_420_000);

  // Engineers: their own, by id, and nothing else.
  const own = await m.engineer.get(`/api/v1/salaries?month=2026-12&agentId=${m.engineer.agentId}`);
  t.equal(own.statusCode, 200);
  t.same(
    own.json().items.map((i: { agentId: number; totalKopecks: number }) => [i.agentId, i.totalKopecks]),
    [[m.engineer.agentId, 5_420_000]],
  );
  const everyone = await m.engineer.get('/api/v1/salaries?month=2026-12');
  t.equal(everyone.statusCode, 403);
  t.match(everyone.json().detail, new RegExp(`agentId=${m.engineer.agentId}`));
  t.equal((await m.engineer.get(`/api/v1/salaries?month=2026-12&agentId=${m.manager.agentId}`)).statusCode, 403);
  t.equal((await m.manager.get(`/api/v1/salaries.csv?month=2026-12&agentId=${m.engineer.agentId}`)).statusCode, 403);
  t.equal((await m.manager.get('/api/v1/salaries?month=2026-12')).statusCode, 403, 'managers do not see pay');
  t.equal((await m.accountant.get('/api/v1/salaries?month=2026-13')).statusCode, 400);

  const csv = await m.accountant.get('/api/v1/salaries.csv?month=2026-12&language=ru');
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-type'], /^text\/csv/);
  const lines = csv.body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  t.match(lines[0], /^Сотрудник,Часы,Оплачиваемые часы/);
  t.match(lines.at(-1), /^Итого,/);
  t.ok(
    lines.some((l) => l.startsWith(`engineer`) && l.endsWith(',54200')),
    'the first engineer’s 54 200 ₽',
  );

  const xlsx = await m.accountant.get('/api/v1/salaries.xlsx?month=2026-12&language=en');
  t.equal(xlsx.statusCode, 200);
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  const ws = book.worksheets[0]!;
  t.equal(ws.name, 'Salaries 2026-12');
  t.equal(ws.getCell('A1').value, 'Engineer');
  const total = ws.getRow(ws.rowCount - 2);
  t.equal(total.getCell(1).value, 'Total');
  t.equal(total.getCell(12).value, 54_200);
});
