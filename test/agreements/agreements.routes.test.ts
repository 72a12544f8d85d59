/**
 * /api/v1/services and /api/v1/agreements through app.inject on a real SQLite file with a fixed clock: the
 * binding request and response shapes, validation as problem+json naming the field, 404, 409 and who may do what.
 */
import t from 'tap';
import { testDesk } from '../helpers/app.js';
import { makeAgreement, makeCalendar, makeContact, makeOrganization, makeService } from '../helpers/factories.js';
import { fixedClock } from '../../server/shared/clock.js';

const problemJson = /^application\/problem\+json/;

t.test('the service catalogue', async (t) => {
  const desk = await testDesk(t);
  const manager = await desk.agent('manager');
  const engineer = await desk.agent('engineer');
  const accountant = await desk.agent('accountant');

  const created = await manager.post('/api/v1/services', { name: '  Сопровождение 1С  ' });
  t.equal(created.statusCode, 201, created.body);
  const service = created.json();
  t.type(service.id, 'number');
  t.same(
    { ...service, id: 0, createdAt: '', updatedAt: '' },
    { id: 0, name: 'Сопровождение 1С', description: null, category: null, active: true, createdAt: '', updatedAt: '' },
  );
  const network = (
    await manager.post('/api/v1/services', {
      name: 'Network',
      description: 'LAN and Wi-Fi',
      category: 'Infrastructure',
      active: false,
    })
  ).json();
  t.equal(network.active, false);

  t.equal(
    (await engineer.post('/api/v1/services', { name: 'X' })).statusCode,
    403,
    'engineers do not edit the catalogue',
  );
  t.equal((await accountant.get('/api/v1/services')).statusCode, 200, 'accountants read it');
  t.same(
    (await engineer.get('/api/v1/services')).json().items.map((s: { name: string }) => s.name),
    ['Network', 'Сопровождение 1С'],
  );
  t.same(
    (await engineer.get('/api/v1/services?active=true')).json().items.map((s: { id: number }) => s.id),
    [service.id],
  );
  t.same(
    (await engineer.get('/api/v1/services?active=false')).json().items.map((s: { id: number }) => s.id),
    [network.id],
  );
  t.same(
    (await engineer.get('/api/v1/services?q=infra')).json().items.map((s: { id: number }) => s.id),
    [network.id],
    'q searches the category too',
  );
  const page = (await engineer.get('/api/v1/services?limit=1')).json();
  t.equal(page.items.length, 1);
  t.same(
    (await engineer.get(`/api/v1/services?limit=1&cursor=${page.nextCursor}`))
      .json()
      .items.map((s: { id: number }) => s.id),
    [service.id],
  );

  const patched = await manager.patch(`/api/v1/services/${network.id}`, { active: true, category: ' ' });
  t.equal(patched.statusCode, 200);
  t.same([patched.json().active, patched.json().category], [true, null]);
  t.equal((await engineer.get(`/api/v1/services/${network.id}`)).json().name, 'Network');
  t.equal((await engineer.get('/api/v1/services/9999')).statusCode, 404);

  const bad = await manager.post('/api/v1/services', { name: '', colour: 'red' });
  t.equal(bad.statusCode, 400);
  t.match(bad.headers['content-type'], problemJson);
  t.equal((await manager.patch(`/api/v1/services/${network.id}`, {})).statusCode, 400, 'an empty patch is refused');

  const org = await makeOrganization(manager);
  const calendar = await makeCalendar(manager);
  await makeAgreement(manager, {
    organizationId: org.id,
    calendarId: calendar.id,
    number: 'USES',
    serviceIds: [service.id],
  });
  const inUse = await manager.del(`/api/v1/services/${service.id}`);
  t.equal(inUse.statusCode, 409);
  t.equal(inUse.json().code, 'service_in_use');
  t.equal(
    inUse.json().detail,
    'Service "Сопровождение 1С" is covered by agreement USES; deactivate it instead of deleting',
  );
  t.equal((await manager.del(`/api/v1/services/${network.id}`)).statusCode, 204, 'an unused service may be deleted');
  t.equal((await manager.del(`/api/v1/services/${network.id}`)).statusCode, 404);
});

t.test('agreements: the binding API', async (t) => {
  const clock = fixedClock('2026-03-10T09:00:00Z');
  const desk = await testDesk(t, { clock });
  const manager = await desk.agent('manager');
  const engineer = await desk.agent('engineer');
  const accountant = await desk.agent('accountant');
  const org = await makeOrganization(manager, { name: 'ООО Ромашка' });
  const other = await makeOrganization(manager, { name: 'Hotel Volga' });
  const contact = await makeContact(manager, org.id, { name: 'Ольга', language: 'ru' });
  const calRes = await manager.post('/api/v1/calendars', {
    name: 'Moscow 8x5',
    timezone: 'Europe/Moscow',
    week: {
      mon: [['09:00', '18:00']],
      tue: [['09:00', '18:00']],
      wed: [['09:00', '18:00']],
      thu: [['09:00', '18:00']],
      fri: [['09:00', '18:00']],
    },
  });
  t.equal(calRes.statusCode, 201);
  const calendarId = calRes.json().id;
  const svc = (await manager.post('/api/v1/services', { name: 'Support' })).json();
  t.type(svc.id, 'number', 'POST /services {name} → {id}');

  const binding = {
    organizationId: org.id,
    number: '2026-014',
    title: 'Сопровождение',
    calendarId,
    start: '2026-04-01',
    end: '2027-03-31',
    tier: '8x5',
    serviceIds: [svc.id],
    targets: [
      { priority: 'P1', reactionMinutes: 30, resolutionMinutes: 240 },
      { priority: 'P2', reactionMinutes: 60, resolutionMinutes: 480 },
    ],
  };
  const created = await manager.post('/api/v1/agreements', binding);
  t.equal(created.statusCode, 201, created.body);
  const a = created.json();
  t.type(a.id, 'number');
  t.equal(a.status, 'planned');
  t.match(a, {
    organizationId: org.id,
    organizationName: 'ООО Ромашка',
    number: '2026-014',
    kind: 'commercial',
    tier: '8x5',
    calendarId,
    calendarName: 'Moscow 8x5',
    start: '2026-04-01',
    end: '2027-03-31',
    daysToExpiry: 386,
    noticeDays: [30, 14, 7, 1],
    warningPercent: 80,
    managerId: null,
    recipients: [],
    renewedFromId: null,
  });
  t.same(a.targets, [
    { priority: 'P1', type: null, reactionMinutes: 30, resolutionMinutes: 240 },
    { priority: 'P2', type: null, reactionMinutes: 60, resolutionMinutes: 480 },
  ]);
  t.same(
    a.services.map((s: { id: number }) => s.id),
    [svc.id],
  );
  t.same(
    a.history.map((h: { action: string; to: string }) => [h.action, h.to]),
    [['created', 'planned']],
  );

  const full = await manager.post('/api/v1/agreements', {
    ...binding,
    number: '2026-015',
    start: '2026-03-01T00:00:00+03:00',
    tier: 'premium',
    targets: undefined,
    kind: 'prepaid_hours',
    hoursPackage: 10,
    hourRate: 2500,
    managerId: manager.agentId,
    recipientContactIds: [contact.id],
    noticeDays: [10, 3],
    warningPercent: 90,
    notes: 'Прайс 2026',
  });
  t.equal(full.statusCode, 201, full.body);
  t.match(full.json(), {
    status: 'active',
    start: '2026-03-01',
    kind: 'prepaid_hours',
    hoursPackage: 10,
    hourRate: 2500,
    managerId: manager.agentId,
    noticeDays: [10, 3],
    warningPercent: 90,
    notes: 'Прайс 2026',
  });
  t.same(
    full.json().recipients.map((r: { name: string }) => r.name),
    ['Ольга'],
  );
  t.equal(full.json().targets[0].reactionMinutes, 15, 'premium presets');
  t.match(full.json().warnings, [/premium tier expects a round-the-clock calendar/]);
  t.same(
    full.json().history.map((h: { action: string }) => h.action),
    ['created', 'activated'],
    'the period has begun: active at once',
  );
  t.match(full.json().history[0].actorName, /^manager \d+$/);
  t.equal(full.json().history[1].actorName, 'System');

  // Validation: problem+json naming the field.
  const invalid = async (body: Record<string, unknown>, path: string, message: RegExp | string) => {
    const res = await manager.post('/api/v1/agreements', body);
    t.equal(res.statusCode, 400, `${path}: 400`);
    t.match(res.headers['content-type'], problemJson);
    const problem = res.json();
    t.match(problem, { status: 400, errors: [{ path, message }] }, `${path} is named`);
    return problem;
  };
  const { number: _n, ...withoutNumber } = binding;
  await invalid(withoutNumber, 'body.number', 'is required');
  await invalid({ ...binding, number: 'V-1', tier: 'gold' }, 'body.tier', /has a value that is not allowed|must be/);
  await invalid({ ...binding, number: 'V-2', warningPercent: 100 }, 'body.warningPercent', /must be <= 99/);
  await invalid({ ...binding, number: 'V-3', colour: 'red' }, 'body.colour', 'is not a known field');
  await invalid({ ...binding, number: 'V-4', start: '01.04.2026' }, 'body.start', /must match pattern/);
  const notReal = await invalid(
    { ...binding, number: 'V-5', start: '2026-02-30' },
    'body.start',
    'is not a real date (YYYY-MM-DD)',
  );
  t.equal(notReal.detail, 'start "2026-02-30" is not a real date (YYYY-MM-DD)');
  await invalid({ ...binding, number: 'V-6', end: '2026-03-31' }, 'body.end', 'is before the start');
  const past = await invalid(
    { ...binding, number: 'V-7', start: '2026-01-01', end: '2026-03-09' },
    'body.end',
    'has already passed',
  );
  t.equal(
    past.detail,
    'Agreement V-7 would end on 2026-03-09, before today (2026-03-10 in Europe/Moscow); choose a later end date',
  );
  await invalid(
    { ...binding, number: 'V-8', tier: 'custom', targets: [] },
    'body.targets',
    'is required for the custom tier',
  );
  await invalid(
    { ...binding, number: 'V-9', targets: [{ priority: 'P5', reactionMinutes: 1, resolutionMinutes: 2 }] },
    'body.targets.0.priority',
    /has a value that is not allowed|must be/,
  );
  await invalid(
    { ...binding, number: 'V-10', recipientContactIds: [9999] },
    'body.recipientContactIds.0',
    'is not a contact of ООО Ромашка',
  );
  await invalid({ ...binding, number: 'V-11', calendarId: 9999 }, 'body.calendarId', 'does not exist');
  await invalid({ ...binding, number: 'V-12', organizationId: 9999 }, 'body.organizationId', 'does not exist');
  await invalid(
    { ...binding, number: 'V-13', status: 'active' },
    'body.status',
    /has a value that is not allowed|must be/,
  );

  const duplicate = await manager.post('/api/v1/agreements', binding);
  t.equal(duplicate.statusCode, 409);
  t.match(duplicate.headers['content-type'], problemJson);
  t.match(duplicate.json(), {
    code: 'number_taken',
    detail: 'Agreement number 2026-014 is already taken by "Сопровождение" of ООО Ромашка; choose another number',
    errors: [{ path: 'body.number' }],
  });

  // Who may do what.
  t.equal((await engineer.post('/api/v1/agreements', { ...binding, number: 'ENG' })).statusCode, 403);
  t.equal((await engineer.post(`/api/v1/agreements/${a.id}/terminate`, { reason: 'x' })).statusCode, 403);
  t.equal((await engineer.patch(`/api/v1/agreements/${a.id}`, { title: 'x' })).statusCode, 403);
  t.equal((await engineer.get(`/api/v1/agreements/${a.id}`)).statusCode, 200);
  t.equal((await accountant.get('/api/v1/agreements')).statusCode, 200);
  t.equal((await accountant.post(`/api/v1/agreements/${a.id}/activate`)).statusCode, 403);
  const notFound = await engineer.get('/api/v1/agreements/9999');
  t.equal(notFound.statusCode, 404);
  t.equal(notFound.json().detail, 'Agreement 9999 was not found');
  t.equal((await manager.post('/api/v1/agreements/9999/activate', {})).statusCode, 404);

  // Changes.
  const patched = await manager.patch(`/api/v1/agreements/${a.id}`, {
    title: 'Сопровождение 2026',
    end: '2027-06-30',
    managerId: manager.agentId,
    recipientContactIds: [contact.id],
  });
  t.equal(patched.statusCode, 200, patched.body);
  t.match(patched.json(), {
    title: 'Сопровождение 2026',
    end: '2027-06-30',
    managerId: manager.agentId,
    recipientContactIds: [contact.id],
  });
  const taken = await manager.patch(`/api/v1/agreements/${a.id}`, { number: '2026-015' });
  t.equal(taken.statusCode, 409);
  t.equal((await manager.patch(`/api/v1/agreements/${a.id}`, {})).statusCode, 400);
  const targets = await manager.request('PUT', `/api/v1/agreements/${a.id}/targets`, {
    targets: [{ priority: 'P1', type: 'incident', reactionMinutes: 15, resolutionMinutes: 120 }],
  });
  t.equal(targets.statusCode, 200, targets.body);
  t.same(targets.json().targets, [{ priority: 'P1', type: 'incident', reactionMinutes: 15, resolutionMinutes: 120 }]);
  const svc2 = await makeService(manager, { name: 'Backup' });
  const services = await manager.request('PUT', `/api/v1/agreements/${a.id}/services`, {
    serviceIds: [svc2.id, svc.id],
  });
  t.equal(services.statusCode, 200);
  t.same(
    services.json().services.map((s: { name: string }) => s.name),
    ['Backup', 'Support'],
  );
  const missingService = await manager.request('PUT', `/api/v1/agreements/${a.id}/services`, { serviceIds: [9999] });
  t.match(missingService.json(), { status: 400, errors: [{ path: 'body.serviceIds.0', message: 'does not exist' }] });

  // Transitions.
  const activated = await manager.post(`/api/v1/agreements/${a.id}/activate`, { reason: 'work began early' });
  t.equal(activated.statusCode, 200);
  t.equal(activated.json().status, 'active');
  const bare = await desk.app.inject({
    method: 'POST',
    url: `/api/v1/agreements/${a.id}/activate`,
    headers: { authorization: `Bearer ${manager.token}` },
  });
  t.equal(bare.statusCode, 200, `a POST without a body works too: ${bare.body}`);
  t.equal(
    bare.json().history.length,
    activated.json().history.length,
    'already active: unchanged, no new history entry',
  );
  const noReason = await manager.post(`/api/v1/agreements/${a.id}/terminate`, {});
  t.equal(noReason.statusCode, 400);
  t.match(noReason.json().errors, [{ path: 'body.reason', message: 'is required' }]);
  const history = (await engineer.get(`/api/v1/agreements/${a.id}/history`)).json().items;
  t.same(
    history.map((h: { action: string }) => h.action),
    ['created', 'updated', 'targets_changed', 'services_changed', 'activated'],
  );
  t.match(history[4], { actor: `agent:${manager.agentId}`, from: 'planned', to: 'active', reason: 'work began early' });

  const renewed = await manager.post(`/api/v1/agreements/${a.id}/renew`, {});
  t.equal(renewed.statusCode, 201, renewed.body);
  t.match(renewed.json(), {
    number: '2026-014/2',
    status: 'planned',
    start: '2027-07-01',
    end: '2028-09-30',
    renewedFromId: a.id,
  });
  t.equal((await manager.post(`/api/v1/agreements/${a.id}/renew`, {})).statusCode, 409);

  const terminated = await manager.post(`/api/v1/agreements/${a.id}/terminate`, { reason: 'Client went bankrupt' });
  t.equal(terminated.statusCode, 200);
  t.equal(terminated.json().status, 'terminated');
  const again = await manager.post(`/api/v1/agreements/${a.id}/activate`, {});
  t.equal(again.statusCode, 409);
  t.equal(again.json().detail, 'Agreement 2026-014 is terminated; renew it or create a new one instead');

  const copies = await manager.post(`/api/v1/agreements/${renewed.json().id}/copy`, {
    organizationIds: [other.id, org.id],
  });
  t.equal(copies.statusCode, 201, copies.body);
  t.same(
    copies
      .json()
      .items.map((c: { number: string; organizationId: number; status: string }) => [
        c.number,
        c.organizationId,
        c.status,
      ]),
    [
      ['2026-014/2-1', other.id, 'planned'],
      ['2026-014/2-2', org.id, 'planned'],
    ],
  );
  t.match((await manager.post(`/api/v1/agreements/${a.id}/copy`, { organizationIds: [] })).json(), {
    status: 400,
    errors: [{ path: 'body.organizationIds' }],
  });

  // Lists.
  const list = (query: string) => engineer.get(`/api/v1/agreements${query}`).then((r) => r.json());
  const all = await list('');
  t.same(Object.keys(all), ['items', 'nextCursor']);
  t.equal(all.items.length, 5);
  t.type(all.items[0].daysToExpiry, 'number');
  t.same(
    (await list('?status=active,terminated&sort=number')).items.map((x: { number: string }) => x.number),
    ['2026-014', '2026-015'],
  );
  t.same(
    (await list(`?organizationId=${other.id}`)).items.map((x: { number: string }) => x.number),
    ['2026-014/2-1'],
  );
  t.same((await list('?q=2026-014%2F2')).items.map((x: { number: string }) => x.number).sort(), [
    '2026-014/2',
    '2026-014/2-1',
    '2026-014/2-2',
  ]);
  t.same(
    (await list('?expiringWithinDays=400')).items.map((x: { number: string; daysToExpiry: number }) => [
      x.number,
      x.daysToExpiry,
    ]),
    [['2026-015', 386]],
  );
  t.equal((await engineer.get('/api/v1/agreements?status=open')).statusCode, 400);

  const presets = (await engineer.get('/api/v1/agreements/tier-presets')).json().items;
  t.same(
    presets.map((p: { tier: string; roundTheClock: boolean }) => [p.tier, p.roundTheClock]),
    [
      ['8x5', false],
      ['24x7', true],
      ['premium', true],
    ],
  );
});
