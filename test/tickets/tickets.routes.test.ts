import t from 'tap';
import { testDesk } from '../helpers/app.js';
import { makeContact, makeOrganization, makeTicket } from '../helpers/factories.js';

t.test('create, read, change and comment a ticket; every change lands in the history', async (t) => {
  const desk = await testDesk(t);
  const eng = await desk.agent('engineer');
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin);
  const contact = await makeContact(eng, org.id);
  const created = await eng.post('/api/v1/tickets', {
    subject: 'Printer jams',
    description: 'HP in room 204',
    organizationId: org.id,
    contactId: contact.id,
    type: 'incident',
    priority: 'P2',
  });
  t.equal(created.statusCode, 201);
  const ticket = created.json();
  t.match(ticket, {
    number: 1,
    status: 'new',
    priority: 'P2',
    type: 'incident',
    organizationName: org.name,
    contactId: contact.id,
    channel: 'agent',
  });
  t.ok(Date.parse(ticket.createdAt));
  const second = await makeTicket(eng, org.id);
  t.equal(second.number, 2, 'numbers are sequential');

  const patched = await eng.patch(`/api/v1/tickets/${ticket.id}`, {
    status: 'in_progress',
    assigneeId: eng.agentId,
    priority: 'P1',
  });
  t.equal(patched.statusCode, 200);
  t.match(patched.json(), { status: 'in_progress', assigneeId: eng.agentId, priority: 'P1' });

  const reply = await eng.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'On my way', public: true });
  t.equal(reply.statusCode, 201);
  await eng.post(`/api/v1/tickets/${ticket.id}/comments`, { body: 'driver issue', public: false });
  const comments = (await eng.get(`/api/v1/tickets/${ticket.id}/comments`)).json().items;
  t.same(
    comments.map((c: { public: boolean }) => c.public),
    [true, false],
  );
  t.equal(comments[0].author.id, eng.agentId);

  const history = (await eng.get(`/api/v1/tickets/${ticket.id}/history`)).json().items;
  const changes = history
    .filter((h: { action: string }) => h.action === 'changed')
    .map((h: { field: string; from: string; to: string }) => [h.field, h.from, h.to]);
  t.same(changes, [
    ['status', 'new', 'in_progress'],
    ['assigneeId', null, String(eng.agentId)],
    ['priority', 'P2', 'P1'],
  ]);
  t.ok(
    history.every((h: { actor: { id: number } | null }) => h.actor?.id === eng.agentId),
    'who',
  );
  t.same(
    history.map((h: { action: string }) => h.action),
    ['created', 'changed', 'changed', 'changed', 'replied', 'noted'],
  );
});

t.test('the status workflow is enforced with a clear message', async (t) => {
  const desk = await testDesk(t);
  const eng = await desk.agent('engineer');
  const org = await makeOrganization(await desk.agent('admin'));
  const ticket = await makeTicket(eng, org.id);
  t.equal((await eng.patch(`/api/v1/tickets/${ticket.id}`, { status: 'closed' })).statusCode, 200);
  const bad = await eng.patch(`/api/v1/tickets/${ticket.id}`, { status: 'waiting_for_client' });
  t.equal(bad.statusCode, 409);
  t.match(bad.json().detail, /cannot move to "waiting_for_client"; allowed: open/);
  const reopened = await eng.patch(`/api/v1/tickets/${ticket.id}`, { status: 'open' });
  t.equal(reopened.json().status, 'open', 'closed tickets reopen');
  t.equal(reopened.json().closedAt, null);
});

t.test('the queue filters, sorts and pages', async (t) => {
  const desk = await testDesk(t);
  const eng = await desk.agent('engineer');
  const other = await desk.agent('engineer');
  const admin = await desk.agent('admin');
  const a = await makeOrganization(admin, { name: 'Alpha' });
  const b = await makeOrganization(admin, { name: 'Beta' });
  for (let i = 0; i < 7; i++)
    await makeTicket(eng, a.id, {
      priority: i % 2 ? 'P1' : 'P4',
      assigneeId: i < 3 ? eng.agentId : null,
      subject: `Alpha problem ${i}`,
    });
  for (let i = 0; i < 5; i++)
    await makeTicket(eng, b.id, { type: 'request', assigneeId: other.agentId, subject: `Beta request ${i}` });

  const page1 = (await eng.get('/api/v1/tickets?limit=5')).json();
  t.equal(page1.items.length, 5);
  t.ok(page1.nextCursor);
  t.same(
    page1.items.map((x: { number: number }) => x.number),
    [12, 11, 10, 9, 8],
    'newest first',
  );
  const page2 = (await eng.get(`/api/v1/tickets?limit=5&cursor=${page1.nextCursor}`)).json();
  const page3 = (await eng.get(`/api/v1/tickets?limit=5&cursor=${page2.nextCursor}`)).json();
  t.same(
    [...page1.items, ...page2.items, ...page3.items].map((x: { number: number }) => x.number),
    [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1],
  );
  t.equal(page3.nextCursor, null);

  t.equal((await eng.get(`/api/v1/tickets?organizationId=${b.id}`)).json().items.length, 5);
  t.equal((await eng.get('/api/v1/tickets?priority=P1')).json().items.length, 3);
  t.equal((await eng.get('/api/v1/tickets?assigneeId=me')).json().items.length, 3);
  t.equal((await eng.get('/api/v1/tickets?assigneeId=none')).json().items.length, 4);
  t.equal((await eng.get('/api/v1/tickets?type=request&status=new')).json().items.length, 5);
  t.equal((await eng.get('/api/v1/tickets?q=Beta%20request')).json().items.length, 5, 'text filter');
  t.equal((await eng.get('/api/v1/tickets?q=%233')).json().items[0].number, 3, '#number finds the ticket');
  const byPriority = (await eng.get('/api/v1/tickets?sort=priority&limit=4')).json();
  t.same(
    byPriority.items.map((x: { priority: string }) => x.priority),
    ['P1', 'P1', 'P1', 'P3'],
  );
  const next = (await eng.get(`/api/v1/tickets?sort=priority&limit=4&cursor=${byPriority.nextCursor}`)).json();
  t.same(
    next.items.map((x: { priority: string }) => x.priority),
    ['P3', 'P3', 'P3', 'P3'],
    'cursor paging keeps the sort',
  );
});

t.test('bad input gets a clear 4xx and changes nothing', async (t) => {
  const desk = await testDesk(t);
  const eng = await desk.agent('engineer');
  const org = await makeOrganization(await desk.agent('admin'));
  const count = async () => (await eng.get('/api/v1/tickets?limit=200')).json().items.length;
  const base = { subject: 's', description: 'd', organizationId: org.id, type: 'incident', priority: 'P3' };

  const malformed = await desk.app.inject({
    method: 'POST',
    url: '/api/v1/tickets',
    headers: { authorization: `Bearer ${eng.token}`, 'content-type': 'application/json' },
    payload: '{"subject": ',
  });
  t.equal(malformed.statusCode, 400);
  t.match(malformed.headers['content-type'], /application\/problem\+json/);
  t.match(malformed.json().detail, /not valid JSON/);

  const wrongType = await eng.post('/api/v1/tickets', { ...base, priority: 5 });
  t.equal(wrongType.statusCode, 400);
  t.match(wrongType.json().detail, /priority/);

  const unknownField = await eng.post('/api/v1/tickets', { ...base, isAdmin: true });
  t.equal(unknownField.statusCode, 400);
  t.match(unknownField.json().detail, /isAdmin is not a known field/);

  const proto = await desk.app.inject({
    method: 'POST',
    url: '/api/v1/tickets',
    headers: { authorization: `Bearer ${eng.token}`, 'content-type': 'application/json' },
    payload: `{"subject":"s","description":"d","organizationId":${org.id},"type":"incident","priority":"P3","__proto__":{"admin":true}}`,
  });
  t.equal(proto.statusCode, 400);
  t.match(proto.json().detail, /forbidden key/);

  const huge = await eng.post('/api/v1/tickets', { ...base, description: 'x'.repeat(2 * 1024 * 1024) });
  t.equal(huge.statusCode, 413);
  t.match(huge.json().detail, /too large/);

  const noOrg = await eng.post('/api/v1/tickets', { ...base, organizationId: 99999 });
  t.equal(noOrg.statusCode, 400);
  t.match(noOrg.json().detail, /Organization 99999 does not exist/);

  const injectSort = await eng.get('/api/v1/tickets?sort=id;drop%20table%20tickets');
  t.equal(injectSort.statusCode, 400);
  const injectStatus = await eng.get("/api/v1/tickets?status=new'%20or%201=1--");
  t.equal(injectStatus.statusCode, 400);
  const injectSearch = await eng.get(`/api/v1/search?q=${encodeURIComponent(`"'); drop table tickets; -- NEAR(*`)}`);
  t.equal(injectSearch.statusCode, 200, 'SQL/FTS metacharacters in search are plain text');
  const injectQueue = await eng.get(`/api/v1/tickets?q=${encodeURIComponent("%_' or 1=1 --")}`);
  t.equal(injectQueue.statusCode, 200);
  t.equal(injectQueue.json().items.length, 0);
  const badCursor = await eng.get('/api/v1/tickets?cursor=garbage');
  t.equal(badCursor.statusCode, 400);

  t.equal(await count(), 0, 'nothing was stored');
  t.equal((await eng.get('/api/v1/tickets/424242')).statusCode, 404);
  t.equal((await eng.patch('/api/v1/tickets/424242', { status: 'open' })).statusCode, 404);
  t.equal((await eng.get('/api/v1/tickets/abc')).statusCode, 400);
});
