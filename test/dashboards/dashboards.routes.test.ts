import t from 'tap';
import { fixedClock } from '../../server/shared/clock.js';
import { createOrganization } from '../../server/modules/organizations/organizations.service.js';
import { testDesk } from '../helpers/app.js';
import { insertTeam, insertTicket, NOW } from './helpers.js';

t.test('GET /dashboards/desk and /dashboards/manager', async (t) => {
  const desk = await testDesk(t, { clock: fixedClock(NOW) });
  const engineer = await desk.agent('engineer');
  const manager = await desk.agent('manager');
  const org = await createOrganization(desk.inst.ctx(), { name: 'Client' });
  const team = await insertTeam(desk.inst, 'Support');
  await insertTicket(desk.inst, {
    organizationId: org.id,
    teamId: team,
    createdAt: '2026-03-10T06:00:00Z',
    assigneeId: engineer.agentId,
  });

  const empty = await engineer.get('/api/v1/dashboards/desk?teamId=999');
  t.equal(empty.statusCode, 404);
  t.match(empty.json(), { code: 'not_found' });
  t.equal((await engineer.get('/api/v1/dashboards/desk?teamId=x')).statusCode, 400);
  t.equal((await engineer.get('/api/v1/dashboards/desk?other=1')).statusCode, 400, 'unknown filters are refused');

  const res = await engineer.get(`/api/v1/dashboards/desk?teamId=${team}`);
  t.equal(res.statusCode, 200);
  t.match(res.json(), { today: '2026-03-10', teamId: team, open: { total: 1 }, dueToday: 0, breached: 0 });
  t.equal(res.json().trend.length, 30);

  const m = await manager.get('/api/v1/dashboards/manager');
  t.equal(m.statusCode, 200);
  t.match(m.json(), {
    thisMonth: { from: '2026-03-01', to: '2026-03-10', reaction: { compliance: null } },
    lastMonth: { from: '2026-02-01', to: '2026-02-28' },
    topBreachedClients: [],
  });
  t.match(
    m.json().workload.find((w: { agentId: number }) => w.agentId === engineer.agentId),
    { openAssigned: 1, minutesThisMonth: 0 },
  );
  t.equal((await desk.app.inject({ method: 'GET', url: '/api/v1/dashboards/manager' })).statusCode, 401);
});
