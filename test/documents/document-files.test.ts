/**
 * What leaves the desk: a document's PDF (hardened download, the file name a person recognises, the figures
 * of the frozen snapshot), mailing it to the client's billing contacts through the outbox with the PDF
 * attached, and the monthly run — one invoice and one act per client and month, however often it runs.
 */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { documentsDesk } from './helpers.js';
import { makeContact } from '../helpers/factories.js';
import { findJob } from '../../server/jobs/registry.js';

const pdfText = (bytes: Buffer) => {
  const dir = mkdtempSync(join(tmpdir(), 'ondesk-doc-'));
  writeFileSync(join(dir, 'd.pdf'), bytes);
  return execFileSync('pdftotext', ['-layout', join(dir, 'd.pdf'), '-'], { encoding: 'utf8' });
};

t.test('the PDF of an act: as issued, named «Акт_1_от_03.12.2026.pdf», downloaded safely', async (t) => {
  const { accountant, engineer, entity, romashka, work } = await documentsDesk(t);
  await work(engineer, romashka.org.id, 90, '2026-11-10', 'Не проводится документ');
  const act = (
    await accountant.post('/api/v1/acts', {
      organizationId: romashka.org.id,
      entityId: entity.id,
      from: '2026-11-01',
      to: '2026-11-30',
      agreementId: romashka.agreement.id,
    })
  ).json();
  // Requisites changed after issue do not reach the issued document.
  await accountant.patch(`/api/v1/legal-entities/${entity.id}`, { directorName: 'Сергеев Сергей Сергеевич' });
  const res = await accountant.get(`${act.pdfUrl}?stamp=1`);
  t.equal(res.statusCode, 200, res.body.slice(0, 300));
  t.equal(res.headers['content-type'], 'application/pdf');
  t.equal(
    res.headers['content-disposition'],
    `attachment; filename="____1____03.12.2026.pdf"; filename*=UTF-8''${encodeURIComponent('Акт_1_от_03.12.2026.pdf')}`,
  );
  t.equal(res.headers['x-content-type-options'], 'nosniff');
  t.equal(res.headers['content-security-policy'], "default-src 'none'; sandbox");
  t.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
  const text = pdfText(res.rawPayload).replace(/\s+/g, ' ');
  t.match(text, /Четыре тысячи пятьсот семьдесят пять рублей 00 копеек/, 'the total in words');
  t.match(text, /Иванов И\. И\./, 'the director as of the issue');
  t.notMatch(text, /Сергеев/);
  t.equal((await engineer.get(act.pdfUrl)).statusCode, 403, 'engineers do not read documents');
  t.equal((await accountant.get('/api/v1/documents/999.pdf')).statusCode, 404);
  t.equal((await accountant.get(`${act.pdfUrl}?stamp=yes`)).statusCode, 400);
});

t.test(
  'sending: to the billing contacts (else every contact with an e-mail), the PDF attached, recorded',
  async (t) => {
    const { desk, accountant, manager, entity, romashka } = await documentsDesk(t);
    const invoice = (
      await accountant.post('/api/v1/invoices', {
        organizationId: romashka.org.id,
        entityId: entity.id,
        from: '2026-11-01',
        to: '2026-11-30',
        lines: [{ description: 'Аудит', quantity: 1, unit: 'усл', unitPriceKopecks: 100_000 }],
      })
    ).json();
    const none = await accountant.post(`/api/v1/documents/${invoice.id}/send`, {});
    t.equal(none.statusCode, 409);
    t.match(none.json().detail, /ООО Ромашка has no contact with an e-mail/);

    await makeContact(manager, romashka.org.id, { name: 'Ольга', email: 'olga@romashka.ru' });
    await makeContact(manager, romashka.org.id, { name: 'Пётр', email: 'petr@romashka.ru' });
    const sent = await accountant.post(`/api/v1/documents/${invoice.id}/send`, {});
    t.equal(sent.statusCode, 201, sent.body);
    t.same(
      sent.json().deliveries.map((d: { toAddress: string }) => d.toAddress),
      ['olga@romashka.ru', 'petr@romashka.ru'],
      'without a billing contact, every contact with an e-mail',
    );
    const outbox = await desk.inst.database.db.selectFrom('outbox').selectAll().orderBy('id').execute();
    t.equal(outbox.length, 2);
    t.equal(outbox[0]!.subject, 'Счёт № 1 от 03.12.2026');
    const payload = JSON.parse(outbox[0]!.payload!);
    t.equal(payload.kind, 'report');
    t.equal(payload.files[0].name, 'Счёт_1_от_03.12.2026.pdf');
    t.equal(payload.files[0].contentType, 'application/pdf');

    const explicit = await accountant.post(`/api/v1/documents/${invoice.id}/send`, { to: 'buh@romashka.ru' });
    t.same(
      explicit.json().deliveries.map((d: { toAddress: string }) => d.toAddress),
      ['buh@romashka.ru'],
    );
    const detail = (await accountant.get(`/api/v1/documents/${invoice.id}`)).json();
    t.equal(detail.deliveries.length, 3, 'every delivery is recorded');
    t.equal(detail.totalKopecks, 122_000, 'sending changed nothing of the document');
    t.equal((await accountant.post(`/api/v1/documents/${invoice.id}/send`, { to: 'not-an-address' })).statusCode, 400);
  },
);

t.test('the monthly run issues one invoice and one act per client with billable items, once', async (t) => {
  const { desk, accountant, engineer, entity, romashka, client, work } = await documentsDesk(t);
  const vasilek = await client('ООО Василёк', '2026-021');
  await client('ООО Тишина', '2026-022');
  await work(engineer, romashka.org.id, 60, '2026-11-05');
  await work(engineer, vasilek.org.id, 120, '2026-11-25');
  await work(engineer, vasilek.org.id, 30, '2026-12-01', 'Декабрьская работа');
  const run = await accountant.post('/api/v1/documents/monthly-run', { month: '2026-11', entityId: entity.id });
  t.equal(run.statusCode, 200, run.body);
  t.same(
    run
      .json()
      .created.map((d: { organizationId: number; kind: string; number: string; totalKopecks: number }) => [
        d.organizationId,
        d.kind,
        d.number,
        d.totalKopecks,
      ]),
    [
      [romashka.org.id, 'invoice', '1', 305_000],
      [vasilek.org.id, 'invoice', '2', 610_000],
      [romashka.org.id, 'act', '1', 305_000],
      [vasilek.org.id, 'act', '2', 610_000],
    ],
  );
  t.same(run.json().failed, []);
  const docs = await sql<{ date: string; billing_month: string }>`select date, billing_month from documents`.execute(
    desk.inst.database.db,
  );
  t.ok(
    docs.rows.every((d) => d.date === '2026-11-30' && d.billing_month === '2026-11'),
    'dated the month’s last day',
  );

  // Work logged late for November: the client has billable items again, but its month is issued already.
  await work(engineer, romashka.org.id, 45, '2026-11-28', 'Поздно записанная работа');
  const again = await accountant.post('/api/v1/documents/monthly-run', { month: '2026-11', entityId: entity.id });
  t.same(again.json().created, [], 'a second run issues nothing');
  t.equal(again.json().skipped, 2, 'the client with late work is skipped for both kinds');

  // The job is off until turned on; then it bills the previous month (November: nothing left).
  const job = findJob('billing-run')!;
  t.same(await job.run(desk.inst.ctx()), { enabled: false });
  const settings = await accountant.request('PUT', '/api/v1/documents/billing-run', {
    enabled: true,
    entityId: entity.id,
    kinds: ['invoice', 'act'],
  });
  t.equal(settings.statusCode, 200, settings.body);
  t.same(await job.run(desk.inst.ctx()), { month: '2026-11', created: 0, skipped: 2, failed: 0 });
  const bad = await accountant.request('PUT', '/api/v1/documents/billing-run', {
    enabled: true,
    entityId: null,
    kinds: [],
  });
  t.equal(bad.statusCode, 400);
  t.equal(
    (await accountant.post('/api/v1/documents/monthly-run', { month: '2026-13', entityId: entity.id })).statusCode,
    400,
  );
});
