/** /api/v1/report-subscriptions and /api/v1/report-deliveries through app.inject on a real SQLite file. */
import t from 'tap';
import { testDesk } from '../helpers/app.js';
import { makeOrganization } from '../helpers/factories.js';
import { fixedClock } from '../../server/shared/clock.js';

t.test('subscribe, send now, find it in the archive and download its files', async (t) => {
  const clock = fixedClock('2026-11-17T10:00:00Z');
  const desk = await testDesk(t, { clock });
  const manager = await desk.agent('manager');
  const engineer = await desk.agent('engineer');
  const org = await makeOrganization(manager, { name: 'ООО Ромашка' });
  const body = {
    name: 'Заявки Ромашки',
    report: 'tickets',
    filters: { organizationId: org.id, groupBy: 'priority' },
    schedule: { period: 'month', workingDay: 2, time: '10:30' },
    format: ['pdf', 'csv'],
    recipients: [{ kind: 'agent', id: manager.agentId }],
    language: 'en',
  };
  t.equal((await engineer.post('/api/v1/report-subscriptions', body)).statusCode, 403, 'engineers do not subscribe');
  const created = await manager.post('/api/v1/report-subscriptions', body);
  t.equal(created.statusCode, 201, created.body);
  const sub = created.json();
  t.match(sub, {
    report: 'tickets',
    organizationId: org.id,
    schedule: { period: 'month', workingDay: 2, time: '10:30', calendarId: null },
    formats: ['pdf', 'csv'],
    language: 'en',
    active: true,
    lastPeriodKey: null,
  });
  const bad = await manager.post('/api/v1/report-subscriptions', { ...body, report: 'horoscope' });
  t.equal(bad.statusCode, 400);
  t.match(bad.json().detail, /report must be one of sla, tickets/);

  const preview = await manager.get(`/api/v1/report-subscriptions/${sub.id}/preview?format=pdf`);
  t.equal(preview.statusCode, 200);
  t.equal(preview.headers['content-type'], 'application/pdf');
  t.equal(preview.rawPayload.subarray(0, 5).toString(), '%PDF-');

  const sent = await manager.post(`/api/v1/report-subscriptions/${sub.id}/send-now`);
  t.equal(sent.statusCode, 201, sent.body);
  t.match(sent.json(), { periodKey: '2026-10', from: '2026-10-01', to: '2026-10-31', manual: true });
  t.same(
    sent.json().files.map((f: { name: string }) => f.name),
    ['tickets-2026-10.pdf', 'tickets-2026-10.csv'],
  );
  const again = await manager.post(`/api/v1/report-subscriptions/${sub.id}/send-now`);
  t.equal(again.statusCode, 409);
  t.match(again.json(), { code: 'already_sent' });

  const archive = (await manager.get(`/api/v1/report-deliveries?organizationId=${org.id}`)).json();
  t.equal(archive.items.length, 1);
  t.equal(archive.items[0].subscriptionName, 'Заявки Ромашки');
  const csv = await manager.get(`/api/v1/report-deliveries/${archive.items[0].id}/files/1`);
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-disposition'], /filename="tickets-2026-10.csv"/);
  t.equal((await manager.get(`/api/v1/report-deliveries/${archive.items[0].id}/files/5`)).statusCode, 404);

  const paused = await manager.patch(`/api/v1/report-subscriptions/${sub.id}`, { active: false });
  t.equal(paused.json().active, false);
  t.equal((await manager.del(`/api/v1/report-subscriptions/${sub.id}`)).statusCode, 204);
  t.equal((await manager.get(`/api/v1/report-subscriptions/${sub.id}`)).statusCode, 404);
});
