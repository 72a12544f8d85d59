/** Payments: the 1C statement import (matched by invoice number and INN, by INN only, unmatched, outgoing skipped, duplicates), manual entry and matching by hand. */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { moneyDesk, fixturePath } from './helpers.js';

const fixture = readFileSync(fixturePath);

const multipart = (name: string, content: Buffer) => {
  const boundary = '----ondesk-test-boundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
};

t.test(
  'the bank statement: by invoice and INN, by INN, unmatched, outgoing skipped; again: all duplicates',
  async (t) => {
    const m = await moneyDesk(t);
    const inv15 = await m.issue('invoice', m.romashka.id, {
      number: 15,
      date: '2026-12-01',
      netKopecks: 3_000_000,
      vatKopecks: 660_000,
    });
    const inv16 = await m.issue('invoice', m.romashka.id, {
      number: 16,
      date: '2026-12-02',
      netKopecks: 1_000_000,
      vatKopecks: 220_000,
    });
    const inv17 = await m.issue('invoice', m.vector.id, {
      number: 17,
      date: '2026-12-03',
      netKopecks: 2_000_000,
      vatKopecks: 440_000,
    });
    // Last year's invoice 16 of the same client must not take this year's payment.
    await m.issue('invoice', m.romashka.id, { number: 16, date: '2025-03-01', netKopecks: 1 });

    const { body, contentType } = multipart('sber-2026-12-01-04.txt', fixture);
    const first = await m.desk.app.inject({
      method: 'POST',
      url: '/api/v1/payments/import',
      headers: { authorization: `Bearer ${m.accountant.token}`, 'content-type': contentType },
      payload: body,
    });
    t.equal(first.statusCode, 200, first.body);
    t.match(first.json(), {
      fileName: 'sber-2026-12-01-04.txt',
      total: 7,
      imported: 6,
      matched: 5,
      matchedToInvoices: 3,
      unmatched: 1,
      skipped: 1,
      duplicates: 0,
    });

    const all = (await m.accountant.get('/api/v1/payments?limit=50')).json().items as Array<Record<string, unknown>>;
    const byNumber = Object.fromEntries(all.map((p) => [p.paymentNumber as string, p]));
    t.same(
      Object.keys(byNumber).sort(),
      ['1045', '1051', '482', '497', '503', '77'],
      'the outgoing order 301 is not a payment to us',
    );
    t.match(byNumber['482'], {
      status: 'matched',
      organizationId: m.romashka.id,
      invoiceId: inv15.id,
      invoiceNumber: '15',
      matchedBy: 'invoice',
      date: '2026-12-02',
      amountKopecks: 3_660_000,
      payerInn: '5047123455',
      payerName: 'ООО "Ромашка"',
      entityId: m.entity.id,
      source: 'import',
    });
    t.match(byNumber['497'], { invoiceId: inv16.id, matchedBy: 'invoice' }, '«сч. 16» is this year’s invoice 16');
    t.match(
      byNumber['1051'],
      { organizationId: m.vector.id, invoiceId: inv17.id },
      '«№2026-17» reads as year and number',
    );
    t.match(
      byNumber['1045'],
      { organizationId: m.vector.id, invoiceId: null, matchedBy: 'inn' },
      'no invoice named: the INN',
    );
    t.match(
      byNumber['503'],
      { organizationId: m.romashka.id, invoiceId: null, date: '2026-12-04' },
      'the day it arrived',
    );
    t.match(
      byNumber['77'],
      { status: 'unmatched', organizationId: null, invoiceId: null, matchedBy: null },
      'invoice 15 of another client’s INN is not this payer’s',
    );

    const unmatched = (await m.accountant.get('/api/v1/payments?status=unmatched')).json().items;
    t.same(
      unmatched.map((p: { paymentNumber: string; amountKopecks: number }) => [p.paymentNumber, p.amountKopecks]),
      [['77', 850_000]],
    );
    t.equal((await m.accountant.get('/api/v1/payments?status=matched')).json().items.length, 5);
    t.equal(
      (await m.accountant.get(`/api/v1/payments?organizationId=${m.romashka.id}&from=2026-12-03&to=2026-12-04`)).json()
        .items.length,
      2,
    );

    // The same file again, this time as the raw body: nothing is imported twice.
    const again = await m.desk.app.inject({
      method: 'POST',
      url: '/api/v1/payments/import?fileName=again.txt',
      headers: { authorization: `Bearer ${m.accountant.token}`, 'content-type': 'text/plain' },
      payload: fixture,
    });
    t.equal(again.statusCode, 200, again.body);
    t.match(again.json(), {
      fileName: 'again.txt',
      total: 7,
      imported: 0,
      matched: 0,
      unmatched: 0,
      skipped: 1,
      duplicates: 6,
    });
    t.equal((await m.accountant.get('/api/v1/payments?limit=50')).json().items.length, 6);

    // A person matches the unknown payer's money by hand; the payment itself stays as the bank said.
    const urals = byNumber['77'] as { id: number };
    const wrong = await m.accountant.patch(`/api/v1/payments/${urals.id}`, {
      organizationId: m.vector.id,
      invoiceId: inv15.id,
    });
    t.equal(wrong.statusCode, 400);
    t.match(wrong.json().detail, /another client/);
    const matched = await m.accountant.patch(`/api/v1/payments/${urals.id}`, {
      organizationId: m.romashka.id,
      invoiceId: inv15.id,
      note: 'Уралтехсервис платит за Ромашку по письму от 04.12',
    });
    t.equal(matched.statusCode, 200, matched.body);
    t.match(matched.json(), {
      status: 'matched',
      organizationId: m.romashka.id,
      invoiceId: inv15.id,
      matchedBy: 'manual',
      amountKopecks: 850_000,
    });
    const sneaky = await m.accountant.patch(`/api/v1/payments/${urals.id}`, {
      organizationId: m.romashka.id,
      amountKopecks: 1,
    });
    t.equal(sneaky.statusCode, 400, 'the amount is the bank’s: unknown fields are refused');
    const history = (await m.accountant.get(`/api/v1/payments/${urals.id}`)).json();
    t.same(
      history.history.map((h: { fromOrganizationId: number | null; toOrganizationId: number | null; note: string }) => [
        h.fromOrganizationId,
        h.toOrganizationId,
        h.note,
      ]),
      [[null, m.romashka.id, 'Уралтехсервис платит за Ромашку по письму от 04.12']],
    );
    t.equal(
      (await m.accountant.get('/api/v1/payments?status=unmatched')).json().items.length,
      0,
      'nothing left to match',
    );
  },
);

t.test('a file that is not a statement is refused with the line, and nothing is stored', async (t) => {
  const m = await moneyDesk(t);
  const post = (payload: string | Buffer) =>
    m.desk.app.inject({
      method: 'POST',
      url: '/api/v1/payments/import?fileName=bad.txt',
      headers: { authorization: `Bearer ${m.accountant.token}`, 'content-type': 'text/plain' },
      payload,
    });
  // The bank's file with one amount spoilt (sent as UTF-8 this time: the line is named either way).
  const text = new TextDecoder('windows-1251').decode(fixture).replace('Сумма=12200.00', 'Сумма=двенадцать тысяч');
  const res = await post(Buffer.from(text, 'utf8'));
  t.equal(res.statusCode, 400);
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  t.match(res.json().detail, /^bad\.txt: Line 52: Сумма "двенадцать тысяч" is not an amount/);
  t.same(res.json().errors, [
    { path: 'line 52', message: 'Line 52: Сумма "двенадцать тысяч" is not an amount in rubles such as 15000.50' },
  ]);
  t.equal((await m.accountant.get('/api/v1/payments')).json().items.length, 0, 'a refused file imports nothing');
  const pdf = await post(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj'));
  t.equal(pdf.statusCode, 400);
  t.match(pdf.json().detail, /Line 1: this is not a 1C client-bank exchange file/);
  t.equal((await post('')).statusCode, 400);
  const json = await m.accountant.post('/api/v1/payments/import', { file: 'x' });
  t.equal(json.statusCode, 400);
  t.match(json.json().detail, /multipart\/form-data/);
});

t.test('payments entered by hand', async (t) => {
  const m = await moneyDesk(t);
  const inv = await m.issue('invoice', m.vector.id, {
    number: 40,
    date: '2026-12-10',
    netKopecks: 500_000,
    vatKopecks: 110_000,
  });
  const byInvoice = await m.accountant.post('/api/v1/payments', {
    invoiceId: inv.id,
    date: '2026-12-11',
    amountKopecks: 610_000,
    paymentNumber: '9',
    purpose: 'Оплата по счёту № 40',
  });
  t.equal(byInvoice.statusCode, 201, byInvoice.body);
  t.match(byInvoice.json(), {
    organizationId: m.vector.id,
    organizationName: 'Вектор',
    invoiceId: inv.id,
    entityId: m.entity.id,
    source: 'manual',
    matchedBy: 'manual',
    status: 'matched',
  });
  const unknown = await m.accountant.post('/api/v1/payments', {
    date: '2026-12-11',
    amountKopecks: 100,
    payerName: 'Наличные',
  });
  t.equal(unknown.statusCode, 201);
  t.match(unknown.json(), { status: 'unmatched', organizationId: null });
  const twice = await m.accountant.post('/api/v1/payments', {
    date: '2026-12-11',
    amountKopecks: 100,
    payerName: 'Наличные',
  });
  t.equal(twice.statusCode, 201, 'two equal cash payments in a day are two payments');

  const mismatch = await m.accountant.post('/api/v1/payments', {
    organizationId: m.romashka.id,
    invoiceId: inv.id,
    date: '2026-12-11',
    amountKopecks: 1,
  });
  t.equal(mismatch.statusCode, 400);
  t.match(mismatch.json().detail, /another client/);
  const badDate = await m.accountant.post('/api/v1/payments', { date: '11.12.2026', amountKopecks: 1 });
  t.equal(badDate.statusCode, 400);
  t.match(badDate.json().detail, /is not a date; use YYYY-MM-DD/);
  const zero = await m.accountant.post('/api/v1/payments', { date: '2026-12-11', amountKopecks: 0 });
  t.equal(zero.statusCode, 400);
  const inn = await m.accountant.post('/api/v1/payments', { date: '2026-12-11', amountKopecks: 1, payerInn: '12345' });
  t.equal(inn.statusCode, 400);
  t.match(inn.json().detail, /is not an INN/);
  const missingOrg = await m.accountant.post('/api/v1/payments', {
    organizationId: 99_999,
    date: '2026-12-11',
    amountKopecks: 1,
  });
  t.equal(missingOrg.statusCode, 400);
  t.match(missingOrg.json().detail, /Organization 99999 was not found/);
});

t.test('who may see and record payments', async (t) => {
  const m = await moneyDesk(t);
  const body = { date: '2026-12-11', amountKopecks: 100 };
  t.equal((await m.engineer.post('/api/v1/payments', body)).statusCode, 403);
  t.equal((await m.engineer.get('/api/v1/payments')).statusCode, 403);
  t.equal((await m.manager.post('/api/v1/payments', body)).statusCode, 403, 'managers read, the books record');
  t.equal((await m.manager.get('/api/v1/payments')).statusCode, 200);
  t.equal((await m.admin.post('/api/v1/payments', body)).statusCode, 201);
  const upload = await m.desk.app.inject({
    method: 'POST',
    url: '/api/v1/payments/import',
    headers: { authorization: `Bearer ${m.engineer.token}`, 'content-type': 'text/plain' },
    payload: fixture,
  });
  t.equal(upload.statusCode, 403);
});

t.test('a statement before the desk has a legal entity, and one over 10 MB', async (t) => {
  const m = await moneyDesk(t);
  const post = (payload: Buffer) =>
    m.desk.app.inject({
      method: 'POST',
      url: '/api/v1/payments/import',
      headers: { authorization: `Bearer ${m.accountant.token}`, 'content-type': 'application/octet-stream' },
      payload,
    });
  const huge = await post(Buffer.concat([fixture, Buffer.alloc(10 * 1024 * 1024, 0x20)]));
  t.equal(huge.statusCode, 413, 'refused before it is read');
  t.equal(huge.headers['content-type'], 'application/problem+json; charset=utf-8');
  await m.db
    .updateTable('legal_entities')
    .set({ inn: '7707083893', settlement_account: '40702810938000012345' })
    .execute();
  const foreign = await post(fixture);
  t.equal(foreign.statusCode, 200);
  t.match(foreign.json(), { total: 7, imported: 0, skipped: 7 }, 'not a kopeck of it came to our accounts');
  await m.db.deleteFrom('legal_entities').execute();
  const none = await post(fixture);
  t.equal(none.statusCode, 409);
  t.match(none.json().detail, /no legal entity yet/);
});

t.test('only the import takes a large body', async (t) => {
  const m = await moneyDesk(t);
  const big = Buffer.alloc(2 * 1024 * 1024, 0x41);
  const other = await m.desk.app.inject({
    method: 'POST',
    url: '/api/v1/payments',
    headers: { authorization: `Bearer ${m.accountant.token}`, 'content-type': 'text/plain' },
    payload: big,
  });
  t.equal(other.statusCode, 413, 'the desk’s 1 MB limit elsewhere');
  const anonymous = await m.desk.app.inject({
    method: 'POST',
    url: '/api/v1/payments/import',
    headers: { 'content-type': 'text/plain' },
    payload: big,
  });
  t.equal(anonymous.statusCode, 401, 'refused before the body is read');
  const imported = await m.desk.app.inject({
    method: 'POST',
    url: '/api/v1/payments/import',
    headers: { authorization: `Bearer ${m.accountant.token}`, 'content-type': 'text/plain' },
    payload: Buffer.concat([fixture, Buffer.alloc(2 * 1024 * 1024, 0x20)]),
  });
  t.equal(imported.statusCode, 200, 'a 2 MB statement (padded with blank space) is read whole');
  t.match(imported.json(), { total: 7, imported: 6 });
});
