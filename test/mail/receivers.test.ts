import t from 'tap';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { openInstallation, type Installation } from '../../server/installation.js';
import { startMailReceivers, type MailReceivers } from '../../server/modules/inbound-mail/receivers.js';
import { mayAnswerAutomatically, type IngestResult } from '../../server/modules/inbound-mail/inbound-mail.service.js';
import { tempDir } from '../helpers/installation.js';

async function deskWithReceiver(
  t: Parameters<typeof tempDir>[0],
  mailFrom: string,
  extra: Record<string, unknown> = {},
  onIngested?: (r: IngestResult) => void,
) {
  const inst = await openInstallation({
    dataDir: tempDir(t),
    env: {},
    overrides: { logLevel: 'silent', mailFrom, inboundSmtpPort: 0, ...extra },
  });
  const receivers = await startMailReceivers(inst, { onIngested });
  t.teardown(async () => {
    await receivers.stop();
    await inst.close();
  });
  return { inst, receivers, port: receivers.smtp!.port };
}

const transport = (port: number) =>
  nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: false });

t.test('the built-in SMTP receiver files mail for our domain and refuses the rest', async (t) => {
  const { inst, port } = await deskWithReceiver(t, 'Support <support@desk.test>', { inboundMaxBytes: 200_000 });
  const smtp = transport(port);
  const info = await smtp.sendMail({
    from: 'client@client.example',
    to: 'support@desk.test',
    subject: 'Printer',
    text: 'Broken',
  });
  t.match(info.response, /^250/);
  const row = await inst.database.db.selectFrom('inbound_messages').selectAll().executeTakeFirstOrThrow();
  t.same(
    [row.status, row.source, row.from_address],
    ['ticket', 'smtp', 'client@client.example'],
    'answered 250 after it was filed',
  );

  await t.rejects(
    smtp.sendMail({ from: 'client@client.example', to: 'someone@other.example', subject: 'Relay?', text: 'x' }),
    /550|we do not accept mail/,
    'no relaying',
  );
  await t.rejects(
    smtp.sendMail({
      from: 'client@client.example',
      to: 'support@desk.test',
      subject: 'Huge',
      text: 'x',
      attachments: [{ filename: 'a.bin', content: Buffer.alloc(400_000) }],
    }),
    /552|larger than the limit/,
    'over the size limit: refused with 552, the sender is told',
  );

  const bounce = await smtp.sendMail({
    envelope: { from: '', to: 'support@desk.test' },
    from: 'postmaster@client.example',
    to: 'support@desk.test',
    subject: 'Delivery failure',
    text: 'x',
  });
  t.match(bounce.response, /^250/);
  const b = await inst.database.db
    .selectFrom('inbound_messages')
    .selectAll()
    .where('subject', '=', 'Delivery failure')
    .executeTakeFirstOrThrow();
  t.same([b.status, b.automatic], ['rejected', 1]);
  t.match(b.reason, /null return path/);
});

for (const marked of [true, false])
  t.test(
    `two desks mailing each other do not ping-pong forever (answers ${marked ? 'marked Auto-Submitted' : 'unmarked'})`,
    async (t) => {
      // Each desk answers every message it files that may be answered (the outbound side's rule, played here by
      // the test). With unmarked answers (a misconfigured peer) only the per-sender cap stops the loop.
      const sent = { a: 0, b: 0 };
      let deskA!: Awaited<ReturnType<typeof deskWithReceiver>>;
      let deskB!: Awaited<ReturnType<typeof deskWithReceiver>>;
      const pending: Promise<unknown>[] = [];
      const answer = (from: 'a' | 'b', r: IngestResult) => {
        pending.push(
          (async () => {
            const me = from === 'a' ? deskA : deskB;
            const other = from === 'a' ? deskB : deskA;
            if (r.ticketId === null || (r.outcome !== 'ticket' && r.outcome !== 'comment')) return;
            const may = await mayAnswerAutomatically(
              me.inst.ctx(),
              { ticketId: r.ticketId, commentId: r.commentId },
              { ...defaultsFor(), autoReplyCapPerHour: 5 },
            );
            if (!may.allowed) return;
            const ticket = await me.inst.database.db
              .selectFrom('tickets')
              .select(['number', 'subject'])
              .where('id', '=', r.ticketId)
              .executeTakeFirstOrThrow();
            sent[from]++;
            await transport(other.port).sendMail({
              from: `support@${from}.test`,
              to: `support@${from === 'a' ? 'b' : 'a'}.test`,
              subject: `[#${ticket.number}] Received: ${ticket.subject}`.slice(0, 200),
              text: 'We got your message.',
              headers: marked ? { 'Auto-Submitted': 'auto-replied' } : {},
            });
          })(),
        );
      };
      deskA = await deskWithReceiver(t, 'support@a.test', {}, (r) => answer('a', r));
      deskB = await deskWithReceiver(t, 'support@b.test', {}, (r) => answer('b', r));
      // Someone at desk B writes to desk A by hand; from then on only the machines talk.
      await transport(deskA.port).sendMail({
        from: 'support@b.test',
        to: 'support@a.test',
        subject: 'Hello from B',
        text: 'Hi',
      });
      for (let i = 0; i < 100 && pending.length > 0; i++) {
        const batch = pending.splice(0);
        await Promise.all(batch);
        await new Promise((r) => setTimeout(r, 20));
      }
      t.equal(pending.length, 0, 'the exchange stopped');
      t.ok(sent.a + sent.b <= 12, `messages exchanged: A ${sent.a}, B ${sent.b}`);
      const countA = await deskA.inst.database.db
        .selectFrom('inbound_messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      t.ok(Number(countA.n) <= 7, `desk A received ${countA.n}`);
    },
  );

function defaultsFor() {
  return {
    maxBytes: 1e8,
    maxMimeParts: 1000,
    maxMimeContainers: 100,
    attachmentMaxBytes: 1e8,
    strangerReplies: 'hold' as const,
    unsortedOrganization: 'Unsorted mail',
    ownAddresses: [],
    autoReplyCapPerHour: 5,
    prepareSeconds: 10,
  };
}

export type { Installation, MailReceivers };

t.test(
  'STARTTLS on the built-in receiver when a certificate is configured; a bad certificate stops the start',
  async (t) => {
    const dir = tempDir(t);
    const pem = (name: string) => join(dir, name);
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        pem('key.pem'),
        '-out',
        pem('cert.pem'),
        '-days',
        '2',
        '-subj',
        '/CN=mx.desk.test',
      ],
      { stdio: 'ignore' },
    );
    const { inst, port } = await deskWithReceiver(t, 'support@desk.test', {
      inboundSmtpTlsCert: pem('cert.pem'),
      inboundSmtpTlsKey: pem('key.pem'),
    });
    const tlsOnly = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      requireTLS: true,
      tls: { rejectUnauthorized: false },
      pool: false,
    });
    const info = await tlsOnly.sendMail({
      from: 'client@client.example',
      to: 'support@desk.test',
      subject: 'Over TLS',
      text: 'Encrypted on the way',
    });
    t.match(info.response, /^250/, 'a sender that insists on TLS delivers');
    t.ok(
      await inst.database.db
        .selectFrom('inbound_messages')
        .select('id')
        .where('subject', '=', 'Over TLS')
        .executeTakeFirst(),
      'and the message is filed',
    );

    const plain = await deskWithReceiver(t, 'support@desk.test');
    const insisting = nodemailer.createTransport({
      host: '127.0.0.1',
      port: plain.port,
      secure: false,
      requireTLS: true,
      pool: false,
    });
    await t.rejects(
      insisting.sendMail({ from: 'client@client.example', to: 'support@desk.test', subject: 'x', text: 'x' }),
      /STARTTLS/i,
      'without a certificate no STARTTLS is offered',
    );

    const inst2 = await openInstallation({
      dataDir: tempDir(t),
      env: {},
      overrides: {
        logLevel: 'silent',
        inboundSmtpPort: 0,
        inboundSmtpTlsCert: pem('cert.pem'),
        inboundSmtpTlsKey: pem('cert.pem'),
      },
    });
    t.teardown(() => inst2.close());
    await t.rejects(
      startMailReceivers(inst2),
      /not a usable certificate and key/,
      'a key that is not a key is refused with the reason',
    );
    const inst3 = await openInstallation({
      dataDir: tempDir(t),
      env: {},
      overrides: { logLevel: 'silent', inboundSmtpPort: 0, inboundSmtpTlsCert: pem('cert.pem') },
    });
    t.teardown(() => inst3.close());
    await t.rejects(startMailReceivers(inst3), /go together/);
  },
);
