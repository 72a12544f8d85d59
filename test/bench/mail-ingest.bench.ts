/**
 * Ingestion throughput through the built-in SMTP receiver (issue 7): a 10,000-message "mailbox" delivered by
 * nodemailer over loopback with a few parallel connections, as a relay would, into a real installation.
 * Every message is a new ticket of a known client (the heaviest common path: contact lookup, ticket, SLA
 * terms, search index, the inbound record and the raw .eml on disk).
 *
 * On its own:  node --import=tsx test/bench/mail-ingest.bench.ts   (BENCH_MAIL_MESSAGES to change the count)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import nodemailer from 'nodemailer';
import { openInstallation } from '../../server/installation.js';
import { createContact, createOrganization } from '../../server/modules/organizations/organizations.service.js';
import { startMailReceivers } from '../../server/modules/inbound-mail/receivers.js';
import { inboundSettingsFrom, ingestRawMessage } from '../../server/modules/inbound-mail/inbound-mail.service.js';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { printBenchRows, type BenchRow } from './business-time.bench.js';

/** The hostile message: one HTML body with 50,000 links (and a script), ingested alone; best of three. */
async function linkFlood(inst: Awaited<ReturnType<typeof openInstallation>>, from: string) {
  const links = Array.from(
    { length: 50_000 },
    (_, i) => `<a href="https://example.com/p/${i}" onclick="steal()">link ${i}</a>`,
  ).join(' ');
  let best = Infinity;
  let bytes = 0;
  for (let run = 0; run < 3; run++) {
    const raw = await new MailComposer({
      from,
      to: 'support@desk.test',
      subject: `Links ${run}`,
      html: `<p>Please check</p><script>alert(1)</script>${links}`,
    })
      .compile()
      .build();
    bytes = raw.length;
    const started = performance.now();
    const result = await ingestRawMessage(inst.ctx(), raw, { kind: 'bench' }, inboundSettingsFrom(inst.config));
    best = Math.min(best, performance.now() - started);
    if (result.outcome !== 'ticket') throw new Error(`the link flood became ${result.outcome}: ${result.reason}`);
  }
  return { ms: best, bytes };
}

export async function benchMailIngest(count = Number(process.env.BENCH_MAIL_MESSAGES ?? 10_000)): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ondesk-mail-bench-'));
  const inst = await openInstallation({
    dataDir,
    env: {},
    overrides: { logLevel: 'warn', mailFrom: 'support@desk.test', inboundSmtpPort: 0 },
  });
  let ingested = 0;
  const receivers = await startMailReceivers(inst, { onIngested: () => void ingested++ });
  try {
    const ctx = inst.ctx();
    const senders: string[] = [];
    for (let i = 0; i < 20; i++) {
      const org = await createOrganization(ctx, { name: `Client ${i}` });
      const email = `user${i}@client${i}.example`;
      await createContact(ctx, org.id, { name: `User ${i}`, email });
      senders.push(email);
    }
    const connections = 8;
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: receivers.smtp!.port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: connections,
      maxMessages: Infinity,
    });
    const body = 'Hello,\n\nthe printer on the second floor prints blank pages since this morning.\n\nRegards,\nUser\n';
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: connections * 4 }, async () => {
        while (next < count) {
          const i = next++;
          await transport.sendMail({
            from: senders[i % senders.length],
            to: 'support@desk.test',
            subject: `Printer ${i}`,
            text: body,
            messageId: `<bench-${i}@client.example>`,
          });
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    transport.close();
    const tickets = await inst.database.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(tickets.n) !== count || ingested !== count)
      throw new Error(`expected ${count} tickets, got ${tickets.n} (${ingested} ingested)`);
    const links = await linkFlood(inst, senders[0]!);
    return [
      {
        name: `SMTP receiver → tickets, ${count} messages, ${connections} connections`,
        value: count / seconds,
        unit: 'messages/s',
        budget: '≥ 50/s',
        pass: count / seconds >= 50,
      },
      { name: 'total time', value: seconds, unit: 's' },
      {
        name: `a 50,000-link HTML body (${(links.bytes / 1024 / 1024).toFixed(1)} MB): parsed, sanitised, filed`,
        value: links.ms,
        unit: 'ms',
        budget: '< 2,000 ms',
        pass: links.ms < 2000,
      },
    ];
  } finally {
    await receivers.stop();
    await inst.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printBenchRows('Inbound mail (SMTP receiver, real SQLite file)', await benchMailIngest());
}
