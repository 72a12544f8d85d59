import t from 'tap';
import { fixedClock } from '../../server/shared/clock.js';
import { slaSweep } from '../../server/modules/sla/index.js';
import { agreementLifecycleJob } from '../../server/modules/agreements/agreements.service.js';
import { applyToken, licenseCheckJob } from '../../server/modules/licensing/licensing.service.js';
import { makeContact, makeOrganization, makeTicket } from '../helpers/factories.js';
import { mintLicense, mintNode, trustTestKeys } from '../helpers/licenses.js';
import { agreementFixture, moscow8x5 } from '../sla/helpers.js';
import { notificationDesk } from './helpers.js';

trustTestKeys();

// Monday 7 December 2026, 10:30 in Moscow (UTC+3): an ordinary working day.
const MONDAY_1030 = '2026-12-07T07:30:00.000Z';
const at = (msk: string) => new Date(`${msk}+03:00`);

type Desk = Awaited<ReturnType<typeof notificationDesk>>;
const queued = (desk: Desk) =>
  desk.inst.database.db
    .selectFrom('outbox')
    .select(['channel', 'recipient', 'subject', 'body', 'payload', 'dedupe_key'])
    .orderBy('id')
    .execute();
const clear = (desk: Desk) => desk.inst.database.writes.run((trx) => trx.deleteFrom('outbox').execute());
const emailOf = async (desk: Desk, id: number) =>
  (await desk.inst.database.db.selectFrom('agents').select('email').where('id', '=', id).executeTakeFirstOrThrow())
    .email;

type Rule = { event: string; channel: string; recipient: string; agentId?: number | null };
async function addRules(admin: Awaited<ReturnType<Desk['agent']>>, extra: Rule[]) {
  const current = (await admin.get('/api/v1/notification-rules')).json().items as Rule[];
  const res = await admin.request('PUT', '/api/v1/notification-rules', {
    rules: [
      ...current.map(({ event, channel, recipient, agentId }) => ({ event, channel, recipient, agentId })),
      ...extra,
    ],
  });
  if (res.statusCode !== 200) throw new Error(res.body);
}

async function makeTeam(desk: Desk, name: string, memberIds: number[]) {
  return desk.inst.database.writes.run(async (trx) => {
    const now = new Date().toISOString();
    const team = await trx
      .insertInto('teams')
      .values({ name, description: null, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const agentId of memberIds)
      await trx.insertInto('team_members').values({ team_id: team.id, agent_id: agentId }).execute();
    return team.id;
  });
}

t.test('SLA warnings and breaches follow the rules: team, mutes, SMS, the admin’s template', async (t) => {
  const clock = fixedClock(new Date(MONDAY_1030));
  const desk = await notificationDesk(t, { clock });
  const admin = await desk.agent('admin');
  const engineer = await desk.agentWith('engineer', { phone: '+7 (912) 345-67-89' });
  const teammate = await desk.agentWith('engineer', { language: 'ru' });
  const manager = await desk.agentWith('manager', { phone: '+7 912 000-00-01' });
  const org = await makeOrganization(admin, { name: 'ООО Ромашка' });
  const calendarId = await moscow8x5(desk.inst);
  await agreementFixture(desk.inst, {
    organizationId: org.id,
    calendarId,
    managerId: manager.agentId,
    targets: [{ priority: 'P2', reaction: 60, resolution: 480 }],
  });
  const teamId = await makeTeam(desk, 'Field engineers', [teammate.agentId, engineer.agentId]);

  await addRules(admin, [
    { event: 'sla.breach', channel: 'sms', recipient: 'assignee' },
    { event: 'sla.warning', channel: 'email', recipient: 'team' },
  ]);
  t.equal(
    (
      await engineer.request('PUT', '/api/v1/agents/me/notification-preferences', {
        mutes: [{ event: 'sla.warning', channel: 'email' }],
      })
    ).statusCode,
    200,
    'the engineer mutes SLA warnings by e-mail',
  );
  const custom = await admin.request('PUT', '/api/v1/notification-templates/sla.breach/en', {
    subject: 'Breach of {{sla.kind}} on #{{ticket.number}} for {{organization.name}}',
    body: 'Due {{sla.due}}, {{recipient.name}}.',
  });
  t.equal(custom.statusCode, 200);
  t.same(
    custom.json().variables,
    [
      'ticket.number',
      'ticket.subject',
      'ticket.priority',
      'organization.name',
      'assignee.name',
      'recipient.name',
      'sla.kind',
      'sla.due',
    ],
    'an SLA template knows the SLA variables',
  );
  const wrong = await admin.request('PUT', '/api/v1/notification-templates/sla.breach/en', {
    subject: 'x',
    body: '{{comment.body}}',
  });
  t.equal(wrong.statusCode, 400, 'a ticket-only variable is refused in an SLA template');
  t.match(wrong.json().detail, /comment\.body/);

  const ticket = await makeTicket(admin, org.id, { assigneeId: engineer.agentId, priority: 'P2', type: 'incident' });
  await desk.inst.database.writes.run((trx) =>
    trx.updateTable('tickets').set({ team_id: teamId }).where('id', '=', ticket.id).execute(),
  );
  await clear(desk);

  const teammateMail = await emailOf(desk, teammate.agentId);
  clock.set(at('2026-12-07T11:19'));
  t.match(await slaSweep(desk.inst.ctx()), { warnings: 1 });
  let rows = await queued(desk);
  t.same(
    rows.map((r) => `${r.channel} ${r.recipient}`).sort(),
    [`email ${await emailOf(desk, manager.agentId)}`, `email ${await emailOf(desk, teammate.agentId)}`].sort(),
    'warning: the agreement manager and the team; the assignee muted it',
  );
  const ru = rows.find((r) => r.recipient === teammateMail)!;
  t.equal(
    ru.subject,
    `SLA: заявка #${ticket.number} скоро просрочится`,
    'the Russian-speaking teammate gets it in Russian',
  );
  t.match(ru.body, /срока реакции/);
  await clear(desk);

  clock.set(at('2026-12-07T11:31'));
  t.match(await slaSweep(desk.inst.ctx()), { breaches: 1 });
  rows = await queued(desk);
  const sms = rows.filter((r) => r.channel === 'sms');
  t.same(
    sms.map((r) => r.recipient),
    ['+79123456789'],
    'the breach goes by SMS to the assignee, number normalised',
  );
  t.equal(
    sms[0]!.body,
    `Breach of reaction on #${ticket.number} for ООО Ромашка`,
    'the SMS is the subject of the admin’s template',
  );
  t.match(JSON.parse(sms[0]!.payload!), { kind: 'sms', event: 'sla.breach', agentId: engineer.agentId });
  const mails = rows.filter((r) => r.channel === 'email');
  t.same(
    mails.map((r) => r.recipient).sort(),
    [await emailOf(desk, engineer.agentId), await emailOf(desk, manager.agentId)].sort(),
    'by e-mail: the assignee and the manager',
  );
  t.match(mails[0]!.body, /^Due 7 Dec 2026, 11:30, (engineer|manager) \d+\.$/m);
  await slaSweep(desk.inst.ctx());
  t.equal((await queued(desk)).length, rows.length, 'nothing twice');
});

t.test('a breach no rule delivers still reaches the desk’s managers', async (t) => {
  const clock = fixedClock(new Date(MONDAY_1030));
  const desk = await notificationDesk(t, { clock });
  const admin = await desk.agent('admin');
  const manager = await desk.agentWith('manager', {});
  const org = await makeOrganization(admin);
  const calendarId = await moscow8x5(desk.inst);
  await agreementFixture(desk.inst, {
    organizationId: org.id,
    calendarId,
    targets: [{ priority: 'P2', reaction: 60, resolution: 480 }],
  });
  await makeTicket(admin, org.id, { priority: 'P2', type: 'incident' });
  await clear(desk);
  clock.set(at('2026-12-07T11:31'));
  await slaSweep(desk.inst.ctx());
  t.same(
    (await queued(desk)).map((r) => r.recipient),
    [await emailOf(desk, manager.agentId)],
    'no assignee, no agreement manager: the managers hear of the breach',
  );
});

t.test('team recipients on ticket events; inactive teams and muted members hear nothing', async (t) => {
  const desk = await notificationDesk(t, { clock: fixedClock(new Date(MONDAY_1030)) });
  const admin = await desk.agent('admin');
  const a = await desk.agentWith('engineer', {});
  const b = await desk.agentWith('engineer', {});
  const org = await makeOrganization(admin);
  const teamId = await makeTeam(desk, 'Second line', [a.agentId, b.agentId]);
  await addRules(admin, [{ event: 'ticket.status_changed', channel: 'email', recipient: 'team' }]);
  await b.request('PUT', '/api/v1/agents/me/notification-preferences', {
    mutes: [{ event: 'ticket.status_changed', channel: 'email' }],
  });
  const ticket = await makeTicket(admin, org.id);
  await desk.inst.database.writes.run((trx) =>
    trx.updateTable('tickets').set({ team_id: teamId }).where('id', '=', ticket.id).execute(),
  );
  await clear(desk);
  await admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'in_progress' });
  t.same(
    (await queued(desk)).map((r) => r.recipient),
    [await emailOf(desk, a.agentId)],
    'the team member who did not mute it',
  );
  await desk.inst.database.writes.run((trx) =>
    trx.updateTable('teams').set({ active: 0 }).where('id', '=', teamId).execute(),
  );
  await clear(desk);
  await admin.patch(`/api/v1/tickets/${ticket.id}`, { status: 'open' });
  t.equal((await queued(desk)).length, 0, 'an inactive team has no members to tell');
});

t.test('agreement notices follow the rules: SMS to the manager, a named agent, contacts only by e-mail', async (t) => {
  const clock = fixedClock(new Date('2026-12-01T06:00:00Z'));
  const desk = await notificationDesk(t, { clock });
  const admin = await desk.agent('admin');
  const manager = await desk.agentWith('manager', { phone: '+79120000002', language: 'ru' });
  const accountant = await desk.agentWith('accountant', {});
  const org = await makeOrganization(admin, { name: 'ООО Ромашка' });
  const olga = await makeContact(admin, org.id, { name: 'Ольга', email: 'olga@romashka.example', language: 'ru' });
  const calendarId = await moscow8x5(desk.inst);
  const agreementId = await agreementFixture(desk.inst, {
    organizationId: org.id,
    calendarId,
    managerId: manager.agentId,
    status: 'planned',
    start: '2026-12-01',
    number: 'D-7',
    targets: [],
  });
  await desk.inst.database.writes.run((trx) =>
    trx
      .updateTable('agreements')
      .set({ recipient_contact_ids: JSON.stringify([olga.id]) })
      .where('id', '=', agreementId)
      .execute(),
  );
  await addRules(admin, [
    { event: 'agreement.activated', channel: 'sms', recipient: 'manager' },
    { event: 'agreement.activated', channel: 'email', recipient: 'agent', agentId: accountant.agentId },
  ]);
  const bad = await admin.request('PUT', '/api/v1/notification-rules', {
    rules: [{ event: 'agreement.activated', channel: 'sms', recipient: 'organization_contacts' }],
  });
  t.equal(bad.statusCode, 400, 'SMS go to agents only');
  await clear(desk);

  t.match(await agreementLifecycleJob(desk.inst.ctx()), { activated: 1 });
  const rows = await queued(desk);
  const managerMail = await emailOf(desk, manager.agentId);
  const accountantMail = await emailOf(desk, accountant.agentId);
  t.same(
    rows.map((r) => `${r.channel} ${r.recipient}`).sort(),
    [`email ${accountantMail}`, `email ${managerMail}`, 'email olga@romashka.example', 'sms +79120000002'].sort(),
  );
  const to = (recipient: string) => rows.find((r) => r.recipient === recipient)!;
  t.equal(to(managerMail).subject, 'Договор D-7 с ООО Ромашка вступил в силу', 'each in their language');
  t.equal(to(accountantMail).subject, 'Agreement D-7 with ООО Ромашка is now in force');
  t.equal(to('+79120000002').body, 'Договор D-7 с ООО Ромашка вступил в силу', 'the SMS carries the subject line');
  t.equal(to('+79120000002').dedupe_key, `sms:agreement:${agreementId}:activated:agent:${manager.agentId}`);
  t.equal(await agreementLifecycleJob(desk.inst.ctx()).then((r) => r.notices), 0, 'each once');
});

t.test('license expiry follows the rules: admins by default, a named agent and SMS when asked', async (t) => {
  const START = Date.parse('2026-11-25T09:00:00Z');
  const DAY = 86_400_000;
  const clock = fixedClock(new Date(START));
  const desk = await notificationDesk(t, { clock });
  const admin = await desk.agent('admin');
  const manager = await desk.agentWith('manager', { phone: '+79120000003' });
  const { token, claims } = await mintLicense({ termEnd: START + 100 * DAY }, START - DAY);
  await applyToken(desk.inst.ctx(), token);
  await applyToken(desk.inst.ctx(), (await mintNode(claims, desk.inst.nodeId, undefined, START)).token);
  await addRules(admin, [
    { event: 'license.expiring', channel: 'sms', recipient: 'agent', agentId: manager.agentId },
    { event: 'license.expiring', channel: 'email', recipient: 'agent', agentId: manager.agentId },
  ]);
  await clear(desk);
  clock.set(new Date(claims.term_end * 1000 - 29 * DAY));
  t.equal((await licenseCheckJob(desk.inst.ctx())).queued, 3);
  const rows = await queued(desk);
  t.same(
    rows.map((r) => `${r.channel} ${r.recipient}`).sort(),
    [
      `email ${await emailOf(desk, admin.agentId)}`,
      `email ${await emailOf(desk, manager.agentId)}`,
      'sms +79120000003',
    ].sort(),
  );
  t.match(rows.find((r) => r.channel === 'email')!.subject, /The Ondesk license ends on/);
  t.equal((await licenseCheckJob(desk.inst.ctx())).queued, 0, 'each once');
});

t.test('many SLA events for one person in one sweep arrive as one digest, by e-mail and by SMS', async (t) => {
  const clock = fixedClock(new Date(MONDAY_1030));
  const desk = await notificationDesk(t, { clock });
  const admin = await desk.agent('admin');
  const engineer = await desk.agentWith('engineer', { phone: '+79120000004' });
  const manager = await desk.agentWith('manager', {});
  const org = await makeOrganization(admin, { name: 'ООО Ромашка' });
  const calendarId = await moscow8x5(desk.inst);
  await agreementFixture(desk.inst, {
    organizationId: org.id,
    calendarId,
    managerId: manager.agentId,
    targets: [{ priority: 'P2', reaction: 60, resolution: 480 }],
  });
  await addRules(admin, [{ event: 'sla.breach', channel: 'sms', recipient: 'assignee' }]);
  const numbers: number[] = [];
  for (let i = 0; i < 7; i++)
    numbers.push(
      (
        await makeTicket(admin, org.id, {
          assigneeId: engineer.agentId,
          priority: 'P2',
          type: 'incident',
          subject: `Printer ${i}`,
        })
      ).number,
    );
  await clear(desk);
  clock.set(at('2026-12-07T11:31'));
  t.match(await slaSweep(desk.inst.ctx()), { breaches: 7 });
  const rows = await queued(desk);
  t.same(
    rows.map((r) => `${r.channel} ${r.recipient}`).sort(),
    [
      `email ${await emailOf(desk, engineer.agentId)}`,
      `email ${await emailOf(desk, manager.agentId)}`,
      'sms +79120000004',
    ].sort(),
    'one message per person and channel',
  );
  const engineerMail = await emailOf(desk, engineer.agentId);
  const mail = rows.find((r) => r.recipient === engineerMail)!;
  t.equal(mail.subject, 'SLA: 7 ticket events, 7 breaches');
  for (const n of numbers)
    t.match(mail.body, new RegExp(`^#${n} Printer \\d — reaction breached`, 'm'), `ticket #${n} is listed`);
  t.equal(
    rows.find((r) => r.channel === 'sms')!.body,
    'SLA: 7 ticket events, 7 breaches',
    'the SMS digest is its subject line',
  );
  await slaSweep(desk.inst.ctx());
  t.equal((await queued(desk)).length, 3, 'nothing twice');
});
