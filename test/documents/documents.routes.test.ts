/**
 * Documents through the public API on a real SQLite file: legal entities and their requisite checks, invoices
 * and acts from billable work, charges, re-billed costs and typed lines, storno and corrected acts, contracts,
 * the list and a document's lines — and that an issued document can never be edited.
 */
import t from 'tap';
import { sql } from 'kysely';
import { documentsDesk, ENTITY } from './helpers.js';

const problemJson = /^application\/problem\+json/;

t.test('legal entities: requisites are checked, with a message per field', async (t) => {
  const { accountant, engineer, entity } = await documentsDesk(t);
  const bad = await accountant.post('/api/v1/legal-entities', {
    ...ENTITY,
    inn: '7707083894',
    settlementAccount: '40702810938000012346',
    ogrn: '102770013219',
  });
  t.equal(bad.statusCode, 400);
  t.match(bad.headers['content-type'], problemJson);
  t.match(bad.json().detail, /inn: INN 7707083894 has a wrong check digit/);
  t.same(
    bad.json().errors.map((e: { path: string }) => e.path),
    ['body.inn', 'body.ogrn', 'body.settlementAccount'],
  );
  const unknownField = await accountant.post('/api/v1/legal-entities', { ...ENTITY, stamp: 'x' });
  t.equal(unknownField.statusCode, 400, 'unknown fields are refused');

  const patched = await accountant.patch(`/api/v1/legal-entities/${entity.id}`, {
    vatMode: 'none',
    phone: ' +7 495 000-00-00 ',
  });
  t.equal(patched.statusCode, 200);
  t.equal(patched.json().vatMode, 'none');
  t.equal(patched.json().phone, '+7 495 000-00-00');
  const wrongBik = await accountant.patch(`/api/v1/legal-entities/${entity.id}`, { bik: '044525974' });
  t.equal(wrongBik.statusCode, 400, 'a new BIK must key the accounts already there');
  t.match(wrongBik.json().detail, /does not match BIK 044525974/);

  t.equal((await engineer.post('/api/v1/legal-entities', ENTITY)).statusCode, 403, 'engineers do not manage entities');
  t.equal((await engineer.get('/api/v1/legal-entities')).statusCode, 403);
  const list = await accountant.get('/api/v1/legal-entities');
  t.equal(list.json().items.length, 1);
  t.equal(list.json().items[0].stampUrl, null);
});

t.test('stamp and signatures: PNG only, at most 2 MB, served back as PNG', async (t) => {
  const { desk, accountant, entity } = await documentsDesk(t);
  const upload = (name: string, bytes: Buffer) => {
    const boundary = '----ondesk';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return desk.app.inject({
      method: 'PUT',
      url: `/api/v1/legal-entities/${entity.id}/${name}`,
      headers: {
        authorization: `Bearer ${accountant.token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload,
    });
  };
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
  const ok = await upload('stamp', png);
  t.equal(ok.statusCode, 200, ok.body);
  t.match(ok.json().stampUrl, /^\/api\/v1\/legal-entities\/\d+\/stamp\?v=[0-9a-f]{12}$/);
  const back = await accountant.get(ok.json().stampUrl);
  t.equal(back.statusCode, 200);
  t.equal(back.headers['content-type'], 'image/png');
  t.equal(back.headers['x-content-type-options'], 'nosniff');
  t.same(back.rawPayload, png, 'the same bytes come back');

  const gif = await upload('director-signature', Buffer.from('GIF89a....'));
  t.equal(gif.statusCode, 400);
  t.match(gif.json().detail, /not a PNG/);
  const big = await upload('accountant-signature', Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024)]));
  t.equal(big.statusCode, 413);
  t.match(big.json().detail, /larger than 2 MB/);
  const entityNow = (await accountant.get(`/api/v1/legal-entities/${entity.id}`)).json();
  t.equal(entityNow.directorSignatureUrl, null, 'nothing stored from refused uploads');
  t.equal(entityNow.accountantSignatureUrl, null);
  t.equal((await accountant.get(`/api/v1/legal-entities/${entity.id}/director-signature`)).statusCode, 404);
});

t.test('an invoice bills work by ticket, recurring charges, re-billed costs and typed lines, once', async (t) => {
  const { desk, accountant, engineer, entity, romashka, work } = await documentsDesk(t);
  const a = await work(engineer, romashka.org.id, 90, '2026-11-10', 'Не проводится документ');
  const b = await work(engineer, romashka.org.id, 60, '2026-11-12', 'Настроить обмен');
  await work(engineer, romashka.org.id, 30, '2026-10-31', 'Работа прошлого месяца');
  t.equal(a.worklog.amountKopecks, 375_000, '1.5 h at 2 500 ₽');
  const db = desk.inst.database.db;
  const now = '2026-11-01T00:00:00.000Z';
  await sql`insert into client_costs (organization_id, cost_date, description, amount_kopecks, vat_kopecks, rebill, created_by, created_at, updated_at)
            values (${romashka.org.id}, '2026-11-15', 'Лицензия Kaspersky, 10 мест', 1200000, 0, 1, 'test', ${now}, ${now})`.execute(
    db,
  );
  await sql`insert into recurring_services (organization_id, kind, name, price_kopecks, billing_every_months, billing_anchor_date, next_billing_date, created_at, updated_at)
            values (${romashka.org.id}, 'domain', 'romashka.ru', 150000, 12, '2026-11-20', '2027-11-20', ${now}, ${now})`.execute(
    db,
  );
  await sql`insert into recurring_charges (recurring_service_id, organization_id, billing_date, period_start, period_end, description, amount_kopecks, cost_kopecks, created_at)
            values (1, ${romashka.org.id}, '2026-11-20', '2026-11-20', '2027-11-19', 'Продление домена romashka.ru', 150000, 90000, ${now})`.execute(
    db,
  );

  const res = await accountant.post('/api/v1/invoices', {
    organizationId: romashka.org.id,
    entityId: entity.id,
    from: '2026-11-01',
    to: '2026-11-30',
    include: ['worklogs', 'recurring', 'client_costs', 'manual'],
    lines: [{ description: 'Выезд инженера', quantity: 1, unit: 'усл', unitPriceKopecks: 300_000 }],
    agreementId: null,
  });
  t.equal(res.statusCode, 201, res.body);
  const invoice = res.json();
  t.match(invoice, { number: '1', date: '2026-12-03', kind: 'invoice', pdfUrl: `/api/v1/documents/${invoice.id}.pdf` });
  // 3 750 + 2 500 + 1 500 + 12 000 + 3 000 = 22 750 ₽ net; 22 % = 5 005 ₽.
  t.equal(invoice.netKopecks, 2_275_000);
  t.equal(invoice.vatKopecks, 500_500);
  t.equal(invoice.totalKopecks, 2_775_500);

  const detail = (await accountant.get(`/api/v1/documents/${invoice.id}`)).json();
  t.same(
    detail.lines.map(
      (l: { description: string; quantity: number; unit: string; netKopecks: number; vatRate: number }) => [
        l.description,
        l.quantity,
        l.unit,
        l.netKopecks,
        l.vatRate,
      ],
    ),
    [
      [`Работы по заявке № ${a.ticket.number} «Не проводится документ»`, 1.5, 'ч', 375_000, 22],
      [`Работы по заявке № ${b.ticket.number} «Настроить обмен»`, 1, 'ч', 250_000, 22],
      ['Продление домена romashka.ru (период 20.11.2026 – 19.11.2027)', 1, 'усл', 150_000, 22],
      ['Лицензия Kaspersky, 10 мест', 1, 'шт', 1_200_000, 22],
      ['Выезд инженера', 1, 'усл', 300_000, 22],
    ],
  );
  t.equal(
    detail.lines.reduce((s: number, l: { totalKopecks: number }) => s + l.totalKopecks, 0),
    detail.totalKopecks,
    'lines add up to the total',
  );
  t.equal(detail.totalInWords, 'Двадцать семь тысяч семьсот пятьдесят пять рублей 00 копеек');
  const issued = await sql<{ type: string; data: string }>`select type, data from domain_events
      where type like '%.issued'`.execute(db);
  t.same(
    issued.rows.map((r) => [r.type, JSON.parse(r.data)]),
    [
      [
        'invoice.issued',
        {
          documentId: invoice.id,
          organizationId: romashka.org.id,
          agreementId: null,
          number: '1',
          date: '2026-12-03',
          correction: null,
          correctsDocumentId: null,
          totalKopecks: 2_775_500,
          vatKopecks: 500_500,
        },
      ],
    ],
    'the issue is an event webhooks deliver',
  );
  t.equal(detail.paymentPurpose, 'Оплата по счёту № 1 от 03.12.2026 за услуги. В т.ч. НДС 22 % — 5005,00 руб.');
  const marked = await sql<{ c: number; r: number }>`select
      (select count(*) from client_costs where invoiced_at is not null) as c,
      (select count(*) from recurring_charges where invoiced_at is not null) as r`.execute(db);
  t.same(marked.rows[0], { c: 1, r: 1 }, 'the cost and the charge are invoiced in the same transaction');
  const costEdit = await accountant.patch('/api/v1/client-costs/1', { description: 'другое' });
  t.equal(costEdit.statusCode, 409, 'an invoiced cost no longer changes');

  const again = await accountant.post('/api/v1/invoices', {
    organizationId: romashka.org.id,
    entityId: entity.id,
    from: '2026-11-01',
    to: '2026-11-30',
  });
  t.equal(again.statusCode, 409);
  t.equal(again.json().code, 'nothing_to_bill');
  t.match(again.json().detail, /Nothing to bill for ООО Ромашка from 2026-11-01 to 2026-11-30/);

  const bad = await accountant.post('/api/v1/invoices', {
    organizationId: romashka.org.id,
    entityId: entity.id,
    from: '2026-11-30',
    to: '2026-11-01',
  });
  t.equal(bad.statusCode, 400);
  t.match(bad.json().detail, /starts \(2026-11-30\) after it ends/);
  const both = await accountant.post('/api/v1/invoices', {
    organizationId: romashka.org.id,
    entityId: entity.id,
    from: '2026-11-01',
    to: '2026-11-30',
    include: ['worklogs', 'worklogs_by_service'],
  });
  t.equal(both.statusCode, 400);
  t.equal(
    (await engineer.post('/api/v1/invoices', { organizationId: 1, entityId: 1, from: '2026-11-01', to: '2026-11-30' }))
      .statusCode,
    403,
  );
});

t.test('acts lock their work; a storno frees it; a corrected act re-covers what its lines name', async (t) => {
  const { desk, accountant, engineer, entity, romashka, work } = await documentsDesk(t);
  const a = await work(engineer, romashka.org.id, 90, '2026-11-10', 'Первая');
  const b = await work(engineer, romashka.org.id, 60, '2026-11-12', 'Вторая');
  const body = {
    organizationId: romashka.org.id,
    entityId: entity.id,
    from: '2026-11-01',
    to: '2026-11-30',
    include: ['worklogs_by_service'],
  };
  const preview = await accountant.post('/api/v1/documents/preview', { ...body, kind: 'act' });
  t.equal(preview.statusCode, 200, preview.body);
  t.same(
    preview.json().lines.map((l: { description: string; quantity: number }) => [l.description, l.quantity]),
    [['Работы по услуге «Сопровождение 1С» (заявок: 2)', 2.5]],
  );
  t.equal((await accountant.get('/api/v1/documents')).json().items.length, 0, 'a preview issues nothing');

  const act = (await accountant.post('/api/v1/acts', body)).json();
  t.match(act, { number: '1', netKopecks: 625_000, vatKopecks: 137_500, totalKopecks: 762_500 });
  const locked = await engineer.patch(`/api/v1/worklogs/${a.worklog.id}`, { minutes: 30 });
  t.equal(locked.statusCode, 409, 'covered work cannot change');
  t.match(locked.json().detail, /covered by an act/);
  t.equal((await accountant.post('/api/v1/acts', body)).json().code, 'nothing_to_bill', 'work is acted once');

  const storno = await accountant.post(`/api/v1/acts/${act.id}/storno`, {});
  t.equal(storno.statusCode, 201, storno.body);
  t.match(storno.json(), { number: '2', netKopecks: -625_000, vatKopecks: -137_500, totalKopecks: -762_500 });
  const stornoDoc = (await accountant.get(`/api/v1/documents/${storno.json().id}`)).json();
  t.equal(stornoDoc.correction, 'storno');
  t.equal(stornoDoc.correctsDocumentId, act.id);
  t.equal(stornoDoc.totalInWords, 'Минус семь тысяч шестьсот двадцать пять рублей 00 копеек');
  t.same(
    stornoDoc.lines.map((l: { quantity: number }) => l.quantity),
    [-2.5],
  );
  t.same((await accountant.get(`/api/v1/documents/${act.id}`)).json().reversedBy, {
    id: storno.json().id,
    number: '2',
  });
  const twice = await accountant.post(`/api/v1/acts/${act.id}/storno`, {});
  t.equal(twice.statusCode, 409);
  t.match(twice.json().detail, /was reversed by storno act № 2/);
  t.equal(
    (await engineer.patch(`/api/v1/worklogs/${a.worklog.id}`, { minutes: 60 })).statusCode,
    200,
    'freed work may change',
  );

  const act2 = (await accountant.post('/api/v1/acts', { ...body, include: ['worklogs'] })).json();
  t.equal(act2.number, '3');
  const corrected = await accountant.post(`/api/v1/acts/${act2.id}/correct`, {
    lines: [
      {
        description: 'Работы по заявке «Первая» (1 ч)',
        quantity: 1,
        unit: 'ч',
        unitPriceKopecks: 250_000,
        fromPosition: 1,
      },
      { description: 'Скидка за задержку', quantity: 1, unit: 'усл', unitPriceKopecks: 0 },
    ],
  });
  t.equal(corrected.statusCode, 201, corrected.body);
  t.match(corrected.json(), { storno: { number: '4' }, corrected: { number: '5', netKopecks: 250_000 } });
  const rows = await sql<{ id: number; act_id: number | null }>`select id, act_id from worklogs order by id`.execute(
    desk.inst.database.db,
  );
  t.same(
    rows.rows.map((r) => [r.id, r.act_id]),
    [
      [a.worklog.id, corrected.json().corrected.id],
      [b.worklog.id, null],
    ],
    'the corrected act covers the work of the line it kept; the rest is free again',
  );
  const badLine = await accountant.post(`/api/v1/acts/${corrected.json().corrected.id}/correct`, {
    lines: [{ description: 'x', quantity: 1, unit: 'ч', unitPriceKopecks: 1, fromPosition: 9 }],
  });
  t.equal(badLine.statusCode, 400);
  t.match(badLine.json().detail, /has no line 9/);
  const list = (await accountant.get('/api/v1/documents?kind=act')).json();
  t.same(
    list.items.map((d: { number: string }) => d.number),
    ['5', '4', '3', '2', '1'],
    'the failed correction took no number',
  );
});

t.test('an act from an invoice copies its lines; a contract carries the agreement’s terms', async (t) => {
  const { accountant, engineer, entity, romashka, work } = await documentsDesk(t);
  await work(engineer, romashka.org.id, 120, '2026-11-10');
  const invoice = (
    await accountant.post('/api/v1/invoices', {
      organizationId: romashka.org.id,
      entityId: entity.id,
      from: '2026-11-01',
      to: '2026-11-30',
      discountPercent: 10,
      language: 'en',
    })
  ).json();
  t.match(invoice, { netKopecks: 450_000, vatKopecks: 99_000 });
  const detail = (await accountant.get(`/api/v1/documents/${invoice.id}`)).json();
  t.equal(detail.lines[0].discountKopecks, 50_000);
  t.equal(detail.totalInWords, 'Five thousand four hundred ninety roubles 00 kopecks');
  const act = await accountant.post('/api/v1/acts', {
    organizationId: romashka.org.id,
    entityId: entity.id,
    invoiceId: invoice.id,
  });
  t.equal(act.statusCode, 201, act.body);
  t.match(act.json(), { number: '1', totalKopecks: invoice.totalKopecks });
  const second = await accountant.post('/api/v1/acts', {
    organizationId: romashka.org.id,
    entityId: entity.id,
    invoiceId: invoice.id,
  });
  t.equal(second.statusCode, 409);
  t.equal(second.json().code, 'already_billed');

  const contract = await accountant.post('/api/v1/contracts', {
    agreementId: romashka.agreement.id,
    entityId: entity.id,
  });
  t.equal(contract.statusCode, 201, contract.body);
  t.match(contract.json(), { kind: 'contract', number: '1', totalKopecks: 0 });
  const page1 = (await accountant.get('/api/v1/documents?limit=2')).json();
  t.equal(page1.items.length, 2);
  t.ok(page1.nextCursor);
  const page2 = (await accountant.get(`/api/v1/documents?limit=2&cursor=${page1.nextCursor}`)).json();
  t.same([...page1.items, ...page2.items].map((d: { kind: string }) => d.kind).sort(), ['act', 'contract', 'invoice']);
  t.equal(page2.nextCursor, null);
  const filtered = (
    await accountant.get(
      `/api/v1/documents?organizationId=${romashka.org.id}&kind=invoice&from=2026-12-01&to=2026-12-31`,
    )
  ).json();
  t.same(
    filtered.items.map((d: { id: number }) => d.id),
    [invoice.id],
  );
});

t.test('issued documents are never changed: the database refuses it', async (t) => {
  const { desk, accountant, entity, romashka } = await documentsDesk(t);
  const invoice = (
    await accountant.post('/api/v1/invoices', {
      organizationId: romashka.org.id,
      entityId: entity.id,
      from: '2026-11-01',
      to: '2026-11-30',
      lines: [{ description: 'Аудит', quantity: 1, unit: 'усл', unitPriceKopecks: 100_000 }],
    })
  ).json();
  const db = desk.inst.database.db;
  await t.rejects(sql`update documents set total_kopecks = 1 where id = ${invoice.id}`.execute(db), /never changed/);
  await t.rejects(sql`delete from documents where id = ${invoice.id}`.execute(db), /never changed/);
  await t.rejects(
    sql`update document_lines set net_kopecks = 1 where document_id = ${invoice.id}`.execute(db),
    /never changed/,
  );
  await t.rejects(sql`delete from document_lines where document_id = ${invoice.id}`.execute(db), /never changed/);
  const still = (await accountant.get(`/api/v1/documents/${invoice.id}`)).json();
  t.equal(still.totalKopecks, 122_000);
  t.equal(still.lines.length, 1);
});

t.test('package fees: billed once per period that begins within the invoice’s period', async (t) => {
  const { accountant, engineer, manager, entity, romashka } = await documentsDesk(t);
  const fee = await manager.request('PUT', `/api/v1/agreements/${romashka.agreement.id}/package-fee`, {
    packageFeeKopecks: 3_000_000,
  });
  t.equal(fee.statusCode, 200, fee.body);
  t.same(fee.json(), { agreementId: romashka.agreement.id, packageFeeKopecks: 3_000_000 });
  t.equal(
    (await engineer.request('PUT', `/api/v1/agreements/${romashka.agreement.id}/package-fee`, { packageFeeKopecks: 1 }))
      .statusCode,
    403,
  );
  const body = { organizationId: romashka.org.id, entityId: entity.id, include: ['packages'], language: 'en' };
  const q4 = (await accountant.post('/api/v1/invoices', { ...body, from: '2026-10-01', to: '2026-11-30' })).json();
  t.match(q4, { netKopecks: 6_000_000, vatKopecks: 1_320_000 });
  const lines = (await accountant.get(`/api/v1/documents/${q4.id}`)).json().lines;
  t.same(
    lines.map((l: { description: string; unit: string; sourceIds: string[] }) => [l.description, l.unit, l.sourceIds]),
    [
      [
        'Support subscription under agreement 2026-020, 01.10.2026 – 31.10.2026',
        'month',
        [`${romashka.agreement.id}:2026-10`],
      ],
      [
        'Support subscription under agreement 2026-020, 01.11.2026 – 30.11.2026',
        'month',
        [`${romashka.agreement.id}:2026-11`],
      ],
    ],
  );
  const overlap = (await accountant.post('/api/v1/invoices', { ...body, from: '2026-11-01', to: '2026-12-31' })).json();
  t.match(overlap, { netKopecks: 3_000_000 }, 'November was invoiced: only December');
  const act = (await accountant.post('/api/v1/acts', { ...body, from: '2026-10-01', to: '2026-12-31' })).json();
  t.match(act, { netKopecks: 9_000_000 }, 'acts count on their own: three months');
});

t.test('admins edit the document templates within the template language; others read them', async (t) => {
  const { desk, accountant } = await documentsDesk(t);
  const admin = await desk.agent('admin');
  const built = await accountant.get('/api/v1/document-templates/contract/ru');
  t.equal(built.statusCode, 200, built.body);
  t.equal(built.json().custom, false);
  t.ok(built.json().body.length > 100, 'the built-in contract text');
  t.ok(built.json().fields.includes('seller.name'), 'the fields a template may print');
  t.equal(
    (await accountant.request('PUT', '/api/v1/document-templates/contract/ru', { body: 'x' })).statusCode,
    403,
    'accountants do not change templates',
  );
  const bad = await admin.request('PUT', '/api/v1/document-templates/contract/ru', {
    body: '{{#seller}}{{nope}}{{/seller}}',
  });
  t.equal(bad.statusCode, 400);
  const saved = await admin.request('PUT', '/api/v1/document-templates/contract/ru', {
    body: 'Договор между {{seller.name}} и {{buyer.name}}',
  });
  t.equal(saved.statusCode, 200, saved.body);
  t.match(saved.json(), { custom: true, body: 'Договор между {{seller.name}} и {{buyer.name}}' });
  const reset = await admin.request('DELETE', '/api/v1/document-templates/contract/ru');
  t.equal(reset.json().custom, false);
  t.equal(
    (await admin.get('/api/v1/document-templates/reconciliation/ru')).statusCode,
    400,
    'no template of that kind',
  );
});
