import t from 'tap';
import { testDesk } from '../helpers/app.js';
import { makeOrganization, makeTicket } from '../helpers/factories.js';

type Item = { id: number; ok: boolean; error?: string };

t.test('bulk change: each ticket through the PATCH checks, partial success reported per ticket', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const eng = await desk.agent('engineer');
  const org = await makeOrganization(admin);
  const [a, b, c] = [await makeTicket(eng, org.id), await makeTicket(eng, org.id), await makeTicket(eng, org.id)];
  t.equal((await eng.patch(`/api/v1/tickets/${c.id}`, { status: 'closed' })).statusCode, 200);

  const res = await eng.post('/api/v1/tickets/bulk', {
    ids: [a.id, b.id, c.id, 999999],
    set: { status: 'in_progress', assigneeId: eng.agentId },
  });
  t.equal(res.statusCode, 200, res.body);
  const items: Item[] = res.json().items;
  t.same(
    items.map((i) => [i.id, i.ok]),
    [
      [a.id, true],
      [b.id, true],
      [c.id, false],
      [999999, false],
    ],
  );
  t.match(items[2]!.error, /cannot move to "in_progress"; allowed: open/);
  t.match(items[3]!.error, /Ticket 999999 was not found/);
  const after = (await eng.get(`/api/v1/tickets/${a.id}`)).json();
  t.match(after, { status: 'in_progress', assigneeId: eng.agentId });
  t.equal((await eng.get(`/api/v1/tickets/${c.id}`)).json().status, 'closed', 'the refused one is untouched');
  const history = (await eng.get(`/api/v1/tickets/${b.id}/history`)).json().items;
  t.same(
    history.filter((h: { action: string }) => h.action === 'changed').map((h: { field: string }) => h.field),
    ['status', 'assigneeId'],
  );

  const bad = await eng.post('/api/v1/tickets/bulk', { ids: [a.id], set: { subject: 'x' } });
  t.equal(bad.statusCode, 400);
  const empty = await eng.post('/api/v1/tickets/bulk', { ids: [], set: { priority: 'P1' } });
  t.equal(empty.statusCode, 400);
  const unknownAgent = await eng.post('/api/v1/tickets/bulk', { ids: [a.id], set: { assigneeId: 4242 } });
  t.match(unknownAgent.json().items, [{ id: a.id, ok: false, error: /Agent 4242 does not exist/ }]);

  const accountant = await desk.agent('accountant');
  t.equal((await accountant.post('/api/v1/tickets/bulk', { ids: [a.id], set: { priority: 'P1' } })).statusCode, 403);
});

t.test('merge: the conversation moves, the merged ticket is closed and linked, history on both', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const eng = await desk.agent('engineer');
  const org = await makeOrganization(admin);
  const other = await makeOrganization(admin, { name: 'Another client' });
  const source = await makeTicket(eng, org.id, { subject: 'Printer again' });
  const target = await makeTicket(eng, org.id, { subject: 'Printer' });
  const foreign = await makeTicket(eng, other.id);
  await eng.post(`/api/v1/tickets/${source.id}/comments`, { body: 'Still jams', public: true });
  await eng.post(`/api/v1/tickets/${source.id}/comments`, { body: 'Toner?', public: false });

  const refused = await eng.post(`/api/v1/tickets/${source.id}/merge`, { intoTicketId: foreign.id });
  t.equal(refused.statusCode, 409);
  t.match(refused.json().detail, /tickets of different clients are never merged/);
  t.equal((await eng.post(`/api/v1/tickets/${source.id}/merge`, { intoTicketId: source.id })).statusCode, 400);
  t.equal((await eng.post(`/api/v1/tickets/${source.id}/merge`, { intoTicketId: 999999 })).statusCode, 404);

  const merged = await eng.post(`/api/v1/tickets/${source.id}/merge`, { intoTicketId: target.id });
  t.equal(merged.statusCode, 200, merged.body);
  t.same(merged.json(), {
    mergedTicketId: source.id,
    intoTicketId: target.id,
    comments: 2,
    attachments: 0,
    worklogsLinked: 0,
  });
  t.equal((await eng.get(`/api/v1/tickets/${source.id}`)).json().status, 'closed');
  t.same(
    (await eng.get(`/api/v1/tickets/${target.id}/comments`)).json().items.map((c: { body: string }) => c.body),
    ['Still jams', 'Toner?'],
  );
  t.same((await eng.get(`/api/v1/tickets/${source.id}/comments`)).json().items, []);
  t.match((await eng.get(`/api/v1/tickets/${source.id}/links`)).json().items, [
    { kind: 'duplicate_of', ticket: { id: target.id, number: target.number } },
  ]);
  t.match((await eng.get(`/api/v1/tickets/${target.id}/links`)).json().items, [
    { kind: 'duplicated_by', ticket: { id: source.id, number: source.number } },
  ]);
  const sourceHistory = (await eng.get(`/api/v1/tickets/${source.id}/history`)).json().items;
  t.ok(
    sourceHistory.some((h: { action: string; to: string }) => h.action === 'merged' && h.to === `#${target.number}`),
  );
  t.ok(sourceHistory.some((h: { field: string; to: string }) => h.field === 'status' && h.to === 'closed'));
  const targetHistory = (await eng.get(`/api/v1/tickets/${target.id}/history`)).json().items;
  t.ok(
    targetHistory.some(
      (h: { action: string; to: string }) => h.action === 'merged' && h.to.startsWith(`#${source.number} (2 comments`),
    ),
  );
  const again = await eng.post(`/api/v1/tickets/${source.id}/merge`, { intoTicketId: target.id });
  t.equal(again.statusCode, 409, 'a closed ticket is not merged twice');
});

t.test('links: both ends see the link, duplicates refused, removal leaves history on both', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const eng = await desk.agent('engineer');
  const org = await makeOrganization(admin);
  const parent = await makeTicket(eng, org.id);
  const child = await makeTicket(eng, org.id);
  const created = await eng.post(`/api/v1/tickets/${parent.id}/links`, { ticketId: child.id, kind: 'parent_of' });
  t.equal(created.statusCode, 201, created.body);
  const link = created.json().items[0];
  t.match(link, { kind: 'parent_of', ticket: { id: child.id } });
  t.match((await eng.get(`/api/v1/tickets/${child.id}/links`)).json().items, [
    { id: link.id, kind: 'child_of', ticket: { id: parent.id } },
  ]);
  const twice = await eng.post(`/api/v1/tickets/${child.id}/links`, { ticketId: parent.id, kind: 'related' });
  t.equal(twice.statusCode, 409);
  t.match(twice.json().detail, /already linked \(child_of\)/);
  t.equal(
    (await eng.post(`/api/v1/tickets/${child.id}/links`, { ticketId: child.id, kind: 'related' })).statusCode,
    400,
  );
  t.equal(
    (await eng.post(`/api/v1/tickets/${child.id}/links`, { ticketId: parent.id, kind: 'blocks' })).statusCode,
    400,
  );

  t.equal((await eng.del(`/api/v1/tickets/${child.id}/links/${link.id}`)).statusCode, 204);
  t.same((await eng.get(`/api/v1/tickets/${parent.id}/links`)).json().items, []);
  t.equal((await eng.del(`/api/v1/tickets/${child.id}/links/${link.id}`)).statusCode, 404);
  const lines = (await eng.get(`/api/v1/tickets/${child.id}/history`))
    .json()
    .items.filter((h: { action: string }) => h.action === 'linked' || h.action === 'unlinked');
  t.same(
    lines.map((h: { action: string; field: string }) => [h.action, h.field]),
    [
      ['linked', 'child_of'],
      ['unlinked', 'child_of'],
    ],
  );
});
