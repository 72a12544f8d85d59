import t from 'tap';
import { sql } from 'kysely';
import { testDesk } from '../helpers/app.js';
import { makeContact, makeOrganization } from '../helpers/factories.js';
import { REPLY_MARKER } from '../../server/modules/notifications/mail-markers.js';
import { isAutomatic, mayAnswerAutomatically } from '../../server/modules/inbound-mail/inbound-mail.service.js';
import { compose, ingest, settings } from './helpers.js';

const koi8 = (() => {
  // The reverse of the WHATWG koi8-r decoder: the test writes the bytes an old Russian mail client would.
  const decoder = new TextDecoder('koi8-r');
  const map = new Map<string, number>();
  for (let b = 0; b < 256; b++) map.set(decoder.decode(Uint8Array.of(b)), b);
  return (text: string) => Buffer.from([...text].map((c) => map.get(c) ?? 0x3f));
})();

async function deskWithClient(t: Parameters<typeof testDesk>[0]) {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin, { name: 'Romashka LLC' });
  const contact = await makeContact(admin, org.id, { name: 'Ivan Petrov', email: 'ivan@romashka.example' });
  return { desk, admin, org, contact };
}

t.test('koi8-r text and subject are decoded', async (t) => {
  const { desk, contact } = await deskWithClient(t);
  const body = 'Здравствуйте! Не печатает принтер в бухгалтерии.';
  const subject = 'Принтер не работает';
  const raw = Buffer.concat([
    Buffer.from(
      [
        'From: =?koi8-r?B?' + koi8('Иван Петров').toString('base64') + '?= <ivan@romashka.example>',
        'To: support@desk.test',
        'Subject: =?koi8-r?B?' + koi8(subject).toString('base64') + '?=',
        'Message-ID: <koi8-1@romashka.example>',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=koi8-r',
        'Content-Transfer-Encoding: 8bit',
        '',
        '',
      ].join('\r\n'),
    ),
    koi8(body),
  ]);
  const result = await ingest(desk.inst, raw);
  t.equal(result.outcome, 'ticket');
  const ticket = await desk.inst.database.db
    .selectFrom('tickets')
    .selectAll()
    .where('id', '=', result.ticketId!)
    .executeTakeFirstOrThrow();
  t.equal(ticket.subject, subject);
  t.equal(ticket.description, body);
  t.equal(ticket.contact_id, contact.id);
  t.equal(ticket.channel, 'email');
});

t.test('a 20 MB attachment is kept; one over the file limit stays in the original with a notice', async (t) => {
  const { desk } = await deskWithClient(t);
  const big = Buffer.alloc(20 * 1024 * 1024, 7);
  const raw = await compose({
    from: 'ivan@romashka.example',
    to: 'support@desk.test',
    subject: 'Logs',
    text: 'Logs attached',
    attachments: [{ filename: 'logs.tar', content: big }],
  });
  const result = await ingest(desk.inst, raw);
  t.equal(result.outcome, 'ticket');
  const files = await desk.inst.database.db
    .selectFrom('attachments')
    .selectAll()
    .where('ticket_id', '=', result.ticketId!)
    .execute();
  t.same(
    files.map((f) => [f.file_name, f.size]),
    [['logs.tar', big.length]],
  );

  const raw2 = await compose({
    from: 'ivan@romashka.example',
    to: 'support@desk.test',
    subject: 'More logs',
    text: 'Here',
    attachments: [{ filename: 'more.tar', content: Buffer.alloc(2 * 1024 * 1024, 1) }],
  });
  const limited = await ingest(desk.inst, raw2, { attachmentMaxBytes: 1024 * 1024 });
  const ticket = await desk.inst.database.db
    .selectFrom('tickets')
    .selectAll()
    .where('id', '=', limited.ticketId!)
    .executeTakeFirstOrThrow();
  t.match(ticket.description, /"more\.tar" \(2\.0 MB\) is larger than the limit/);

  const tooBig = await ingest(
    desk.inst,
    await compose({
      from: 'ivan@romashka.example',
      to: 'x@desk.test',
      subject: 'Huge',
      text: 'x',
      attachments: [{ filename: 'a.bin', content: Buffer.alloc(300_000) }],
    }),
    { maxBytes: 100_000 },
  );
  t.equal(tooBig.outcome, 'rejected');
  t.match(tooBig.reason, /too large/);
  const row = await desk.inst.database.db
    .selectFrom('inbound_messages')
    .selectAll()
    .where('id', '=', tooBig.inboundId)
    .executeTakeFirstOrThrow();
  t.equal(row.subject, 'Huge', 'the listing still shows who sent what');
  t.ok(row.raw_sha256, 'the original is kept');
});

t.test('a 50,000-link HTML body is parsed and sanitised quickly', async (t) => {
  const { desk } = await deskWithClient(t);
  const links = Array.from(
    { length: 50_000 },
    (_, i) => `<a href="https://example.com/p/${i}" onclick="steal()">link ${i}</a>`,
  ).join(' ');
  const raw = await compose({
    from: 'ivan@romashka.example',
    to: 'support@desk.test',
    subject: 'Links',
    html: `<p>Please check</p><script>alert(1)</script>${links}`,
  });
  const started = performance.now();
  const result = await ingest(desk.inst, raw);
  const ms = performance.now() - started;
  t.comment(`50,000-link message: ${raw.length} bytes ingested in ${ms.toFixed(0)} ms`);
  t.equal(result.outcome, 'ticket');
  t.ok(ms < 10_000, `ingested in ${ms.toFixed(0)} ms`);
  const row = await desk.inst.database.db
    .selectFrom('inbound_messages')
    .select('body_html')
    .where('id', '=', result.inboundId)
    .executeTakeFirstOrThrow();
  t.notMatch(row.body_html!, /script|onclick/);
  t.match(row.body_html!, /rel="noopener noreferrer nofollow"/);
});

t.test('MIME bombs are refused with a reason, never parsed', async (t) => {
  const { desk } = await deskWithClient(t);
  const depth = 500;
  let body = 'Content-Type: text/plain\r\n\r\nboom\r\n';
  for (let i = depth; i > 0; i--)
    body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}--b${i}--\r\n`;
  const nested = Buffer.from(
    `From: bomber@evil.example\r\nTo: support@desk.test\r\nSubject: nested\r\nMessage-ID: <bomb1@evil.example>\r\nMIME-Version: 1.0\r\n${body}`,
  );
  const r1 = await ingest(desk.inst, nested);
  t.equal(r1.outcome, 'rejected');
  t.match(r1.reason, /MIME bomb/);

  const parts = Array.from({ length: 5000 }, (_, i) => `--wide\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join(
    '',
  );
  const wide = Buffer.from(
    `From: bomber@evil.example\r\nTo: support@desk.test\r\nSubject: wide\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="wide"\r\n\r\n${parts}--wide--\r\n`,
  );
  const r2 = await ingest(desk.inst, wide);
  t.equal(r2.outcome, 'rejected');
  t.match(r2.reason, /MIME bomb refused: 5001 parts/);
});

t.test('automatic mail is stored, never a ticket, never answered', async (t) => {
  const { desk, admin } = await deskWithClient(t);
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['auto-replied', { 'Auto-Submitted': 'auto-replied' }, /Auto-Submitted/],
    ['bulk', { Precedence: 'bulk' }, /Precedence: bulk/],
    ['junk', { Precedence: 'junk' }, /Precedence/],
    ['list', { Precedence: 'list' }, /Precedence/],
    ['x-autoreply', { 'X-Autoreply': 'yes' }, /X-Autoreply/],
    ['exchange', { 'X-Auto-Response-Suppress': 'All' }, /X-Auto-Response-Suppress/],
    ['null return path', { 'Return-Path': '<>' }, /null return path/],
  ];
  for (const [name, headers, reason] of cases) {
    const r = await ingest(
      desk.inst,
      await compose({
        from: 'robot@elsewhere.example',
        to: 'support@desk.test',
        subject: `Out of office ${name}`,
        text: 'I am away',
        headers,
      }),
    );
    t.equal(r.outcome, 'rejected', name);
    t.match(r.reason, reason, name);
    t.ok(r.automatic, `${name} is automatic`);
  }
  const human = await ingest(
    desk.inst,
    await compose({
      from: 'ivan@romashka.example',
      to: 'support@desk.test',
      subject: 'Hello',
      text: 'Help',
      headers: { 'Auto-Submitted': 'no' },
    }),
  );
  t.equal(human.outcome, 'ticket', 'Auto-Submitted: no is a person');
  t.same(await mayAnswerAutomatically(desk.inst.ctx(), { ticketId: human.ticketId! }), { allowed: true, reason: null });

  // An out-of-office reply of the client inside the thread: an internal note, flagged automatic.
  const reply = await ingest(
    desk.inst,
    await compose({
      from: 'ivan@romashka.example',
      to: 'support@desk.test',
      subject: 'Re: Hello',
      text: 'I am on vacation',
      inReplyTo: await firstMessageId(desk, human.inboundId),
      headers: { 'Auto-Submitted': 'auto-replied' },
    }),
  );
  t.equal(reply.outcome, 'comment');
  const comment = await desk.inst.database.db
    .selectFrom('comments')
    .selectAll()
    .where('id', '=', reply.commentId!)
    .executeTakeFirstOrThrow();
  t.equal(comment.public, 0, 'an auto-reply is not the client answering');
  t.ok(await isAutomatic(desk.inst.ctx(), { ticketId: reply.ticketId!, commentId: reply.commentId }));
  t.equal(
    (await mayAnswerAutomatically(desk.inst.ctx(), { ticketId: reply.ticketId!, commentId: reply.commentId })).allowed,
    false,
  );

  const report = await ingest(
    desk.inst,
    await compose({
      from: 'MAILER-DAEMON@mx.example',
      to: 'support@desk.test',
      subject: 'Undelivered Mail Returned to Sender',
      text: 'failed',
    }),
  );
  t.match(report.reason, /mailer-daemon/);

  const own = await ingest(
    desk.inst,
    await compose({ from: 'Support <support@desk.test>', to: 'support@desk.test', subject: 'Loop', text: 'x' }),
  );
  t.equal(own.outcome, 'rejected');
  t.match(own.reason, /our own address/);

  const listed = await admin.get('/api/v1/inbound-messages?status=rejected&limit=100');
  t.equal(listed.statusCode, 200);
  t.equal(listed.json().items.length, cases.length + 2);
  t.ok(listed.json().items.every((m: { reason: string | null; isAutomatic: boolean }) => m.reason));
});

async function firstMessageId(desk: Awaited<ReturnType<typeof testDesk>>, inboundId: number) {
  const row = await desk.inst.database.db
    .selectFrom('inbound_messages')
    .select('message_id')
    .where('id', '=', inboundId)
    .executeTakeFirstOrThrow();
  return `<${row.message_id}>`;
}

t.test('threading: In-Reply-To, References, our sent Message-IDs and the [#N] token', async (t) => {
  const { desk, contact } = await deskWithClient(t);
  const first = await ingest(
    desk.inst,
    await compose({
      from: 'ivan@romashka.example',
      to: 'support@desk.test',
      subject: 'VPN is down',
      text: 'Since morning',
      messageId: '<m1@romashka.example>',
    }),
  );
  t.equal(first.outcome, 'ticket');
  const ticket = await desk.inst.database.db
    .selectFrom('tickets')
    .selectAll()
    .where('id', '=', first.ticketId!)
    .executeTakeFirstOrThrow();

  const byReply = await ingest(
    desk.inst,
    await compose({
      from: 'ivan@romashka.example',
      to: 'support@desk.test',
      subject: 'Re: VPN is down',
      text: `Still down\n\nOn Mon, 1 Dec 2026 at 10:00, Support <support@desk.test> wrote:\n> Since morning`,
      inReplyTo: '<m1@romashka.example>',
    }),
  );
  t.equal(byReply.outcome, 'comment');
  t.equal(byReply.ticketId, ticket.id);
  const comment = await desk.inst.database.db
    .selectFrom('comments')
    .selectAll()
    .where('id', '=', byReply.commentId!)
    .executeTakeFirstOrThrow();
  t.equal(comment.body, 'Still down', 'quoted history folded away');
  t.equal(comment.author_contact_id, contact.id, 'posted as the client');
  t.equal(comment.public, 1);
  const folded = await desk.inst.database.db
    .selectFrom('inbound_messages')
    .select('quoted_text')
    .where('id', '=', byReply.inboundId)
    .executeTakeFirstOrThrow();
  t.match(folded.quoted_text, /wrote:\n> Since morning/);

  const byRefs = await ingest(
    desk.inst,
    await compose({
      from: 'ivan@romashka.example',
      to: 'support@desk.test',
      subject: 'other words',
      text: `Thanks\n${REPLY_MARKER}\nold`,
      references: ['<zzz@nowhere>', '<m1@romashka.example>'],
    }),
  );
  t.equal(byRefs.ticketId, ticket.id, 'by References');
  const c2 = await desk.inst.database.db
    .selectFrom('comments')
    .select('body')
    .where('id', '=', byRefs.commentId!)
    .executeTakeFirstOrThrow();
  t.equal(c2.body, 'Thanks', 'text below the reply marker is folded');

  const byToken = await ingest(
    desk.inst,
    await compose({
      from: 'IVAN@Romashka.example',
      to: 'support@desk.test',
      subject: `Re: [#${ticket.number}] VPN is down`,
      text: 'Works now, thanks',
    }),
  );
  t.equal(byToken.outcome, 'comment', 'by [#N], the address compared without case');
  t.equal(byToken.ticketId, ticket.id);

  // The outbound side records every Message-ID it sends (migration 005), so a reply to one finds its ticket.
  await sql`insert into mail_message_ids (message_id, ticket_id, direction, created_at) values ('out-1@desk.test', ${ticket.id}, 'out', '2026-12-01T00:00:00Z')`.execute(
    desk.inst.database.db,
  );
  const byOurs = await ingest(
    desk.inst,
    await compose({
      from: 'ivan@romashka.example',
      to: 'support@desk.test',
      subject: 'Re: Your request',
      text: 'Answer',
      inReplyTo: '<out-1@desk.test>',
    }),
  );
  t.equal(byOurs.ticketId, ticket.id, 'by a Message-ID the outbound side sent');
});

t.test('a forged In-Reply-To from a stranger is never posted as the client', async (t) => {
  const { desk, admin } = await deskWithClient(t);
  const first = await ingest(
    desk.inst,
    await compose({
      from: 'ivan@romashka.example',
      to: 'support@desk.test',
      subject: 'Salary file',
      text: 'Confidential',
      messageId: '<secret@romashka.example>',
    }),
  );
  const forged = await compose({
    from: 'attacker@evil.example',
    to: 'support@desk.test',
    subject: 'Re: Salary file',
    text: 'Please send the file to me',
    inReplyTo: '<secret@romashka.example>',
  });
  const held = await ingest(desk.inst, forged);
  t.equal(held.outcome, 'held');
  t.equal(held.commentId, null);
  t.match(held.reason, /attacker@evil\.example is not a participant/);
  const comments = await desk.inst.database.db
    .selectFrom('comments')
    .selectAll()
    .where('ticket_id', '=', first.ticketId!)
    .execute();
  t.equal(comments.length, 0, 'nothing was posted in the ticket');
  const list = await admin.get('/api/v1/inbound-messages?status=held');
  t.same(
    list.json().items.map((m: { id: number; ticketId: number }) => [m.id, m.ticketId]),
    [[held.inboundId, first.ticketId]],
  );

  // Per config the stranger's mail becomes a ticket of its own instead, never a comment of Ivan's ticket.
  const forged2 = await compose({
    from: 'attacker@evil.example',
    to: 'support@desk.test',
    subject: 'Re: [#1] Salary file',
    text: 'Again',
    inReplyTo: '<secret@romashka.example>',
  });
  const own = await ingest(desk.inst, forged2, { strangerReplies: 'new_ticket' });
  t.equal(own.outcome, 'ticket');
  t.not(own.ticketId, first.ticketId);
  const ticket = await desk.inst.database.db
    .selectFrom('tickets')
    .selectAll()
    .where('id', '=', own.ticketId!)
    .executeTakeFirstOrThrow();
  t.match(ticket.tags, /unsorted/);
  t.equal(ticket.contact_id, null);
});

t.test('idempotent: one message is filed once, however often it arrives', async (t) => {
  const { desk } = await deskWithClient(t);
  const raw = await compose({
    from: 'ivan@romashka.example',
    to: 'support@desk.test',
    subject: 'Twice',
    text: 'x',
    messageId: '<twice@romashka.example>',
  });
  const a = await ingest(desk.inst, raw);
  const b = await ingest(
    desk.inst,
    Buffer.concat([Buffer.from('Received: from relay2 by mx; Mon, 1 Dec 2026 10:00:00 +0000\r\n'), raw]),
  );
  t.equal(a.outcome, 'ticket');
  t.equal(b.outcome, 'duplicate');
  t.equal(b.ticketId, a.ticketId);
  const noId = Buffer.from('From: ivan@romashka.example\r\nTo: support@desk.test\r\nSubject: no id\r\n\r\nbody\r\n');
  const together = await Promise.all([ingest(desk.inst, noId), ingest(desk.inst, noId), ingest(desk.inst, noId)]);
  t.same(
    together.map((r) => r.outcome).sort(),
    ['duplicate', 'duplicate', 'ticket'],
    'concurrent deliveries: one ticket',
  );
  const count = await desk.inst.database.db
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  t.equal(Number(count.n), 2);
});

t.test('new mail: the client by contact, by domain, else the unsorted queue', async (t) => {
  const { desk, admin, org } = await deskWithClient(t);
  const put = await admin.request('PUT', `/api/v1/organizations/${org.id}/mail-domains`, {
    domains: ['Romashka.example'],
  });
  t.equal(put.statusCode, 200);
  t.same(put.json(), { domains: ['romashka.example'] });
  const other = await makeOrganization(admin, { name: 'Other' });
  t.equal(
    (await admin.request('PUT', `/api/v1/organizations/${other.id}/mail-domains`, { domains: ['romashka.example'] }))
      .statusCode,
    409,
  );

  const byDomain = await ingest(
    desk.inst,
    await compose({
      from: 'Olga Smirnova <olga@romashka.example>',
      to: 'support@desk.test',
      subject: 'Access',
      text: 'Need access',
    }),
  );
  const ticket = await desk.inst.database.db
    .selectFrom('tickets')
    .selectAll()
    .where('id', '=', byDomain.ticketId!)
    .executeTakeFirstOrThrow();
  t.equal(ticket.organization_id, org.id);
  const contact = await desk.inst.database.db
    .selectFrom('contacts')
    .selectAll()
    .where('id', '=', ticket.contact_id!)
    .executeTakeFirstOrThrow();
  t.same([contact.name, contact.email, contact.organization_id], ['Olga Smirnova', 'olga@romashka.example', org.id]);
  t.match(ticket.tags, /no-active-agreement/, 'the SLA rules mark mail of a client without an agreement');

  const a = await ingest(
    desk.inst,
    await compose({ from: 'someone@unknown.example', to: 'support@desk.test', subject: 'Hi', text: 'Who am I' }),
  );
  const b = await ingest(
    desk.inst,
    await compose({ from: 'else@unknown2.example', to: 'support@desk.test', subject: 'Hi', text: 'And me' }),
  );
  const [ta, tb] = await Promise.all(
    [a, b].map((r) =>
      desk.inst.database.db.selectFrom('tickets').selectAll().where('id', '=', r.ticketId!).executeTakeFirstOrThrow(),
    ),
  );
  t.equal(ta!.organization_id, tb!.organization_id, 'one catch-all client');
  t.match(ta!.tags, /unsorted/);
  const catchAll = await desk.inst.database.db
    .selectFrom('organizations')
    .selectAll()
    .where('id', '=', ta!.organization_id)
    .executeTakeFirstOrThrow();
  t.equal(catchAll.name, settings().unsortedOrganization);

  // Strangers in the catch-all are not each other's participants.
  const cross = await ingest(
    desk.inst,
    await compose({
      from: 'else@unknown2.example',
      to: 'support@desk.test',
      subject: `Re: [#${ta!.number}] Hi`,
      text: 'Let me in',
    }),
  );
  t.equal(cross.outcome, 'held');
  const back = await ingest(
    desk.inst,
    await compose({
      from: 'someone@unknown.example',
      to: 'support@desk.test',
      subject: `Re: [#${ta!.number}] Hi`,
      text: 'Me again',
    }),
  );
  t.equal(back.outcome, 'comment', 'the unsorted sender may answer in their own ticket');
});

t.test('HTML: safe markup, inline images from the message, remote images dropped', async (t) => {
  const { desk, admin } = await deskWithClient(t);
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  const raw = await compose({
    from: 'ivan@romashka.example',
    to: 'support@desk.test',
    subject: 'Screenshot',
    html: '<p style="color:red">See <b>this</b>:</p><img src="cid:shot@x"><img src="https://tracker.example/p.gif"><iframe src="https://evil.example"></iframe><a href="javascript:alert(1)">x</a>',
    attachments: [{ filename: 'shot.png', content: png, cid: 'shot@x' }],
  });
  const r = await ingest(desk.inst, raw);
  const detail = await admin.get(`/api/v1/inbound-messages/${r.inboundId}`);
  t.equal(detail.statusCode, 200);
  const html = detail.json().bodyHtml as string;
  const file = await desk.inst.database.db
    .selectFrom('attachments')
    .selectAll()
    .where('ticket_id', '=', r.ticketId!)
    .executeTakeFirstOrThrow();
  t.match(html, `<img src="/api/v1/attachments/${file.id}/download"`);
  t.notMatch(html, /tracker|iframe|javascript|style=/);
  t.equal(file.file_name, 'shot.png');
  const ticket = await desk.inst.database.db
    .selectFrom('tickets')
    .selectAll()
    .where('id', '=', r.ticketId!)
    .executeTakeFirstOrThrow();
  t.match(ticket.description, /See this/i, 'a text version from the HTML');

  const rawDownload = await admin.get(`/api/v1/inbound-messages/${r.inboundId}/raw`);
  t.equal(rawDownload.statusCode, 200);
  t.equal(rawDownload.headers['x-content-type-options'], 'nosniff');
  t.match(rawDownload.headers['content-disposition'], /attachment/);
  t.ok(Buffer.from(rawDownload.rawPayload).equals(raw), 'the original, byte for byte');
  const engineer = await desk.agent('engineer');
  t.equal((await engineer.get('/api/v1/inbound-messages')).statusCode, 403, 'the mail log is for admins');
});
