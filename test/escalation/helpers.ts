import type { Test } from 'tap';
import { createAgent } from '../../server/modules/agents/agents.service.js';
import { createApiToken } from '../../server/modules/auth/index.js';
import type { Kysely } from 'kysely';
import type { AgentRole, Database } from '../../server/db/schema.js';
import { fixedClock } from '../../server/shared/clock.js';
import { apiClient, testDesk, type ApiClient } from '../helpers/app.js';
import { makeAgreement, makeCalendar, makeOrganization } from '../helpers/factories.js';

/** Saturday 13 March 2027, 02:00 in Moscow (UTC+3): a night of a weekend, no holiday around it. */
export const SATURDAY_2AM = '2027-03-12T23:00:00.000Z';
/** Tuesday 16 March 2027, 11:00 in Moscow: business hours of a 09:00–18:00 team. */
export const TUESDAY_11AM = '2027-03-16T08:00:00.000Z';

let counter = 0;

/**
 * A desk at a fixed instant with two support teams in Moscow business hours (09:00–18:00 on weekdays), each with
 * a duty schedule of one engineer around the clock, and a client with an active agreement of the given tier.
 * Everything goes through the real routes: teams, calendars, duty schedules, agreements.
 */
export async function dutyDesk(t: Test, opts: { at?: string; tier?: '8x5' | '24x7' | 'premium' } = {}) {
  const clock = fixedClock(opts.at ?? SATURDAY_2AM);
  const desk = await testDesk(t, { clock });
  const person = async (role: AgentRole, fields: { phone?: string; language?: string } = {}): Promise<ApiClient> => {
    const agent = await createAgent(desk.inst.ctx(), {
      email: `${role}${++counter}@duty.example`,
      name: `${role} ${counter}`,
      role,
      language: fields.language ?? 'en',
      ...(fields.phone && { phone: fields.phone }),
    });
    const { token } = await createApiToken(desk.inst.ctx(), { agentId: agent.id, name: 'test' });
    return apiClient(desk.app, token, agent.id);
  };
  const admin = await person('admin');
  const manager = await person('manager', { phone: '+79000000009' });
  const l1 = await person('engineer', { phone: '+79000000001', language: 'ru' });
  const l2 = await person('engineer', { phone: '+79000000002' });
  const calendar = await makeCalendar(admin);
  const team = async (name: string, member: ApiClient) => {
    const res = await admin.post('/api/v1/teams', { name, memberIds: [member.agentId] });
    if (res.statusCode !== 201) throw new Error(`team: ${res.body}`);
    const id = (res.json() as { id: number }).id;
    const patched = await admin.patch(`/api/v1/teams/${id}`, { calendarId: calendar.id });
    if (patched.statusCode !== 200) throw new Error(`team calendar: ${patched.body}`);
    const schedule = await admin.post('/api/v1/duty-schedules', {
      teamId: id,
      timezone: 'Europe/Moscow',
      layers: [{ members: [member.agentId], shiftMinutes: 7 * 24 * 60, handoff: '10:00', startsOn: '2027-01-04' }],
    });
    if (schedule.statusCode !== 201) throw new Error(`duty schedule: ${schedule.body}`);
    return id;
  };
  const firstLine = await team('First line', l1);
  const secondLine = await team('Second line', l2);
  const lines = await admin.request('PUT', '/api/v1/support-lines', {
    lines: [
      { name: 'L1', teamId: firstLine, kind: 'support' },
      { name: 'L2', teamId: secondLine, kind: 'support' },
    ],
  });
  if (lines.statusCode !== 200) throw new Error(`support lines: ${lines.body}`);
  const org = await makeOrganization(admin);
  const agreement = await makeAgreement(admin, {
    organizationId: org.id,
    calendarId: calendar.id,
    tier: opts.tier ?? '24x7',
    start: '2027-01-01',
    end: '2027-12-31',
    managerId: manager.agentId,
  });
  const targets = await admin.request('PUT', `/api/v1/agreements/${agreement.id}/targets`, {
    targets: [
      { priority: 'P1', reactionMinutes: 15, resolutionMinutes: 240 },
      { priority: 'P3', reactionMinutes: 60, resolutionMinutes: 960 },
    ],
  });
  if (targets.statusCode !== 200) throw new Error(`targets: ${targets.body}`);
  const activated = await admin.post(`/api/v1/agreements/${agreement.id}/activate`, {});
  if (activated.statusCode !== 200) throw new Error(`activate: ${activated.body}`);
  return { clock, desk, admin, manager, l1, l2, firstLine, secondLine, org, agreement, calendar };
}

/** What the outbox holds, oldest first. */
export function outbox(desk: { inst: { database: { db: Kysely<Database> } } }) {
  return desk.inst.database.db
    .selectFrom('outbox')
    .select(['channel', 'recipient', 'subject', 'body', 'created_at'])
    .orderBy('id')
    .execute();
}
