import t from 'tap';
import { fixedClock } from '../../server/shared/clock.js';
import { createTicket } from '../../server/modules/tickets/tickets.service.js';
import { systemActor } from '../../server/context.js';
import { makeContact, makeOrganization, makeTicket } from '../helpers/factories.js';
import { notificationDesk } from './helpers.js';

const START = '2026-12-01T09:00:00.000Z';

type Desk = Awaited<ReturnType<typeof notificationDesk>>;
const queued = (desk: Desk) =>
  desk.inst.database.db
    .selectFrom('outbox')
    .select(['id', 'channel', 'recipient', 'subject', 'body', 'payload'])
    .orderBy('id')
    .execute();
const clear = (desk: Desk) => desk.inst.database.writes.run((trx) => trx.deleteFrom('outbox').execute());
const emailOf = async (desk: Desk, id: number) =>
  (await desk.inst.database.db.selectFrom('agents').select('email').where('id', '=', id).executeTakeFirstOrThrow())
    .email;

t.test(
  'acknowledgement to the sender of a ticket by e-mail, in their language, switchable per organization',
  async (t) => {
    const desk = await notificationDesk(t, { clock: fixedClock(START) });
    const admin = await desk.agent('admin');
    const org = await makeOrganization(admin, { name: 'ООО Ромашка' });
    const ru = await makeContact(admin, org.id, { name: 'Иван', email: 'ivan@romashka.example', language: 'ru' });
    const en = await makeContact(admin, org.id, { name: 'John', email: 'john@romashka.example', language: 'en' });
    const byMail = (contactId: number, subject: string) =>
      createTicket(desk.inst.ctx(systemActor('inbound-mail')), {
        subject,
        description: 'text',
        organizationId: org.id,
        contactId,
        type: 'request',
        priority: 'P3',
        channel: 'email',
      });

    const first = await byMail(ru.id, 'Не работает почта');
    let rows = await queued(desk);
    t.equal(rows.length, 1, 'no assignee: only the acknowledgement');
    t.match(rows[0], {
      recipient: 'ivan@romashka.example',
      subject: `[#${first.number}] Ваше обращение получено: Не работает почта`,
    });
    t.match(rows[0]!.body, /Здравствуйте, Иван!/);
    t.match(JSON.parse(rows[0]!.payload!), { kind: 'ticket', event: 'ticket.acknowledgement', automatic: true });

    const second = await byMail(en.id, 'Mail is down');
    rows = await queued(desk);
    t.match(rows[1], {
      recipient: 'john@romashka.example',
      subject: `[#${second.number}] We have received your request: Mail is down`,
    });

    // Made from automatic mail, tagged so by the inbound side: never answered.
    await createTicket(desk.inst.ctx(systemActor('inbound-mail')), {
      subject: 'Out of office',
      description: 'away',
      organizationId: org.id,
      contactId: en.id,
      type: 'request',
      priority: 'P4',
      channel: 'email',
      tags: ['no-autoreply'],
    });
    t.equal((await queued(desk)).length, 2, 'no acknowledgement of an auto-reply');
    // A ticket an agent files by hand is not acknowledged.
    await makeTicket(admin, org.id, { contactId: en.id });
    t.equal((await queued(desk)).length, 2);

    const engineer = await desk.agent('engineer');
    t.equal(
      (
        await engineer.request('PUT', `/api/v1/organizations/${org.id}/notification-settings`, {
          acknowledgeNewTickets: false,
        })
      ).statusCode,
      403,
    );
    const off = await admin.request('PUT', `/api/v1/organizations/${org.id}/notification-settings`, {
      acknowledgeNewTickets: false,
    });
    t.same(off.json(), { organizationId: org.id, acknowledgeNewTickets: false });
    await byMail(en.id, 'Again');
    t.equal((await queued(desk)).length, 2, 'switched off for this organization');
    t.equal((await admin.get('/api/v1/organizations/999/notification-settings')).statusCode, 404);
  },
);

t.test(
  'templates: ru and en defaults, admin overrides with checked variables, values are never re-read as templates',
  async (t) => {
    const desk = await notificationDesk(t, { clock: fixedClock(START) });
    const admin = await desk.agent('admin');
    const engineerEn = await desk.agentWith('engineer', { language: 'en' });
    const engineerRu = await desk.agentWith('engineer', { language: 'ru' });
    const org = await makeOrganization(admin, { name: 'Acme <b>Corp</b>' });

    const got = await admin.get('/api/v1/notification-templates/ticket.created/ru');
    t.match(got.json(), {
      event: 'ticket.created',
      language: 'ru',
      subject: '[#{{ticket.number}}] Новая заявка: {{ticket.subject}}',
      overridden: false,
    });
    t.ok(got.json().variables.includes('ticket.number'));
    t.equal((await admin.get('/api/v1/notification-templates/ticket.nope/ru')).statusCode, 404);
    t.equal((await admin.get('/api/v1/notification-templates/ticket.created/de')).statusCode, 404);
    t.equal((await engineerEn.get('/api/v1/notification-templates/ticket.created/en')).statusCode, 403);

    const t1 = await makeTicket(admin, org.id, {
      assigneeId: engineerRu.agentId,
      subject: 'Сервер {{contact.name}} упал',
    });
    const t2 = await makeTicket(admin, org.id, { assigneeId: engineerEn.agentId, subject: 'Server down' });
    let rows = await queued(desk);
    t.match(
      rows[0],
      {
        recipient: await emailOf(desk, engineerRu.agentId),
        subject: `[#${t1.number}] Новая заявка: Сервер {{contact.name}} упал`,
      },
      'a value with {{…}} stays literal',
    );
    t.match(rows[0]!.body, /Новая заявка #\d+ от клиента Acme <b>Corp<\/b>/);
    t.match(JSON.parse(rows[0]!.payload!).html, /Acme &#60;b&#62;Corp&#60;\/b&#62;/, 'escaped in HTML');
    t.match(rows[1], { subject: `[#${t2.number}] New ticket: Server down` });

    const bad = await admin.request('PUT', '/api/v1/notification-templates/ticket.created/en', {
      subject: 'New: {{ticket.subjekt}}',
      body: 'x',
    });
    t.equal(bad.statusCode, 400);
    t.match(bad.json().detail, /Unknown template variables: \{\{ticket\.subjekt\}\}/);
    t.equal(
      (
        await admin.request('PUT', '/api/v1/notification-templates/ticket.created/en', {
          subject: 'a\r\nBcc: x',
          body: 'x',
        })
      ).statusCode,
      400,
    );
    const put = await admin.request('PUT', '/api/v1/notification-templates/ticket.created/en', {
      subject: 'Heads up: {{ticket.subject}} ({{organization.name}})',
      body: 'Priority {{ticket.priority}}, for {{recipient.name}}',
    });
    t.equal(put.statusCode, 200);
    t.match(put.json(), {
      overridden: true,
      default: { subject: '[#{{ticket.number}}] New ticket: {{ticket.subject}}' },
    });

    await clear(desk);
    const t3 = await makeTicket(admin, org.id, {
      assigneeId: engineerEn.agentId,
      subject: 'Disk full',
      priority: 'P1',
    });
    rows = await queued(desk);
    t.equal(
      rows[0]!.subject,
      `[#${t3.number}] Heads up: Disk full (Acme <b>Corp</b>)`,
      'the subject token is kept even when a template drops it',
    );
    t.match(rows[0]!.body, /Priority P1, for engineer \d+/);

    const reset = await admin.del('/api/v1/notification-templates/ticket.created/en');
    t.match(reset.json(), { overridden: false, subject: '[#{{ticket.number}}] New ticket: {{ticket.subject}}' });
  },
);

t.test(
  'rules: defaults, internal notes never reach clients, named agents, managers, SMS to agents with phones',
  async (t) => {
    const desk = await notificationDesk(t, { clock: fixedClock(START) });
    const admin = await desk.agent('admin');
    const engineer = await desk.agentWith('engineer', { phone: '+7 (912) 345-67-89' });
    const watcher = await desk.agent('manager');
    const org = await makeOrganization(admin);
    const contact = await makeContact(admin, org.id, { email: 'boss@client.example' });
    await makeContact(admin, org.id, { email: 'other@client.example' });

    const defaults = (await admin.get('/api/v1/notification-rules')).json();
    t.same(
      defaults.items
        .map((r: { event: string; channel: string; recipient: string }) => `${r.event}/${r.channel}/${r.recipient}`)
        .sort(),
      [
        'agreement.activated/email/manager',
        'agreement.activated/email/organization_contacts',
        'agreement.expired/email/manager',
        'agreement.expired/email/organization_contacts',
        'agreement.expiring/email/manager',
        'agreement.expiring/email/organization_contacts',
        'license.expiring/email/admins',
        'package.exhausted/email/manager',
        'package.exhausted/email/organization_contacts',
        'package.threshold/email/manager',
        'package.threshold/email/organization_contacts',
        'recurring.expiring/email/manager',
        'recurring.expiring/email/organization_contacts',
        'sla.breach/email/assignee',
        'sla.breach/email/manager',
        'sla.warning/email/assignee',
        'sla.warning/email/manager',
        'ticket.assigned/email/assignee',
        'ticket.created/email/assignee',
        'ticket.internal_note/email/assignee',
        'ticket.mentioned/email/mentioned',
        'ticket.public_reply/email/assignee',
        'ticket.public_reply/email/ticket_contact',
        'ticket.status_changed/email/assignee',
      ],
    );
    t.same(defaults.events, [
      'ticket.created',
      'ticket.assigned',
      'ticket.status_changed',
      'ticket.public_reply',
      'ticket.internal_note',
      'ticket.mentioned',
      'sla.warning',
      'sla.breach',
      'agreement.activated',
      'agreement.expiring',
      'agreement.expired',
      'license.expiring',
      'package.threshold',
      'package.exhausted',
      'recurring.expiring',
    ]);
    t.same(defaults.recipients, [
      'assignee',
      'team',
      'manager',
      'ticket_contact',
      'organization_contacts',
      'agent',
      'admins',
      'mentioned',
    ]);
    t.equal((await engineer.get('/api/v1/notification-rules')).statusCode, 403);

    const ticket = await makeTicket(admin, org.id, { contactId: contact.id });
    t.equal((await queued(desk)).length, 0, 'no assignee, no contact rule for ticket.created: nobody');
    await admin.patch(`/api/v1/tickets/${ticket.id}`, { assigneeId: engineer.agentId });
    t.match(await queued(desk), [
      {
        channel: 'email',
        recipient: await emailOf(desk, engineer.agentId),
        subject: new RegExp(`^\\[#${ticket.number}\\] Assigned to engineer \\d+: `),
      },
    ]);
    await clear(desk);

    // Everyone hears internal notes by the rules — but a client never does.
    const invalid = await admin.request('PUT', '/api/v1/notification-rules', {
      rules: [
        { event: 'ticket.nope', channel: 'email', recipient: 'assignee' },
        { event: 'ticket.created', channel: 'sms', recipient: 'ticket_contact' },
        { event: 'ticket.created', channel: 'email', recipient: 'agent' },
      ],
    });
    t.equal(invalid.statusCode, 400);
    t.equal(invalid.json().errors.length, 3);
    const rules = [
      { event: 'ticket.internal_note', channel: 'email', recipient: 'assignee' },
      { event: 'ticket.internal_note', channel: 'email', recipient: 'organization_contacts' },
      { event: 'ticket.internal_note', channel: 'email', recipient: 'ticket_contact' },
      { event: 'ticket.internal_note', channel: 'email', recipient: 'agent', agentId: watcher.agentId },
      { event: 'ticket.public_reply', channel: 'email', recipient: 'organization_contacts' },
      { event: 'ticket.public_reply', channel: 'email', recipient: 'assignee', enabled: false },
      { event: 'ticket.status_changed', channel: 'sms', recipient: 'assignee' },
      { event: 'ticket.status_changed', channel: 'sms', recipient: 'agent', agentId: watcher.agentId },
    ];
    const saved = await admin.request('PUT', '/api/v1/notification-rules', { rules });
    t.equal(saved.statusCode, 200);
    t.equal(saved.json().items.length, rules.length);

    await admin.post(`/api/v1/tickets/${ticket.id}/comments`, {
      body: 'secret: the client is late paying',
      public: false,
    });
    let rows = await queued(desk);
    t.same(
      rows.map((r) => r.recipient).sort(),
      [await emailOf(desk, engineer.agentId), await emailOf(desk, watcher.agentId)].sort(),
      'assignee and the named agent only',
    );
    await clear(desk);

    await admin.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'Fixed, please check', public: true });
    rows = await queued(desk);
    t.same(
      rows.map((r) => r.recipient).sort(),
      ['boss@client.example', 'other@client.example'],
      'organization contacts, once each; the disabled assignee rule is off',
    );
    await clear(desk);

    await admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'open' });
    rows = await queued(desk);
    t.match(
      rows,
      [
        {
          channel: 'sms',
          recipient: '+79123456789',
          subject: null,
          body: `[#${ticket.number}] Open: ${ticket.subject}`,
        },
      ],
      'SMS to the assignee, normalised; the watcher has no phone',
    );
  },
);

t.test('mutes: an agent silences what they do not want; the actor never hears of their own change', async (t) => {
  const desk = await notificationDesk(t, { clock: fixedClock(START) });
  const admin = await desk.agent('admin');
  const engineer = await desk.agent('engineer');
  const org = await makeOrganization(admin);
  const ticket = await makeTicket(admin, org.id, { assigneeId: engineer.agentId });
  await clear(desk);

  t.same((await engineer.get('/api/v1/agents/me/notification-preferences')).json().mutes, []);
  t.equal(
    (
      await engineer.request('PUT', '/api/v1/agents/me/notification-preferences', {
        mutes: [{ event: 'ticket.bogus', channel: 'email' }],
      })
    ).statusCode,
    400,
  );
  const put = await engineer.request('PUT', '/api/v1/agents/me/notification-preferences', {
    mutes: [{ event: 'ticket.status_changed', channel: 'email' }],
  });
  t.equal(put.statusCode, 200);
  t.same(put.json().mutes, [{ event: 'ticket.status_changed', channel: 'email' }]);

  await admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'open' });
  t.equal((await queued(desk)).length, 0, 'muted');
  await admin.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'note', public: false });
  t.equal((await queued(desk)).length, 1, 'other events still arrive');
  await clear(desk);
  await engineer.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'my own note', public: false });
  t.equal((await queued(desk)).length, 0, 'nobody is told of their own note');
});
