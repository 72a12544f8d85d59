import t from 'tap';
import { testDesk, type TestDesk, type ApiClient } from '../helpers/app.js';
import { makeContact, makeOrganization } from '../helpers/factories.js';
import { isAutomatic } from '../../server/modules/inbound-mail/inbound-mail.service.js';
import { compose, ingest } from './helpers.js';
import { notificationDesk } from '../notifications/helpers.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

interface View {
  id: number;
  status: string;
  reason: string | null;
  ticketId: number | null;
  commentId: number | null;
  isAutomatic: boolean;
  bodyHtml: string | null;
  from: string | null;
}

async function deskWithThread(t: Parameters<typeof testDesk>[0]) {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin, { name: 'Romashka LLC' });
  const contact = await makeContact(admin, org.id, { name: 'Ivan Petrov', email: 'ivan@romashka.example' });
  const first = await ingest(
    desk.inst,
    await compose({
      from: 'Ivan Petrov <ivan@romashka.example>',
      to: 'support@desk.test',
      subject: 'VPN is down',
      text: 'Since morning',
      messageId: '<vpn-1@romashka.example>',
    }),
  );
  if (first.outcome !== 'ticket') throw new Error(`first message: ${first.outcome} ${first.reason}`);
  const ticket = await desk.inst.database.db
    .selectFrom('tickets')
    .select(['id', 'number'])
    .where('id', '=', first.ticketId!)
    .executeTakeFirstOrThrow();
  return { desk, admin, org, contact, ticket };
}

const db = (desk: TestDesk) => desk.inst.database.db;
const inboundRows = async (desk: TestDesk) =>
  Number(
    (
      await db(desk)
        .selectFrom('inbound_messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const outboxTo = (desk: TestDesk, address: string) =>
  db(desk).selectFrom('outbox').select(['recipient', 'subject', 'payload']).where('recipient', '=', address).execute();
const acknowledgementsTo = async (desk: TestDesk, address: string) =>
  (await outboxTo(desk, address)).filter(
    (r) => (JSON.parse(r.payload ?? '{}') as { event?: string }).event === 'ticket.acknowledgement',
  );

/** A stranger's reply into Ivan's thread: held, never posted as the client. */
async function heldReply(
  desk: TestDesk,
  opts: {
    from?: string;
    text?: string;
    headers?: Record<string, string>;
    messageId?: string;
    withFiles?: boolean;
  } = {},
) {
  const raw = await compose({
    from: opts.from ?? 'Olga Smirnova <olga@partner.example>',
    to: 'support@desk.test',
    subject: 'Re: VPN is down',
    inReplyTo: '<vpn-1@romashka.example>',
    ...(opts.messageId && { messageId: opts.messageId }),
    ...(opts.headers && { headers: opts.headers }),
    text: opts.text ?? 'I am the new IT person, still down here',
    ...(opts.withFiles && {
      html: '<p>I am the new IT person, still down here</p><img src="cid:shot@x">',
      attachments: [
        { filename: 'shot.png', content: PNG, cid: 'shot@x' },
        { filename: 'vpn.log', content: Buffer.from('log line\n') },
      ],
    }),
  });
  const r = await ingest(desk.inst, raw);
  if (r.outcome !== 'held') throw new Error(`expected held, got ${r.outcome}: ${r.reason}`);
  return r;
}

t.test('a held reply from a stranger is released into its ticket as the public comment of a new contact', async (t) => {
  const { desk, admin, org, ticket } = await deskWithThread(t);
  const held = await heldReply(desk, { withFiles: true });
  const rowsBefore = await inboundRows(desk);

  const res = await admin.post(`/api/v1/inbound-messages/${held.inboundId}/release`, {});
  t.equal(res.statusCode, 200, res.body);
  const view = res.json() as View;
  t.match(view, {
    id: held.inboundId,
    status: 'comment',
    ticketId: ticket.id,
    isAutomatic: false,
    from: 'olga@partner.example',
  });
  t.ok(view.commentId, 'the comment is named');
  t.match(view.reason, /^released by admin \d+ \(agent \d+\)/);
  t.match(view.reason, /new contact olga@partner\.example/);
  t.same(
    (await admin.get(`/api/v1/inbound-messages/${held.inboundId}`)).json(),
    view,
    'the same view as GET /inbound-messages/:id',
  );

  const contact = await db(desk)
    .selectFrom('contacts')
    .selectAll()
    .where('email', '=', 'olga@partner.example')
    .executeTakeFirstOrThrow();
  t.same(
    [contact.organization_id, contact.name],
    [org.id, 'Olga Smirnova'],
    "the sender became a contact of the ticket's client",
  );
  const comments = (await admin.get(`/api/v1/tickets/${ticket.id}/comments`)).json().items as Array<{
    id: number;
    body: string;
    public: boolean;
    author: { kind: string; id: number | null };
  }>;
  t.equal(comments.length, 1);
  t.match(comments[0], {
    id: view.commentId,
    public: true,
    author: { kind: 'contact', id: contact.id },
    body: /still down here/,
  });

  // Files and inline images exactly as ingestion keeps them: on the comment, the inline image re-pointed.
  const files = await db(desk)
    .selectFrom('attachments')
    .selectAll()
    .where('ticket_id', '=', ticket.id)
    .orderBy('id')
    .execute();
  t.same(
    files.map((f) => [f.file_name, f.comment_id]),
    [
      ['shot.png', view.commentId],
      ['vpn.log', view.commentId],
    ],
  );
  t.match(view.bodyHtml, `<img src="/api/v1/attachments/${files[0]!.id}/download"`);
  t.notMatch(view.bodyHtml, /__ondesk_attachment_/);

  const history = (await admin.get(`/api/v1/tickets/${ticket.id}/history`)).json().items as Array<{
    action: string;
    to: string | null;
    actor: { id: number } | null;
  }>;
  const line = history.find((h) => h.action === 'mail_released');
  t.ok(line, 'the history says the message was released');
  t.equal(line?.actor?.id, admin.agentId, '…by which admin');
  t.match(line?.to, new RegExp(`inbound message ${held.inboundId} from olga@partner\\.example released by`));

  const again = await admin.post(`/api/v1/inbound-messages/${held.inboundId}/release`, {});
  t.equal(again.statusCode, 409);
  t.match(again.json(), {
    status: 409,
    detail: `Message ${held.inboundId} already became a comment in ticket #${ticket.number}`,
  });
  t.equal((await admin.get(`/api/v1/tickets/${ticket.id}/comments`)).json().items.length, 1, 'nothing posted twice');
  t.equal(await inboundRows(desk), rowsBefore, 'no second inbound row');

  // Vouched for once, Olga is a participant now: her next reply goes straight in.
  const next = await ingest(
    desk.inst,
    await compose({
      from: 'olga@partner.example',
      to: 'support@desk.test',
      subject: 'Re: VPN is down',
      text: 'Works now',
      inReplyTo: '<vpn-1@romashka.example>',
    }),
  );
  t.equal(next.outcome, 'comment');
});

t.test('a double click releases once: one 200, one 409, one comment', async (t) => {
  const { desk, admin, ticket } = await deskWithThread(t);
  const held = await heldReply(desk);
  const url = `/api/v1/inbound-messages/${held.inboundId}/release`;
  const results = await Promise.all([
    admin.post(url, {}),
    admin.post(url, {}),
    admin.post(url, { ticketId: ticket.id }),
  ]);
  t.same(results.map((r) => r.statusCode).sort(), [200, 409, 409]);
  t.equal((await admin.get(`/api/v1/tickets/${ticket.id}/comments`)).json().items.length, 1);
  t.equal(
    (await db(desk).selectFrom('contacts').selectAll().where('email', '=', 'olga@partner.example').execute()).length,
    1,
    'one contact created',
  );
});

t.test('release into another ticket by ticketId: the sender as the contact that client already has', async (t) => {
  const { desk, admin } = await deskWithThread(t);
  const partner = await makeOrganization(admin, { name: 'Partner Ltd' });
  const olga = await makeContact(admin, partner.id, { name: 'Olga', email: 'Olga@Partner.example' });
  const other = (
    await admin.post('/api/v1/tickets', {
      subject: 'Partner VPN',
      description: 'x',
      organizationId: partner.id,
      contactId: olga.id,
      type: 'incident',
      priority: 'P3',
    })
  ).json();
  // Olga is Partner's contact, a stranger to Romashka's ticket: her reply there is held.
  const held = await heldReply(desk);
  const res = await admin.post(`/api/v1/inbound-messages/${held.inboundId}/release`, { ticketId: other.id });
  t.equal(res.statusCode, 200, res.body);
  t.match(res.json(), { status: 'comment', ticketId: other.id });
  t.match(res.json().reason, /^released by .* into ticket #\d+$/, 'no new contact');
  const comment = await db(desk)
    .selectFrom('comments')
    .selectAll()
    .where('id', '=', res.json().commentId)
    .executeTakeFirstOrThrow();
  t.same([comment.ticket_id, comment.author_contact_id, comment.public], [other.id, olga.id, 1]);
  t.equal(
    (await db(desk).selectFrom('contacts').selectAll().where('email', '=', 'olga@partner.example').execute()).length,
    1,
    'no second contact',
  );
});

t.test('an automatic message released: an internal note, never answered, no acknowledgement', async (t) => {
  const { desk, admin, ticket } = await deskWithThread(t);
  const held = await heldReply(desk, {
    from: 'robot@partner.example',
    text: 'I am out of office',
    headers: { 'Auto-Submitted': 'auto-replied' },
  });
  const toIvan = (await outboxTo(desk, 'ivan@romashka.example')).length;
  const res = await admin.post(`/api/v1/inbound-messages/${held.inboundId}/release`, {});
  t.equal(res.statusCode, 200, res.body);
  const view = res.json() as View;
  t.match(view, { status: 'comment', isAutomatic: true, ticketId: ticket.id });
  const comment = await db(desk)
    .selectFrom('comments')
    .selectAll()
    .where('id', '=', view.commentId!)
    .executeTakeFirstOrThrow();
  t.equal(comment.public, 0, 'an auto-reply does not count as the client answering');
  t.match(comment.body, /^Automatic message \(Auto-Submitted: auto-replied\)/);
  t.ok(await isAutomatic(desk.inst.ctx(), { ticketId: ticket.id, commentId: view.commentId }));
  t.same(await outboxTo(desk, 'robot@partner.example'), [], 'nothing is mailed to the robot');
  t.equal((await outboxTo(desk, 'ivan@romashka.example')).length, toIvan, 'nor to the client: an internal note');

  // A rejected automatic message made a ticket by hand: tagged so it is never acknowledged.
  const ooo = await ingest(
    desk.inst,
    await compose({
      from: 'robot2@romashka.example',
      to: 'support@desk.test',
      subject: 'Out of office',
      text: 'Away',
      headers: { 'Auto-Submitted': 'auto-replied' },
    }),
  );
  t.equal(ooo.outcome, 'rejected');
  const made = await admin.post(`/api/v1/inbound-messages/${ooo.inboundId}/new-ticket`, {});
  t.equal(made.statusCode, 200, made.body);
  t.match(made.json(), { status: 'ticket', isAutomatic: true });
  const tk = (await admin.get(`/api/v1/tickets/${made.json().ticketId}`)).json();
  t.ok(tk.tags.includes('no-autoreply'), 'tagged no-autoreply');
  t.same(await acknowledgementsTo(desk, 'robot2@romashka.example'), [], 'no acknowledgement of an automatic message');
  t.same(await outboxTo(desk, 'robot2@romashka.example'), [], 'nothing at all to the sender');
});

t.test(
  'new-ticket: from a held or rejected message, in the given organization, by domain, else unsorted',
  async (t) => {
    const { desk, admin, org, ticket } = await deskWithThread(t);

    // A held stranger's reply as a ticket of its own, in the organization the admin names.
    const other = await makeOrganization(admin, { name: 'Partner Ltd' });
    const held = await heldReply(desk);
    const res = await admin.post(`/api/v1/inbound-messages/${held.inboundId}/new-ticket`, { organizationId: other.id });
    t.equal(res.statusCode, 200, res.body);
    const view = res.json() as View;
    t.match(view, { status: 'ticket', commentId: null });
    t.not(view.ticketId, ticket.id);
    t.match(view.reason, /^filed as a new ticket by .*: in Partner Ltd; new contact olga@partner\.example/);
    const made = (await admin.get(`/api/v1/tickets/${view.ticketId}`)).json();
    const olga = await db(desk)
      .selectFrom('contacts')
      .selectAll()
      .where('email', '=', 'olga@partner.example')
      .executeTakeFirstOrThrow();
    t.match(made, { organizationId: other.id, contactId: olga.id, subject: 'Re: VPN is down', channel: 'email' });
    t.equal(olga.organization_id, other.id);
    t.equal(
      (await acknowledgementsTo(desk, 'olga@partner.example')).length,
      1,
      'a person who wrote gets the acknowledgement, as by ingestion',
    );
    const history = (await admin.get(`/api/v1/tickets/${view.ticketId}/history`)).json().items as Array<{
      action: string;
      actor: { id: number } | null;
    }>;
    t.same(
      history.map((h) => [h.action, h.actor?.id ?? null]),
      [
        ['created', null],
        ['mail_filed', admin.agentId],
      ],
    );
    t.equal(
      (await admin.post(`/api/v1/inbound-messages/${held.inboundId}/new-ticket`, {})).json().detail,
      `Message ${held.inboundId} already became ticket #${made.number}`,
    );

    // Without an organization: by the sender's mail domain, as ingestion places new mail.
    await admin.request('PUT', `/api/v1/organizations/${org.id}/mail-domains`, { domains: ['romashka.example'] });
    const byDomain = await heldReply(desk, { from: 'Anna <anna@romashka.example>' });
    const r2 = await admin.post(`/api/v1/inbound-messages/${byDomain.inboundId}/new-ticket`, {});
    t.equal(r2.statusCode, 200, r2.body);
    const t2 = (await admin.get(`/api/v1/tickets/${r2.json().ticketId}`)).json();
    t.equal(t2.organizationId, org.id);
    const anna = await db(desk)
      .selectFrom('contacts')
      .selectAll()
      .where('email', '=', 'anna@romashka.example')
      .executeTakeFirstOrThrow();
    t.equal(t2.contactId, anna.id);

    // Nobody knows the sender: the unsorted queue ingestion uses.
    const unknown = await heldReply(desk, { from: 'who@nowhere.example' });
    const r3 = await admin.post(`/api/v1/inbound-messages/${unknown.inboundId}/new-ticket`, {});
    t.equal(r3.statusCode, 200, r3.body);
    const t3 = (await admin.get(`/api/v1/tickets/${r3.json().ticketId}`)).json();
    t.ok(t3.tags.includes('unsorted'));
    t.equal(t3.contactId, null);
    const catchAll = await db(desk)
      .selectFrom('organizations')
      .select('name')
      .where('id', '=', t3.organizationId)
      .executeTakeFirstOrThrow();
    t.equal(catchAll.name, 'Unsorted mail');

    // A rejected message (too large for the limit of the day) becomes a ticket too.
    const big = await ingest(
      desk.inst,
      await compose({
        from: 'ivan@romashka.example',
        to: 'support@desk.test',
        subject: 'Big logs',
        text: 'see file',
        attachments: [{ filename: 'big.bin', content: Buffer.alloc(150_000, 1) }],
      }),
      { maxBytes: 100_000 },
    );
    t.equal(big.outcome, 'rejected');
    const r4 = await admin.post(`/api/v1/inbound-messages/${big.inboundId}/new-ticket`, { organizationId: org.id });
    t.equal(r4.statusCode, 200, r4.body);
    const ivan = await db(desk)
      .selectFrom('contacts')
      .select('id')
      .where('email', '=', 'ivan@romashka.example')
      .executeTakeFirstOrThrow();
    t.match(
      (await admin.get(`/api/v1/tickets/${r4.json().ticketId}`)).json(),
      { organizationId: org.id, contactId: ivan.id, subject: 'Big logs' },
      'the existing contact, not a new one',
    );
    const bigFiles = await db(desk)
      .selectFrom('attachments')
      .select('file_name')
      .where('ticket_id', '=', r4.json().ticketId)
      .execute();
    t.same(
      bigFiles.map((f) => f.file_name),
      ['big.bin'],
    );
  },
);

t.test('reingest: after the sender became a contact, after a limit was raised; one inbound row', async (t) => {
  const { desk, admin, org, ticket } = await deskWithThread(t);
  const held = await heldReply(desk, { messageId: '<olga-1@partner.example>' });
  const rows = await inboundRows(desk);

  const still = await admin.post(`/api/v1/inbound-messages/${held.inboundId}/reingest`);
  t.equal(still.statusCode, 200, still.body);
  t.match(
    still.json(),
    {
      status: 'held',
      ticketId: ticket.id,
      commentId: null,
      reason: /^reingested by .*: olga@partner\.example is not a participant/,
    },
    'nothing changed: held again',
  );

  const olga = await makeContact(admin, org.id, { name: 'Olga', email: 'olga@partner.example' });
  // A bare POST, as a button or curl sends it.
  const bare = await desk.app.inject({
    method: 'POST',
    url: `/api/v1/inbound-messages/${held.inboundId}/reingest`,
    headers: { authorization: `Bearer ${admin.token}` },
  });
  t.equal(bare.statusCode, 200, bare.body);
  t.match(bare.json(), {
    id: held.inboundId,
    status: 'comment',
    ticketId: ticket.id,
    reason: /threaded by In-Reply-To/,
  });
  const comment = await db(desk)
    .selectFrom('comments')
    .selectAll()
    .where('id', '=', bare.json().commentId)
    .executeTakeFirstOrThrow();
  t.same([comment.author_contact_id, comment.public], [olga.id, 1], 'posted as the contact');
  t.equal(await inboundRows(desk), rows, 'the same row, not a second one');
  const keyed = await db(desk)
    .selectFrom('inbound_messages')
    .select('id')
    .where('message_key', '=', 'olga-1@partner.example')
    .execute();
  t.same(
    keyed.map((r) => r.id),
    [held.inboundId],
  );
  const history = (await admin.get(`/api/v1/tickets/${ticket.id}/history`)).json().items as Array<{
    action: string;
    actor: { id: number } | null;
  }>;
  t.ok(history.some((h) => h.action === 'mail_reingested' && h.actor?.id === admin.agentId));
  t.equal((await admin.post(`/api/v1/inbound-messages/${held.inboundId}/reingest`)).statusCode, 409);

  // A second delivery of the same message is still a duplicate of the row the admin filed.
  const dup = await ingest(
    desk.inst,
    await compose({
      from: 'olga@partner.example',
      to: 'support@desk.test',
      subject: 'Re: VPN is down',
      text: 'x',
      messageId: '<olga-1@partner.example>',
    }),
  );
  t.same([dup.outcome, dup.inboundId], ['duplicate', held.inboundId]);

  // Rejected as too large under a smaller limit; the desk's own limit (40 MB) lets it in on reingest.
  const big = await ingest(
    desk.inst,
    await compose({
      from: 'ivan@romashka.example',
      to: 'support@desk.test',
      subject: 'Dump',
      text: 'dump attached',
      attachments: [{ filename: 'dump.bin', content: Buffer.alloc(150_000, 2) }],
    }),
    { maxBytes: 100_000 },
  );
  t.equal(big.outcome, 'rejected');
  const rows2 = await inboundRows(desk);
  const r = await admin.post(`/api/v1/inbound-messages/${big.inboundId}/reingest`, {});
  t.equal(r.statusCode, 200, r.body);
  t.match(r.json(), { status: 'ticket', commentId: null });
  t.equal(await inboundRows(desk), rows2);
  const made = (await admin.get(`/api/v1/tickets/${r.json().ticketId}`)).json();
  t.match(made, { subject: 'Dump', organizationId: org.id });
});

t.test(
  'reingest after adding a mail domain: the sender lands with the client, not in the unsorted queue',
  async (t) => {
    const { desk, admin } = await deskWithThread(t);
    const client = await makeOrganization(admin, { name: 'New Client' });
    // Rejected under a smaller limit than the desk's; meanwhile the admin teaches the desk the client's domain.
    const big = await ingest(
      desk.inst,
      await compose({
        from: 'Petr <petr@newclient.example>',
        to: 'support@desk.test',
        subject: 'Access',
        text: 'Need access',
        attachments: [{ filename: 'form.pdf', content: Buffer.alloc(150_000, 3) }],
      }),
      { maxBytes: 100_000 },
    );
    t.equal(big.outcome, 'rejected');
    t.equal(
      (
        await admin.request('PUT', `/api/v1/organizations/${client.id}/mail-domains`, {
          domains: ['newclient.example'],
        })
      ).statusCode,
      200,
    );
    const rows = await inboundRows(desk);
    const res = await admin.post(`/api/v1/inbound-messages/${big.inboundId}/reingest`, {});
    t.equal(res.statusCode, 200, res.body);
    t.match(res.json(), {
      id: big.inboundId,
      status: 'ticket',
      reason: /new contact petr@newclient\.example by the domain newclient\.example/,
    });
    const ticket = (await admin.get(`/api/v1/tickets/${res.json().ticketId}`)).json();
    const petr = await db(desk)
      .selectFrom('contacts')
      .selectAll()
      .where('email', '=', 'petr@newclient.example')
      .executeTakeFirstOrThrow();
    t.match(ticket, { organizationId: client.id, contactId: petr.id, subject: 'Access' });
    t.notOk(ticket.tags.includes('unsorted'));
    t.equal(await inboundRows(desk), rows, 'one inbound row');
    t.equal(
      (await acknowledgementsTo(desk, 'petr@newclient.example')).length,
      1,
      'a person is acknowledged as by ingestion',
    );

    // A domain does not make a stranger a participant of someone else's ticket: a held reply stays held.
    const held = await heldReply(desk, { from: 'Anna <anna@newclient.example>' });
    const again = await admin.post(`/api/v1/inbound-messages/${held.inboundId}/reingest`, {});
    t.equal(again.json().status, 'held');
  },
);

t.test('mail from our own address is never filed, whoever asks', async (t) => {
  const desk = await notificationDesk(t, { env: { ONDESK_MAIL_FROM: 'Support <support@desk.test>' } });
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin);
  const own = await ingest(
    desk.inst,
    await compose({ from: 'support@desk.test', to: 'support@desk.test', subject: 'Loop', text: 'x' }),
  );
  t.equal(own.outcome, 'rejected');
  for (const [action, body] of [
    ['new-ticket', { organizationId: org.id }],
    ['release', { ticketId: 1 }],
  ] as const) {
    const res = await admin.post(`/api/v1/inbound-messages/${own.inboundId}/${action}`, body);
    t.equal(res.statusCode, 409, action);
    t.match(
      res.json().detail,
      `Message ${own.inboundId} cannot be filed: mail from our own address support@desk.test never makes a ticket`,
    );
  }
  const again = await admin.post(`/api/v1/inbound-messages/${own.inboundId}/reingest`, {});
  t.equal(again.statusCode, 200);
  t.match(again.json(), { status: 'rejected', ticketId: null, reason: /^reingested by .*: mail from our own address/ });
  t.equal(
    Number(
      (
        await db(desk)
          .selectFrom('tickets')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    0,
  );
});

t.test('who may act, and the refusals', async (t) => {
  const { desk, admin, ticket } = await deskWithThread(t);
  const held = await heldReply(desk);
  for (const role of ['engineer', 'manager', 'accountant'] as const) {
    const api: ApiClient = await desk.agent(role);
    for (const action of ['release', 'new-ticket', 'reingest']) {
      const res = await api.post(`/api/v1/inbound-messages/${held.inboundId}/${action}`, {});
      t.equal(res.statusCode, 403, `${role} ${action}`);
    }
  }
  t.equal((await admin.get(`/api/v1/inbound-messages/${held.inboundId}`)).json().status, 'held', 'untouched');

  for (const action of ['release', 'new-ticket', 'reingest']) {
    const res = await admin.post(`/api/v1/inbound-messages/999999/${action}`, {});
    t.equal(res.statusCode, 404, `unknown message: ${action}`);
    t.match(res.json().detail, /Inbound message 999999 was not found/);
  }
  const noTicket = await admin.post(`/api/v1/inbound-messages/${held.inboundId}/release`, { ticketId: 999999 });
  t.equal(noTicket.statusCode, 400);
  t.match(noTicket.json().detail, /Ticket 999999 does not exist/);
  const noOrg = await admin.post(`/api/v1/inbound-messages/${held.inboundId}/new-ticket`, { organizationId: 999999 });
  t.equal(noOrg.statusCode, 400);
  t.match(noOrg.json().detail, /Organization 999999 does not exist/);
  t.equal(
    (await admin.post(`/api/v1/inbound-messages/${held.inboundId}/release`, { ticketId: ticket.id, extra: 1 }))
      .statusCode,
    400,
    'unknown fields are refused',
  );
  t.equal(
    (await admin.post(`/api/v1/inbound-messages/${held.inboundId}/reingest`, { anything: true })).statusCode,
    400,
  );
  t.equal(
    (await admin.post(`/api/v1/inbound-messages/${held.inboundId}/release`, { ticketId: 'abc' })).statusCode,
    400,
  );
  t.equal(
    (await admin.get(`/api/v1/inbound-messages/${held.inboundId}`)).json().status,
    'held',
    'refusals change nothing',
  );
  t.equal(
    (await db(desk).selectFrom('contacts').selectAll().where('email', '=', 'olga@partner.example').execute()).length,
    0,
    'no contact left behind by a refusal',
  );

  // A rejected message that threaded nowhere: release needs a ticket.
  const lone = await ingest(
    desk.inst,
    await compose({
      from: 'x@nowhere.example',
      to: 'support@desk.test',
      subject: 'Big',
      text: 'x',
      attachments: [{ filename: 'a.bin', content: Buffer.alloc(150_000) }],
    }),
    { maxBytes: 100_000 },
  );
  const needTicket = await admin.post(`/api/v1/inbound-messages/${lone.inboundId}/release`, {});
  t.equal(needTicket.statusCode, 400);
  t.match(needTicket.json().detail, /did not thread into any ticket; say which ticket/);
  const into = await admin.post(`/api/v1/inbound-messages/${lone.inboundId}/release`, { ticketId: ticket.id });
  t.equal(into.statusCode, 200, into.body);

  // A message that became a ticket by ingestion is not an admin's to refile.
  const filed = await ingest(
    desk.inst,
    await compose({ from: 'ivan@romashka.example', to: 'support@desk.test', subject: 'New', text: 'x' }),
  );
  const number = (
    await db(desk).selectFrom('tickets').select('number').where('id', '=', filed.ticketId!).executeTakeFirstOrThrow()
  ).number;
  for (const action of ['release', 'new-ticket', 'reingest']) {
    const res = await admin.post(`/api/v1/inbound-messages/${filed.inboundId}/${action}`, {});
    t.equal(res.statusCode, 409, action);
    t.equal(res.json().detail, `Message ${filed.inboundId} already became ticket #${number}`);
  }
});
