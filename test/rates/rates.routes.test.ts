/**
 * The rates API: who may read and write rates and costs, the 409 on a taken scope, which rate applies, the
 * desk's multipliers, discounts and a price preview that shows the cost only to those who may see it.
 */
import t from 'tap';
import { testDesk } from '../helpers/app.js';

t.test('rates API', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const manager = await desk.agent('manager');
  const engineer = await desk.agent('engineer');
  const accountant = await desk.agent('accountant');

  const org = (await admin.post('/api/v1/organizations', { name: 'ООО Ромашка' })).json();
  const service = (await admin.post('/api/v1/services', { name: '1C support' })).json();

  t.test('rate cards', async (t) => {
    const deskRate = await manager.post('/api/v1/rate-cards', { rateKopecks: 250_050, note: 'Default' });
    t.equal(deskRate.statusCode, 201, deskRate.body);
    t.match(deskRate.json(), { rateKopecks: 250_050, scope: 'desk', agreementId: null, note: 'Default' });
    const again = await manager.post('/api/v1/rate-cards', { rateKopecks: 1 });
    t.equal(again.statusCode, 409);
    t.match(again.json().detail, /already a rate for the desk default \(2500\.50 ₽ an hour\)/);
    const byService = await manager.post('/api/v1/rate-cards', { serviceId: service.id, rateKopecks: 300_000 });
    t.equal(byService.statusCode, 201);
    t.equal(byService.json().serviceName, '1C support');
    t.equal((await engineer.post('/api/v1/rate-cards', { agentId: engineer.agentId, rateKopecks: 1 })).statusCode, 403);
    t.equal((await engineer.get('/api/v1/rate-cards')).statusCode, 403, 'engineers do not see sale rates here');
    t.equal((await manager.post('/api/v1/rate-cards', { rateKopecks: 1, extra: 1 })).statusCode, 400);
    t.equal((await manager.post('/api/v1/rate-cards', { rateKopecks: -1, agentId: 5 })).statusCode, 400);

    const list = await accountant.get('/api/v1/rate-cards?limit=1');
    t.equal(list.statusCode, 200);
    t.equal(list.json().items.length, 1);
    const next = await accountant.get(`/api/v1/rate-cards?limit=1&cursor=${list.json().nextCursor}`);
    t.equal(next.json().items[0].serviceId, service.id);
    t.equal((await accountant.get(`/api/v1/rate-cards?serviceId=${service.id}`)).json().items.length, 1);

    const resolved = (await manager.get(`/api/v1/rate-cards/resolve?serviceId=${service.id}`)).json();
    t.match(resolved, { rateKopecks: 300_000, source: 'service', cardId: byService.json().id });
    const none = (
      await manager.get(`/api/v1/rate-cards/resolve?serviceId=${service.id}&agentId=${engineer.agentId}`)
    ).json();
    t.equal(none.source, 'service');

    const patched = await manager.patch(`/api/v1/rate-cards/${byService.json().id}`, { rateKopecks: 310_000 });
    t.equal(patched.json().rateKopecks, 310_000);
    t.equal((await manager.patch(`/api/v1/rate-cards/${byService.json().id}`, { serviceId: null })).statusCode, 409);
    t.equal((await manager.del(`/api/v1/rate-cards/${byService.json().id}`)).statusCode, 204);
    t.equal((await manager.del(`/api/v1/rate-cards/${byService.json().id}`)).statusCode, 404);
  });

  t.test('multipliers and discounts', async (t) => {
    const none = (await manager.get('/api/v1/rate-multipliers')).json();
    t.match(none, { own: false, nightPercent: 100, nightStart: '22:00' });
    const put = await manager.request('PUT', '/api/v1/rate-multipliers', {
      nightPercent: 150,
      weekendPercent: 200,
      holidayPercent: 200,
      nightStart: '22:00',
      nightEnd: '06:00',
    });
    t.equal(put.statusCode, 200, put.body);
    t.match(put.json(), { own: true, nightPercent: 150, nightEnd: '06:00' });
    const bad = await manager.request('PUT', '/api/v1/rate-multipliers', {
      nightPercent: 150,
      weekendPercent: 200,
      holidayPercent: 200,
      nightStart: '25:00',
      nightEnd: '06:00',
    });
    t.equal(bad.statusCode, 400);
    t.equal((await manager.del('/api/v1/rate-multipliers?agreementId=77')).statusCode, 404);

    const discount = await manager.post('/api/v1/discounts', {
      organizationId: org.id,
      percentBp: 1250,
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
    });
    t.equal(discount.statusCode, 201, discount.body);
    t.match(discount.json(), { organizationName: 'ООО Ромашка', percentBp: 1250 });
    t.equal((await manager.post('/api/v1/discounts', { percentBp: 1, validFrom: '2026-01-01' })).statusCode, 400);
    t.equal((await accountant.get(`/api/v1/discounts?organizationId=${org.id}`)).json().items.length, 1);
    t.equal(
      (await engineer.post('/api/v1/discounts', { organizationId: org.id, percentBp: 1, validFrom: '2026-01-01' }))
        .statusCode,
      403,
    );
  });

  t.test('cost rates and the price preview', async (t) => {
    const url = `/api/v1/agents/${engineer.agentId}/cost-rates`;
    t.equal((await manager.post(url, { rateKopecks: 80_000, validFrom: '2026-01-01' })).statusCode, 403);
    const added = await accountant.post(url, { rateKopecks: 80_000, validFrom: '2026-01-01' });
    t.equal(added.statusCode, 201, added.body);
    t.equal((await accountant.get(url)).json().items[0].rateKopecks, 80_000, 'accountants read costs');
    t.equal((await engineer.get(url)).statusCode, 403, 'engineers do not see costs');
    t.equal((await manager.get(url)).statusCode, 403, 'managers do not see costs');

    const body = {
      organizationId: org.id,
      agentId: engineer.agentId,
      workDate: '2026-03-10', // a Tuesday
      startedAt: '2026-03-10T18:00:00Z', // 21:00–23:00 Moscow, half of it at night
      endedAt: '2026-03-10T20:00:00Z',
      minutes: 120,
    };
    const byAccountant = (await accountant.post('/api/v1/rate-cards/quote', body)).json();
    // 2500.50 ₽ × 2 h × (100 % + 150 %) / 2 × 87.5 %
    t.same(byAccountant, {
      rateKopecks: 250_050,
      rateSource: 'desk',
      multiplierPercent: 125,
      discountBp: 1250,
      amountKopecks: 546_984,
      costKopecks: 160_000,
    });
    const byManager = (await manager.post('/api/v1/rate-cards/quote', body)).json();
    t.notOk('costKopecks' in byManager, 'no cost for managers');
    t.equal(byManager.amountKopecks, 546_984);
    t.equal((await engineer.post('/api/v1/rate-cards/quote', body)).statusCode, 403);
  });

  t.test('documented in OpenAPI', async (t) => {
    const docs = await desk.app.inject({ method: 'GET', url: '/api/docs/json' });
    t.equal(docs.statusCode, 200);
    const paths = docs.json().paths;
    for (const path of [
      '/api/v1/rate-cards',
      '/api/v1/rate-cards/resolve',
      '/api/v1/rate-cards/quote',
      '/api/v1/rate-multipliers',
      '/api/v1/discounts',
      '/api/v1/agents/{id}/cost-rates',
    ])
      t.ok(paths[path], path);
  });
});
