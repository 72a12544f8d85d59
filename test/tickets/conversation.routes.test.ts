import t from 'tap';
import { testDesk } from '../helpers/app.js';
import { makeContact, makeOrganization, makeTicket } from '../helpers/factories.js';

t.test('a public reply with CC is stored with its addresses and mailed to them as well as the contact', async (t) => {
  const desk = await testDesk(t);
  const eng = await desk.agent('engineer');
  const org = await makeOrganization(await desk.agent('manager'));
  const contact = await makeContact(eng, org.id, { email: 'olga@client.example' });
  const ticket = await makeTicket(eng, org.id, { contactId: contact.id });

  const reply = await eng.post(`/api/v1/tickets/${ticket.id}/comments`, {
    body: 'Fixed, please check',
    public: true,
    cc: [' Boss@Client.example ', 'boss@client.example', 'olga@client.example'],
  });
  t.equal(reply.statusCode, 201, reply.body);
  t.match(reply.json(), { channel: 'agent', cc: ['boss@client.example', 'olga@client.example'] });
  const listed = (await eng.get(`/api/v1/tickets/${ticket.id}/comments`)).json().items;
  t.same(listed[0].cc, ['boss@client.example', 'olga@client.example'], 'the CC is stored with the comment');

  const mails = await desk.inst.database.db
    .selectFrom('outbox')
    .select(['recipient', 'body'])
    .where('subject', 'like', `%${ticket.number}%`)
    .orderBy('recipient')
    .execute();
  t.same(
    mails.map((m) => m.recipient),
    ['boss@client.example', 'olga@client.example'],
    'the contact once and the CC address once',
  );
  t.match(mails[0].body, /Fixed, please check/);
});

t.test('bad CC input is refused with a human message and nothing is stored', async (t) => {
  const desk = await testDesk(t);
  const eng = await desk.agent('engineer');
  const org = await makeOrganization(await desk.agent('manager'));
  const ticket = await makeTicket(eng, org.id);

  const typo = await eng.post(`/api/v1/tickets/${ticket.id}/comments`, {
    body: 'Hi',
    public: true,
    cc: ['boss@client', 'ok@client.example'],
  });
  t.equal(typo.statusCode, 400);
  t.equal(typo.json().detail, 'Not an e-mail address: boss@client');

  const onNote = await eng.post(`/api/v1/tickets/${ticket.id}/comments`, {
    body: 'Hi',
    public: false,
    cc: ['ok@client.example'],
  });
  t.equal(onNote.statusCode, 400);
  t.match(onNote.json().detail, /only for public replies/);
  t.same((await eng.get(`/api/v1/tickets/${ticket.id}/comments`)).json().items, []);
});

t.test('an agent @mentioned in an internal note is mailed through the `mentioned` rule', async (t) => {
  const desk = await testDesk(t);
  const eng = await desk.agent('engineer');
  const colleague = await desk.agent('engineer', 'colleague@test.ondesk');
  const org = await makeOrganization(await desk.agent('manager'));
  const contact = await makeContact(eng, org.id, { email: 'client@client.example' });
  const ticket = await makeTicket(eng, org.id, { contactId: contact.id });

  const note = await eng.post(`/api/v1/tickets/${ticket.id}/comments`, {
    body: '@colleague please look at the logs',
    public: false,
    mentionIds: [colleague.agentId],
  });
  t.equal(note.statusCode, 201, note.body);
  const mails = await desk.inst.database.db
    .selectFrom('outbox')
    .select(['recipient', 'subject'])
    .where('subject', 'like', '%mentioned you%')
    .execute();
  t.equal(mails.length, 1, 'one mail, to the mentioned agent only (not the client, not the author)');
  t.equal(mails[0].recipient, 'colleague@test.ondesk');
  t.match(mails[0].subject, new RegExp(`^\\[#${ticket.number}\\] engineer \\d+ mentioned you: ${ticket.subject}$`));
  const types = await desk.inst.database.db
    .selectFrom('domain_events')
    .select('type')
    .where('type', '=', 'agent.mentioned')
    .execute();
  t.equal(types.length, 1, 'the mention is a domain event');

  const ghost = await eng.post(`/api/v1/tickets/${ticket.id}/comments`, {
    body: '@ghost',
    public: false,
    mentionIds: [9999],
  });
  t.equal(ghost.statusCode, 400);
  t.equal(ghost.json().detail, 'Agent 9999 cannot be mentioned: no such active agent');
  t.equal(
    (await eng.get(`/api/v1/tickets/${ticket.id}/comments`)).json().items.length,
    1,
    'the refused note is not kept',
  );
});
