import t, { type Test } from 'tap';
import { fixedClock } from '../../server/shared/clock.js';
import { testDesk } from '../helpers/app.js';

const week = (i: string[][]) => ({ mon: i, tue: i, wed: i, thu: i, fri: i, sat: [], sun: [] });

/** A desk on Monday 10:30 in Moscow with its admin and a calendar of 10:00–19:00 on working days. */
async function mondayDesk(t: Test) {
  const clock = fixedClock(new Date('2026-12-07T07:30:00Z'));
  const desk = await testDesk(t, { clock });
  const admin = await desk.agent('admin');
  const calendar = (
    await admin.post('/api/v1/calendars', {
      name: 'Moscow 8x5',
      timezone: 'Europe/Moscow',
      week: week([['10:00', '19:00']]),
      production: 'RU',
    })
  ).json();
  t.ok(calendar.id, 'POST /calendars takes the calendar document → {id}');
  return { clock, admin, calendar };
}

type Agent = Awaited<ReturnType<typeof mondayDesk>>['admin'];

/** An 8x5 agreement of the client on that calendar from 2026-12-01, P2 targets 60 / 480 minutes. */
const postAgreement = (
  admin: Agent,
  input: { organizationId: number; calendarId: number; number: string; serviceIds: number[] },
) =>
  admin.post('/api/v1/agreements', {
    ...input,
    title: 'Support 8x5',
    start: '2026-12-01',
    end: '2027-11-30',
    tier: '8x5',
    targets: [{ priority: 'P2', reactionMinutes: 60, resolutionMinutes: 480 }],
  });

/** A P2 incident of the client, filed by the admin. */
const postIncident = (admin: Agent, organizationId: number, subject: string, more: { serviceId?: number } = {}) =>
  admin.post('/api/v1/tickets', {
    subject,
    description: 'Ошибка',
    organizationId,
    type: 'incident',
    priority: 'P2',
    ...more,
  });

// Through the public interfaces only: calendar document → service → agreement → ticket.
t.test('an agreement drives ticket deadlines, and a changed SLA matrix recomputes open tickets', async (t) => {
  const { admin, calendar } = await mondayDesk(t);
  const service = (await admin.post('/api/v1/services', { name: '1C support' })).json();
  t.ok(service.id, 'POST /services {name} → {id}');
  const org = (await admin.post('/api/v1/organizations', { name: 'ООО Ромашка' })).json();
  const created = await postAgreement(admin, {
    organizationId: org.id,
    calendarId: calendar.id,
    number: '2026-014',
    serviceIds: [service.id],
  });
  t.equal(created.statusCode, 201, created.body);
  const agreement = created.json();
  t.equal(agreement.status, 'active', 'its period has begun: active at once');

  const ticket = (await postIncident(admin, org.id, '1C не запускается', { serviceId: service.id })).json();
  t.equal(ticket.agreementId, agreement.id);
  t.equal(ticket.reactionDue, '2026-12-07T08:30:00.000Z');
  t.equal(ticket.slaState, 'ok');

  const changed = await admin.request('PUT', `/api/v1/agreements/${agreement.id}/targets`, {
    targets: [{ priority: 'P2', reactionMinutes: 30, resolutionMinutes: 240 }],
  });
  t.equal(changed.statusCode, 200, changed.body);
  const after = (await admin.get(`/api/v1/tickets/${ticket.id}`)).json();
  t.equal(after.reactionDue, '2026-12-07T08:00:00.000Z', 'the open ticket follows the new matrix');
  t.equal(after.resolutionDue, '2026-12-07T11:30:00.000Z');

  const renewed = await admin.post(`/api/v1/agreements/${agreement.id}/renew`, {});
  t.equal(renewed.statusCode, 201, renewed.body);
  t.equal(renewed.json().status, 'planned');
  const terminated = await admin.post(`/api/v1/agreements/${agreement.id}/terminate`, {
    reason: 'Client moved to premium',
  });
  t.equal(terminated.json().status, 'terminated');
  const orphan = (await postIncident(admin, org.id, 'Ещё')).json();
  t.equal(orphan.slaState, 'none', 'a terminated or planned agreement gives no SLA');
  const kept = (await admin.get(`/api/v1/tickets/${ticket.id}`)).json();
  t.equal(kept.agreementId, agreement.id, 'tickets filed under it keep their terms');
});

t.test(
  "the queue's live SLA follows an agreement's new warning share and its calendar's new hours at once",
  async (t) => {
    const { clock, admin, calendar } = await mondayDesk(t);
    const org = (await admin.post('/api/v1/organizations', { name: 'ООО Ромашка' })).json();
    const agreement = (
      await postAgreement(admin, {
        organizationId: org.id,
        calendarId: calendar.id,
        number: '2026-015',
        serviceIds: [],
      })
    ).json();
    const ticket = (await postIncident(admin, org.id, 'Не печатает принтер')).json();
    const listed = async () => {
      const res = await admin.get('/api/v1/tickets?status=active&sort=due');
      t.equal(res.statusCode, 200, res.body);
      return (res.json() as { items: Array<{ id: number; slaState: string; slaRemainingMinutes: number }> }).items.find(
        (i) => i.id === ticket.id,
      )!;
    };
    clock.advance(40 * 60_000); // 11:10, 40 of the 60 reaction minutes gone
    t.match(await listed(), { slaState: 'ok', slaRemainingMinutes: 20 }, 'warned at 80 %: not yet');

    const lowered = await admin.request('PATCH', `/api/v1/agreements/${agreement.id}`, { warningPercent: 50 });
    t.equal(lowered.statusCode, 200, lowered.body);
    t.match(await listed(), { slaState: 'warning', slaRemainingMinutes: 20 }, 'warned at 50 %: at once');

    // A break from 10:40 to 10:50 now: ten of the forty minutes since the ticket came were not working time.
    const moved = await admin.request('PATCH', `/api/v1/calendars/${calendar.id}`, {
      week: week([
        ['10:00', '10:40'],
        ['10:50', '19:00'],
      ]),
    });
    t.equal(moved.statusCode, 200, moved.body);
    t.match(
      await listed(),
      { slaState: 'warning', slaRemainingMinutes: 30 },
      'the countdown follows the new hours at once',
    );
  },
);
