import t from 'tap';
import { apiClient, testDesk } from '../helpers/app.js';
import { makeContact, makeOrganization, makeTicket } from '../helpers/factories.js';
import { portalDesk, signIn } from '../portal/helpers.js';

t.test(
  'the events feed pages by an opaque cursor, filters types (agreement.* too) and is for admins and managers',
  async (t) => {
    const desk = await testDesk(t);
    const admin = await desk.agent('admin');
    const org = await makeOrganization(admin);
    const a = await makeTicket(admin, org.id);
    const b = await makeTicket(admin, org.id);
    await admin.patch(`/api/v1/tickets/${a.id}`, { priority: 'P1' });

    const all = await admin.get('/api/v1/events?limit=1000');
    t.equal(all.statusCode, 200);
    const events = all.json().events as { id: number; type: string; at: string; data: Record<string, unknown> }[];
    const ids = events.map((e) => e.id);
    t.same(
      ids,
      [...ids].sort((x, y) => x - y),
      'ordered by id',
    );
    const created = events.filter((e) => e.type === 'ticket.created');
    t.same(
      created.map((e) => e.data.ticketId),
      [a.id, b.id],
    );
    t.match(created[0]!.at, /^\d{4}-\d\d-\d\dT/);

    const page1 = await admin.get('/api/v1/events?types=ticket.created,ticket.updated&limit=2');
    t.same(
      page1.json().events.map((e: { type: string }) => e.type),
      ['ticket.created', 'ticket.created'],
    );
    t.notMatch(page1.json().next, /^\d+$/, 'the cursor is not a bare id');
    const page2 = await admin.get(`/api/v1/events?types=ticket.created,ticket.updated&after=${page1.json().next}`);
    t.same(
      page2.json().events.map((e: { type: string }) => e.type),
      ['ticket.updated'],
    );
    const page3 = await admin.get(`/api/v1/events?types=ticket.created,ticket.updated&after=${page2.json().next}`);
    t.same(page3.json().events, [], 'nothing after the last');
    t.equal(page3.json().next, page2.json().next, 'the cursor stays where it was');

    const noAgreements = await admin.get('/api/v1/events?types=agreement.*');
    t.same(noAgreements.json().events, [], 'no agreement events yet');
    t.ok(noAgreements.json().next, 'but a cursor past what was looked at');

    t.equal((await admin.get('/api/v1/events?after=bogus!')).statusCode, 400, 'a cursor not of this feed');
    const badType = await admin.get('/api/v1/events?types=ticket.created,%25');
    t.equal(badType.statusCode, 400);
    t.match(badType.json().detail, /not an event type/);

    const engineer = await desk.agent('engineer');
    t.equal((await engineer.get('/api/v1/events')).statusCode, 403, 'engineers do not read the whole desk');
    const manager = await desk.agent('manager');
    t.equal((await manager.get('/api/v1/events')).statusCode, 200);
    const made = await admin.post('/api/v1/tokens', { name: 'writer', scopes: ['tickets:write'] });
    const writer = apiClient(desk.app, made.json().token, admin.agentId);
    t.equal((await writer.get('/api/v1/events')).statusCode, 403, 'the feed needs the read scope');
    t.equal((await desk.app.inject({ method: 'GET', url: '/api/v1/events' })).statusCode, 401, 'nobody anonymous');
  },
);

t.test('long-poll answers as soon as a new event commits, and at the deadline when none does', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const org = await makeOrganization(admin);
  const start = await admin.get('/api/v1/events?types=ticket.created');
  const cursor = start.json().next as string;

  const began = Date.now();
  const waiting = admin.get(`/api/v1/events?types=ticket.created&wait=20&after=${cursor}`);
  await new Promise((r) => setTimeout(r, 300));
  // An event of another type wakes the wait but does not answer it.
  await admin.post(`/api/v1/organizations/${org.id}/contacts`, { name: 'Ann', email: 'ann@client.example' });
  await new Promise((r) => setTimeout(r, 200));
  const ticket = await makeTicket(admin, org.id);
  const answer = await waiting;
  const took = Date.now() - began;
  t.equal(answer.statusCode, 200);
  t.same(
    answer.json().events.map((e: { data: { ticketId: number } }) => e.data.ticketId),
    [ticket.id],
  );
  t.ok(took >= 450 && took < 5_000, `answered when the ticket committed (${took} ms), not after 20 s`);

  const idleStart = Date.now();
  const idle = await admin.get(`/api/v1/events?types=ticket.created&wait=1&after=${answer.json().next}`);
  const idleTook = Date.now() - idleStart;
  t.same(idle.json().events, []);
  t.ok(idleTook >= 950 && idleTook < 3_000, `an empty answer after the wait (${idleTook} ms)`);
  t.equal((await admin.get('/api/v1/events?wait=31')).statusCode, 400, 'at most 30 s');
});

t.test('a contact signed in to the portal never reads the feed, not even with its cookie', async (t) => {
  const desk = await portalDesk(t);
  const org = await makeOrganization(desk.admin);
  await makeContact(desk.admin, org.id, { email: 'olga@client.example' });
  await makeTicket(desk.admin, org.id);
  const contact = await signIn(desk.app, 'olga@client.example');
  t.equal((await contact.get('/api/v1/portal/me')).statusCode, 200, 'the contact is signed in');
  const feed = await contact.get('/api/v1/events');
  t.equal(feed.statusCode, 401, "the portal's cookie counts only on the portal's routes");
  t.notMatch(feed.body, /ticket\.created/);
});
