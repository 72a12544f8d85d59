import t from 'tap';
import { testDesk } from '../helpers/app.js';
import { makeContact, makeOrganization, makeTicket } from '../helpers/factories.js';

t.test('macros: personal and shared, rendered for a ticket with its variables', async (t) => {
  const desk = await testDesk(t);
  const eng = await desk.agent('engineer');
  const other = await desk.agent('engineer');
  const manager = await desk.agent('manager');
  const org = await makeOrganization(manager, { name: 'Romashka' });
  const contact = await makeContact(eng, org.id, { name: 'Olga' });
  const ticket = await makeTicket(eng, org.id, { contactId: contact.id });

  const mine = await eng.post('/api/v1/macros', {
    name: 'Fixed',
    body: 'Hello, {{contact.name}}! Ticket #{{ticket.number}} is fixed. — {{agent.name}} <R&D>',
    set: { status: 'resolved' },
  });
  t.equal(mine.statusCode, 201, mine.body);
  t.match(mine.json(), { shared: false, ownerAgentId: eng.agentId, set: { status: 'resolved' } });

  const refusedShared = await eng.post('/api/v1/macros', { name: 'Desk-wide', body: 'Hi', shared: true });
  t.equal(refusedShared.statusCode, 403, 'engineers do not speak for the desk');
  const shared = await manager.post('/api/v1/macros', {
    name: 'Waiting',
    body: 'We are waiting for your answer',
    shared: true,
    set: { status: 'waiting_for_client', priority: 'P3', assigneeId: eng.agentId },
  });
  t.equal(shared.statusCode, 201, shared.body);

  t.same(
    (await eng.get('/api/v1/macros')).json().items.map((m: { name: string }) => m.name),
    ['Fixed', 'Waiting'],
  );
  t.same(
    (await other.get('/api/v1/macros')).json().items.map((m: { name: string }) => m.name),
    ['Waiting'],
    'another agent sees only the shared one',
  );
  t.equal((await other.get(`/api/v1/macros/${mine.json().id}/render?ticketId=${ticket.id}`)).statusCode, 404);

  const rendered = await eng.get(`/api/v1/macros/${mine.json().id}/render?ticketId=${ticket.id}`);
  t.equal(rendered.statusCode, 200, rendered.body);
  t.match(
    rendered.json().body,
    new RegExp(`^Hello, Olga! Ticket #${ticket.number} is fixed\\. — engineer \\d+ <R&D>$`),
  );
  t.same(rendered.json().set, { status: 'resolved' });

  const renamed = await eng.patch(`/api/v1/macros/${mine.json().id}`, { name: 'Fixed it', set: {} });
  t.equal(renamed.statusCode, 200);
  t.same(renamed.json().set, {}, 'field changes can be removed');
  t.equal((await eng.patch(`/api/v1/macros/${shared.json().id}`, { name: 'x' })).statusCode, 403);
  t.equal((await other.del(`/api/v1/macros/${mine.json().id}`)).statusCode, 404);
  t.equal((await eng.del(`/api/v1/macros/${mine.json().id}`)).statusCode, 204);
  t.same(
    (await eng.get('/api/v1/macros')).json().items.map((m: { name: string }) => m.name),
    ['Waiting'],
  );
});

t.test('bad macro input is refused with a message', async (t) => {
  const desk = await testDesk(t);
  const eng = await desk.agent('engineer');
  const broken = await eng.post('/api/v1/macros', { name: 'Broken', body: 'Hi {{contact.name' });
  t.equal(broken.statusCode, 400);
  t.match(broken.json().detail, /broken variable/);
  const unknownField = await eng.post('/api/v1/macros', { name: 'X', body: 'Hi', set: { team: 1 } });
  t.equal(unknownField.statusCode, 400);
  const ghost = await eng.post('/api/v1/macros', { name: 'X', body: 'Hi', set: { assigneeId: 9999 } });
  t.equal(ghost.statusCode, 400);
  t.match(ghost.json().detail, /not an active agent/);
  t.same((await eng.get('/api/v1/macros')).json().items, []);
});
