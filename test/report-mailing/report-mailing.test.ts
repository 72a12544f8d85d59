import t, { type Test } from 'tap';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openInstallation } from '../../server/installation.js';
import { agreementDesk, outbox, rejects } from '../agreements/helpers.js';
import { createTicket } from '../../server/modules/tickets/index.js';
import {
  createSubscription,
  previewReport,
  renderAndStore,
  reportMailingJob,
  reportStore,
  sendNow,
} from '../../server/modules/report-mailing/report-mailing.service.js';
import { buildMail } from '../../server/modules/notifications/mail-channel.js';
import type { Actor } from '../../server/context.js';

/**
 * A client's monthly SLA report: ООО «Ромашка»'s agreement with October's tickets, subscribed in the middle of
 * November — October goes out at the first run, November on 1 December at 09:00 Moscow time, each once.
 */
async function mailingDesk(t: Test) {
  const d = await agreementDesk(t, '2026-10-05T07:00:00Z');
  const agreement = await d.agreement({ start: '2026-04-01', end: '2027-03-31' });
  const engineer: Actor = d.engineer;
  for (const [subject, priority] of [
    ['Не печатает принтер', 'P3'],
    ['Упал сервер 1С', 'P1'],
  ] as const)
    await createTicket(d.inst.ctx(engineer), {
      subject,
      description: '—',
      organizationId: d.org.id,
      type: 'incident',
      priority,
      serviceId: d.support.id,
    });
  d.clock.set('2026-11-17T10:00:00Z');
  const sub = await createSubscription(d.ctx(), {
    name: 'SLA Ромашки',
    report: 'sla',
    filters: { agreementId: agreement.id },
    schedule: { period: 'month' },
    format: ['pdf', 'xlsx'],
    recipients: [{ kind: 'agent', id: d.managerRow.id }, { kind: 'agreement_recipients' }],
    language: 'ru',
  });
  return { ...d, sub, agreementId: agreement.id };
}

t.test('each (subscription, period) goes out once: at the first run, on schedule, never again', async (t) => {
  const d = await mailingDesk(t);
  t.same(await reportMailingJob(d.inst.ctx()), { sent: 1, failed: 0 }, 'a new subscription sends October at once');
  const mails = (await outbox(d.inst)).filter((m) => m.dedupe_key?.startsWith('report:'));
  t.same(
    mails.map((m) => m.recipient).sort(),
    ['john@romashka.example', 'manager@desk.example', 'olga@romashka.example'],
    'to the manager and the agreement’s client recipients',
  );
  t.match(mails[0]!.subject, /Отчёт «SLA Ромашки» за 2026-10-01 – 2026-10-31/);
  const payload = JSON.parse(mails[0]!.payload!) as {
    files: Array<{ name: string; sha256: string; contentType: string }>;
  };
  t.same(
    payload.files.map((f) => f.name),
    ['sla-2026-10.pdf', 'sla-2026-10.xlsx'],
  );
  const pdf = readFileSync(reportStore(d.inst.ctx()).pathOf(payload.files[0]!.sha256));
  t.equal(pdf.subarray(0, 5).toString(), '%PDF-', 'the PDF is stored');

  t.same(await reportMailingJob(d.inst.ctx()), { sent: 0, failed: 0 }, 'a second run sends nothing');
  const dataDir = d.inst.config.dataDir;
  await d.inst.close();
  const inst = await openInstallation({ dataDir, clock: d.clock, env: {}, overrides: { logLevel: 'warn' } });
  t.teardown(() => inst.close());
  t.same(await reportMailingJob(inst.ctx()), { sent: 0, failed: 0 }, 'nor after a restart');

  d.clock.set('2026-12-01T05:59:00Z');
  t.same(await reportMailingJob(inst.ctx()), { sent: 0, failed: 0 }, 'not before 09:00 on the first working day');
  d.clock.set('2026-12-01T06:00:00Z');
  t.same(await reportMailingJob(inst.ctx()), { sent: 1, failed: 0 }, 'November goes out at 09:00 Moscow time');
  t.same(await reportMailingJob(inst.ctx()), { sent: 0, failed: 0 });
  await rejects(t, sendNow(inst.ctx(d.manager), d.sub.id), 409, /went out on 2026-12-01; it is in the archive/);

  const row = (await outbox(inst)).find((m) => m.dedupe_key === `report:${d.sub.id}:2026-11:olga@romashka.example`)!;
  const built = await buildMail(inst.ctx(), inst.config, row);
  const attachments = (built.mail as { attachments?: Array<{ filename: string; path: string }> }).attachments ?? [];
  t.same(
    attachments.map((a) => a.filename),
    ['sla-2026-11.pdf', 'sla-2026-11.xlsx'],
    'the mail carries both files',
  );
  t.ok(
    attachments.every((a) => existsSync(a.path)),
    'read from the report store',
  );
});

t.test('preview renders without sending; bad subscriptions are refused with the reason', async (t) => {
  const d = await mailingDesk(t);
  const pdfPreview = await previewReport(d.ctx(), d.sub.id, 'pdf').catch((e: Error) => e);
  t.notOk(pdfPreview instanceof Error, String(pdfPreview instanceof Error ? pdfPreview.stack : ''));
  const file = await previewReport(d.ctx(), d.sub.id, 'xlsx');
  t.equal(file.name, 'sla-2026-10.xlsx');
  t.equal(file.bytes.subarray(0, 2).toString(), 'PK', 'a workbook');
  t.equal((await outbox(d.inst)).filter((m) => m.dedupe_key?.startsWith('report:')).length, 0, 'nothing queued');
  await rejects(
    t,
    createSubscription(d.ctx(), {
      report: 'tickets',
      filters: { agreementId: d.agreementId },
      schedule: { period: 'week', time: '25:00' },
      recipients: [{ kind: 'contact', id: d.stranger.id }],
    }),
    400,
    /^(?=.*filters\.agreementId is not a filter of this report)(?=.*schedule\.time must be HH:MM)(?=.*contacts receive only their organization's reports)/,
  );
  await rejects(
    t,
    createSubscription(d.ctx(d.engineer), {
      report: 'sla',
      schedule: { period: 'month' },
      recipients: [{ kind: 'agent', id: 1 }],
    }),
    403,
    /report\.subscribe/,
  );
});

t.test("the monthly client pack of an agreement goes to the agreement's client recipients", async (t) => {
  const d = await mailingDesk(t);
  const pack = await createSubscription(d.ctx(), {
    report: 'client-pack',
    filters: { agreementId: d.agreementId },
    schedule: { period: 'month' },
    recipients: [{ kind: 'agreement_recipients' }],
    language: 'en',
  });
  t.same(await reportMailingJob(d.inst.ctx()), { sent: 2, failed: 0 }, 'the SLA report and the pack, October each');
  const mails = (await outbox(d.inst)).filter((m) => m.dedupe_key?.startsWith(`report:${pack.id}:`));
  t.same(mails.map((m) => m.recipient).sort(), ['john@romashka.example', 'olga@romashka.example']);
  const files = (JSON.parse(mails[0]!.payload!) as { files: Array<{ name: string }> }).files.map((f) => f.name);
  t.same(files, ['client-pack-2026-10.pdf', 'client-pack-2026-10.xlsx']);
});

t.test('a restart between rendering and sending sends once', async (t) => {
  const d = await mailingDesk(t);
  // The first run renders and stores October's files, then the process dies before it records the delivery.
  await renderAndStore(d.inst.ctx(), d.sub, { key: '2026-10', from: '2026-10-01', to: '2026-10-31' });
  const dataDir = d.inst.config.dataDir;
  await d.inst.close();
  const inst = await openInstallation({ dataDir, clock: d.clock, env: {}, overrides: { logLevel: 'warn' } });
  t.teardown(() => inst.close());
  t.same(await reportMailingJob(inst.ctx()), { sent: 1, failed: 0 }, 'the restarted job sends it');
  t.same(await reportMailingJob(inst.ctx()), { sent: 0, failed: 0 }, 'and only once');
  const mails = (await outbox(inst)).filter((m) => m.dedupe_key?.startsWith(`report:${d.sub.id}:2026-10:`));
  t.equal(mails.length, 3, 'one mail to each recipient');
  const stored = readdirSync(join(dataDir, 'reports'), { recursive: true }).filter((f) =>
    /[0-9a-f]{64}$/.test(String(f)),
  );
  t.equal(stored.length, 2, 'the files rendered twice are stored once (by content)');
});
