/**
 * /api/v1/recurring-services, /api/v1/recurring-charges and /api/v1/client-costs through app.inject on a real
 * SQLite file with a fixed clock: shapes, filters, validation as problem+json with human messages, 404, 409,
 * and who may do what (engineers read without costs, contacts never).
 */
import t from 'tap';
import { testDesk } from '../helpers/app.js';
import { makeContact, makeOrganization } from '../helpers/factories.js';
import { fixedClock } from '../../server/shared/clock.js';
import { listRecurring } from '../../server/modules/recurring/recurring.service.js';
import { listCosts } from '../../server/modules/client-costs/client-costs.service.js';
import { recurringServicesJob } from '../../server/modules/recurring/index.js';
import { rejects } from '../agreements/helpers.js';

const problemJson = /^application\/problem\+json/;

t.test('recurring services: create, list, expiring, patch, delete, permissions', async (t) => {
  const desk = await testDesk(t, { clock: fixedClock('2026-12-04T09:00:00Z') });
  const manager = await desk.agent('manager');
  const engineer = await desk.agent('engineer');
  const accountant = await desk.agent('accountant');
  const org = await makeOrganization(manager, { name: 'ООО Ромашка' });
  const other = await makeOrganization(manager, { name: 'Hotel Volga' });
  const olga = await makeContact(manager, org.id, { name: 'Ольга', email: 'olga@romashka.example' });
  const stranger = await makeContact(manager, other.id, { name: 'Stranger', email: 'x@volga.example' });

  const body = {
    organizationId: org.id,
    kind: 'domain',
    name: ' romashka.ru ',
    vendor: 'REG.RU',
    costKopecks: 59_000,
    priceKopecks: 99_000,
    vatRate: 20,
    billingEveryMonths: 12,
    nextBillingDate: '2027-01-31',
    expiresOn: '2026-12-11',
    notifyContactId: olga.id,
    managerId: manager.agentId,
  };
  const created = await manager.post('/api/v1/recurring-services', body);
  t.equal(created.statusCode, 201, created.body);
  const domain = created.json();
  t.same(
    { ...domain, id: 0, createdAt: '', updatedAt: '' },
    {
      id: 0,
      organizationId: org.id,
      organizationName: 'ООО Ромашка',
      kind: 'domain',
      name: 'romashka.ru',
      vendor: 'REG.RU',
      costKopecks: 59_000,
      priceKopecks: 99_000,
      vatRate: 20,
      billingEveryMonths: 12,
      nextBillingDate: '2027-01-31',
      expiresOn: '2026-12-11',
      daysLeft: 7,
      expired: false,
      host: null,
      liveCheck: false,
      notifyContactId: olga.id,
      managerId: manager.agentId,
      notes: null,
      active: true,
      lastCheckAt: null,
      lastCheckResult: null,
      lastCheckError: null,
      createdAt: '',
      updatedAt: '',
    },
  );
  const hosting = (
    await manager.post('/api/v1/recurring-services', {
      ...body,
      kind: 'hosting',
      name: 'VPS',
      expiresOn: '2027-03-01',
      notifyContactId: null,
    })
  ).json();
  const lapsed = (
    await manager.post('/api/v1/recurring-services', {
      ...body,
      kind: 'certificate',
      name: 'old.romashka.ru',
      expiresOn: '2026-11-30',
    })
  ).json();
  t.equal(lapsed.daysLeft, -4);
  t.equal(lapsed.expired, true);
  const retired = (
    await manager.post('/api/v1/recurring-services', {
      ...body,
      name: 'gone.ru',
      expiresOn: '2026-11-01',
      active: false,
    })
  ).json();
  const elsewhere = (
    await manager.post('/api/v1/recurring-services', {
      ...body,
      organizationId: other.id,
      name: 'volga.ru',
      notifyContactId: stranger.id,
      expiresOn: '2026-12-20',
    })
  ).json();

  const names = async (url: string) => (await engineer.get(url)).json().items.map((i: { name: string }) => i.name);
  t.same(await names('/api/v1/recurring-services'), ['VPS', 'gone.ru', 'old.romashka.ru', 'romashka.ru', 'volga.ru']);
  t.same(await names(`/api/v1/recurring-services?organizationId=${org.id}&kind=domain`), ['gone.ru', 'romashka.ru']);
  t.same(
    await names('/api/v1/recurring-services?expiringWithinDays=30'),
    ['old.romashka.ru', 'romashka.ru', 'volga.ru'],
    'by expiry: active expired ones first, then up to today + 30; retired and later ones left out',
  );
  t.same(await names('/api/v1/recurring-services?expiringWithinDays=7'), ['old.romashka.ru', 'romashka.ru']);
  const first = (await engineer.get('/api/v1/recurring-services?expiringWithinDays=30&limit=2')).json();
  t.equal(first.items.length, 2);
  const rest = (
    await engineer.get(`/api/v1/recurring-services?expiringWithinDays=30&limit=2&cursor=${first.nextCursor}`)
  ).json();
  t.same(
    rest.items.map((i: { id: number }) => i.id),
    [elsewhere.id],
  );
  t.equal(rest.nextCursor, null);

  // Our cost is internal: engineers read the items without it; accountants and managers see it.
  const seen = (await engineer.get(`/api/v1/recurring-services/${domain.id}`)).json();
  t.notOk('costKopecks' in seen, 'no cost for engineers');
  t.equal(seen.priceKopecks, 99_000);
  t.equal((await accountant.get(`/api/v1/recurring-services/${domain.id}`)).json().costKopecks, 59_000);

  t.equal((await engineer.post('/api/v1/recurring-services', body)).statusCode, 403, 'engineers do not write');
  t.equal((await accountant.patch(`/api/v1/recurring-services/${domain.id}`, { name: 'x' })).statusCode, 403);
  t.equal((await engineer.del(`/api/v1/recurring-services/${domain.id}`)).statusCode, 403);
  t.equal((await engineer.post(`/api/v1/recurring-services/${domain.id}/check`)).statusCode, 403);

  const patched = await manager.patch(`/api/v1/recurring-services/${domain.id}`, {
    expiresOn: '2027-12-11',
    billingEveryMonths: 1,
    notes: '  renewed for a year  ',
  });
  t.equal(patched.statusCode, 200, patched.body);
  t.match(patched.json(), {
    expiresOn: '2027-12-11',
    daysLeft: 372,
    billingEveryMonths: 1,
    notes: 'renewed for a year',
  });

  const bad = async (
    url: string,
    payload: unknown,
    status: number,
    detail: RegExp,
    method: 'post' | 'patch' = 'post',
  ) => {
    const res = await manager[method](url, payload);
    t.equal(res.statusCode, status, `${JSON.stringify(payload)}: ${res.body}`);
    t.match(res.headers['content-type'], problemJson);
    t.match(res.json().detail, detail);
    return res.json();
  };
  const invalid = await bad(
    '/api/v1/recurring-services',
    { ...body, nextBillingDate: '2027-02-30' },
    400,
    /"2027-02-30" is not a date; use YYYY-MM-DD/,
  );
  t.same(invalid.errors, [{ path: 'body.nextBillingDate', message: 'is not a date' }]);
  await bad(
    '/api/v1/recurring-services',
    { ...body, notifyContactId: stranger.id },
    400,
    /Stranger is a contact of another client/,
  );
  await bad('/api/v1/recurring-services', { ...body, liveCheck: true }, 400, /A live check needs a host/);
  await bad('/api/v1/recurring-services', { ...body, host: 'https://romashka.ru/' }, 400, /is not a host name/);
  await bad('/api/v1/recurring-services', { ...body, organizationId: 999 }, 400, /Organization 999 was not found/);
  await bad('/api/v1/recurring-services', { ...body, billingEveryMonths: 0 }, 400, /billingEveryMonths/);
  await bad('/api/v1/recurring-services', { ...body, color: 'red' }, 400, /color/);
  await bad('/api/v1/recurring-services', { ...body, name: '   ' }, 400, /needs a name/);
  await bad(`/api/v1/recurring-services/${domain.id}`, {}, 400, /./, 'patch');
  t.equal((await manager.get('/api/v1/recurring-services/9999')).statusCode, 404);
  t.match((await manager.get('/api/v1/recurring-services/9999')).json().detail, 'Recurring service 9999 was not found');

  // Charges are recorded by the job; an item with charges is deactivated, not deleted.
  await manager.patch(`/api/v1/recurring-services/${hosting.id}`, {
    nextBillingDate: '2026-12-01',
    billingEveryMonths: 1,
  });
  await recurringServicesJob(desk.inst.ctx(), async () => {
    throw new Error('no live checks here');
  });
  const chargeList = (
    await accountant.get(`/api/v1/recurring-charges?organizationId=${org.id}&from=2026-12-01&to=2026-12-31`)
  ).json();
  t.match(chargeList.items, [
    {
      recurringServiceId: hosting.id,
      itemName: 'VPS',
      billingDate: '2026-12-01',
      periodEnd: '2026-12-31',
      amountKopecks: 99_000,
      vatRate: 20,
      costKopecks: 59_000,
      invoicedAt: null,
    },
  ]);
  t.notOk('costKopecks' in (await engineer.get('/api/v1/recurring-charges')).json().items[0]);
  t.equal((await engineer.get('/api/v1/recurring-charges?from=2026-12-31&to=2026-12-01')).statusCode, 400);
  const refused = await manager.del(`/api/v1/recurring-services/${hosting.id}`);
  t.equal(refused.statusCode, 409);
  t.equal(refused.json().detail, '"VPS" has 1 recorded charge; deactivate it instead of deleting');
  t.equal((await manager.del(`/api/v1/recurring-services/${retired.id}`)).statusCode, 204);
  t.equal((await manager.get(`/api/v1/recurring-services/${retired.id}`)).statusCode, 404);

  // Contacts (portal users) never see recurring services or costs.
  const contact = desk.inst.ctx({
    kind: 'contact',
    id: olga.id,
    organizationId: org.id,
    name: 'Ольга',
    language: 'ru',
  });
  await rejects(t, listRecurring(contact, { limit: 10 }), 403, 'You are not allowed to do this');
  await rejects(t, listCosts(contact, { limit: 10 }), 403, 'You are not allowed to do this');
});

t.test('client costs: VAT exact in kopecks, filters, permissions, invoiced rows stay', async (t) => {
  const desk = await testDesk(t, { clock: fixedClock('2026-12-04T09:00:00Z') });
  const admin = await desk.agent('admin');
  const manager = await desk.agent('manager');
  const engineer = await desk.agent('engineer');
  const accountant = await desk.agent('accountant');
  const org = await makeOrganization(admin, { name: 'ООО Ромашка' });
  const other = await makeOrganization(admin, { name: 'Hotel Volga' });

  const gross = await accountant.post('/api/v1/client-costs', {
    organizationId: org.id,
    date: '2026-12-01',
    description: 'Kaspersky, 10 seats',
    vendor: 'Softline',
    amountKopecks: 100,
    vatRate: 20,
    amountIncludesVat: true,
    rebill: true,
  });
  t.equal(gross.statusCode, 201, gross.body);
  t.match(gross.json(), {
    amountKopecks: 83,
    vatKopecks: 17,
    totalKopecks: 100,
    vatRate: 20,
    rebill: true,
    invoicedAt: null,
    organizationName: 'ООО Ромашка',
  });
  const net = (
    await manager.post('/api/v1/client-costs', {
      organizationId: org.id,
      date: '2026-11-15',
      description: 'Switch',
      amountKopecks: 1_234_567,
      vatRate: 20,
    })
  ).json();
  t.match(
    net,
    { amountKopecks: 1_234_567, vatKopecks: 246_913, totalKopecks: 1_481_480, rebill: false },
    'managers record purchases too',
  );
  await accountant.post('/api/v1/client-costs', {
    organizationId: other.id,
    date: '2026-12-02',
    description: 'Cable',
    amountKopecks: 5_000,
    vatRate: null,
  });

  const descriptions = async (url: string) =>
    (await accountant.get(url)).json().items.map((c: { description: string }) => c.description);
  t.same(await descriptions('/api/v1/client-costs'), ['Cable', 'Kaspersky, 10 seats', 'Switch'], 'newest first');
  t.same(await descriptions(`/api/v1/client-costs?organizationId=${org.id}&from=2026-12-01&to=2026-12-31`), [
    'Kaspersky, 10 seats',
  ]);
  t.same(await descriptions('/api/v1/client-costs?rebill=true'), ['Kaspersky, 10 seats']);
  t.equal((await manager.get('/api/v1/client-costs')).statusCode, 200, 'managers read them');
  t.equal((await engineer.get('/api/v1/client-costs')).statusCode, 403, 'engineers do not');
  t.equal(
    (
      await engineer.post('/api/v1/client-costs', {
        organizationId: org.id,
        date: '2026-12-01',
        description: 'x',
        amountKopecks: 1,
      })
    ).statusCode,
    403,
  );

  const changed = await accountant.patch(`/api/v1/client-costs/${net.id}`, { vatRate: 10 });
  t.match(changed.json(), { amountKopecks: 1_234_567, vatRate: 10, vatKopecks: 123_457 });
  const badDate = await accountant.post('/api/v1/client-costs', {
    organizationId: org.id,
    date: '2026-13-01',
    description: 'x',
    amountKopecks: 1,
  });
  t.equal(badDate.statusCode, 400);
  t.match(badDate.headers['content-type'], problemJson);
  t.equal(badDate.json().detail, '"2026-13-01" is not a date; use YYYY-MM-DD');
  const blank = await accountant.post('/api/v1/client-costs', {
    organizationId: org.id,
    date: '2026-12-01',
    description: '  ',
    amountKopecks: 1,
  });
  t.match(blank.json().detail, /Say what was bought/);
  const negative = await accountant.post('/api/v1/client-costs', {
    organizationId: org.id,
    date: '2026-12-01',
    description: 'x',
    amountKopecks: -1,
  });
  t.equal(negative.statusCode, 400);
  const foreignTicket = await accountant.post('/api/v1/client-costs', {
    organizationId: org.id,
    date: '2026-12-01',
    description: 'x',
    amountKopecks: 1,
    ticketId: 12345,
  });
  t.match(foreignTicket.json().detail, 'Ticket 12345 is not a ticket of this client');

  // A later documents feature marks rows invoiced; from then on they stay as they are.
  await desk.inst.database.db
    .updateTable('client_costs')
    .set({ invoiced_at: '2026-12-03T10:00:00.000Z' })
    .where('id', '=', gross.json().id)
    .execute();
  const locked = await accountant.patch(`/api/v1/client-costs/${gross.json().id}`, { description: 'y' });
  t.equal(locked.statusCode, 409);
  t.equal(
    locked.json().detail,
    '"Kaspersky, 10 seats" was invoiced on 2026-12-03 and can no longer be changed; correct the invoice instead',
  );
  t.equal((await accountant.del(`/api/v1/client-costs/${gross.json().id}`)).statusCode, 409);
  t.equal((await accountant.del(`/api/v1/client-costs/${net.id}`)).statusCode, 204);
  t.equal((await accountant.get(`/api/v1/client-costs/${net.id}`)).statusCode, 404);
});
