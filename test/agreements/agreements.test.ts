/**
 * Agreements through their services on a real SQLite file with a fixed clock: creation rules, automatic
 * activation in the calendar's zone, transitions by hand with their refusals, history, renewals, copies, the
 * events the SLA module follows, and the lifecycle job with its notices sent once.
 */
import t from 'tap';
import { openInstallation } from '../../server/installation.js';
import {
  agreementHistory,
  createAgreement,
  agreementLifecycleJob,
  getAgreement,
  listAgreements,
  replaceServices,
  replaceTargets,
  updateAgreement,
} from '../../server/modules/agreements/agreements.service.js';
import {
  activateAgreement,
  planAgreement,
  terminateAgreement,
} from '../../server/modules/agreements/agreement-status.service.js';
import { copyAgreement, renewAgreement } from '../../server/modules/agreements/agreement-renewal.service.js';
import { updateService } from '../../server/modules/services/services.service.js';
import { agreementDesk, outbox, rejects } from './helpers.js';
import { on } from '../../server/events/event-bus.js';

const brief = (h: { actor: string; action: string; from: string | null; to: string | null }) => [
  h.actor,
  h.action,
  h.from,
  h.to,
];

t.test('creation: presets, defaults, references checked, numbers unique', async (t) => {
  const d = await agreementDesk(t);
  const a = await d.agreement();
  t.equal(a.status, 'planned', 'planned by default; the period starts in the future');
  t.equal(a.kind, 'commercial');
  t.same(a.noticeDays, [30, 14, 7, 1]);
  t.equal(a.warningPercent, 80);
  t.equal(a.daysToExpiry, 386, 'from 2026-03-10 to 2027-03-31');
  t.same(
    a.targets.map((x) => [x.priority, x.reactionMinutes, x.resolutionMinutes]),
    [
      ['P1', 60, 480],
      ['P2', 60, 960],
      ['P3', 60, 2400],
      ['P4', 60, 4800],
    ],
    '8x5 presets',
  );
  t.same(
    a.services.map((s) => s.name),
    ['1C support', 'Network'],
  );
  t.same(
    a.recipients.map((r) => r.name),
    ['Ольга', 'John'],
  );
  t.equal(a.manager?.name, 'Мария Петрова');
  t.equal(a.calendarName, 'Moscow 8x5');
  t.same(a.history.map(brief), [[`agent:${d.managerRow.id}`, 'created', null, 'planned']]);
  t.equal(a.history[0]!.actorName, 'Мария Петрова');

  const premium = await d.agreement({
    number: 'P-1',
    tier: 'premium',
    calendarId: d.nonstop.id,
    start: '2026-03-01T10:00:00+03:00',
    noticeDays: [7, 60, 7],
  });
  t.same(
    premium.targets.map((x) => [x.priority, x.reactionMinutes, x.resolutionMinutes]),
    [
      ['P1', 15, 240],
      ['P2', 15, 480],
      ['P3', 15, 1440],
      ['P4', 15, 2880],
    ],
  );
  t.equal(premium.start, '2026-03-01', 'a full ISO time gives its date');
  t.same(premium.noticeDays, [60, 7], 'distinct, longest first');
  t.same(premium.warnings, []);
  const premiumOffice = await d.agreement({ number: 'P-2', tier: 'premium' });
  t.match(premiumOffice.warnings[0], /premium tier expects a round-the-clock calendar/);

  const custom = await d.agreement({
    number: 'C-1',
    tier: 'custom',
    targets: [
      { priority: 'P1', reactionMinutes: 30, resolutionMinutes: 240 },
      { priority: 'P1', type: 'incident', reactionMinutes: 10, resolutionMinutes: 120 },
    ],
  });
  t.same(custom.targets, [
    { priority: 'P1', type: null, reactionMinutes: 30, resolutionMinutes: 240 },
    { priority: 'P1', type: 'incident', reactionMinutes: 10, resolutionMinutes: 120 },
  ]);
  await rejects(t, d.agreement({ number: 'C-2', tier: 'custom' }), 400, 'A custom tier has no preset targets');
  await rejects(
    t,
    d.agreement({
      number: 'C-3',
      tier: 'custom',
      targets: [{ priority: 'P2', reactionMinutes: 60, resolutionMinutes: 30 }],
    }),
    400,
    /shorter than the reaction time/,
  );

  await rejects(
    t,
    d.agreement(),
    409,
    'Agreement number 2026-014 is already taken by "Сопровождение 1С" of ООО Ромашка; choose another number',
  );
  await rejects(
    t,
    d.agreement({ number: 'X-1', start: '2026-05-01', end: '2026-04-30' }),
    400,
    'The agreement would end (2026-04-30) before it starts (2026-05-01)',
  );
  await rejects(t, d.agreement({ number: 'X-2', start: '2026-02-30' }), 400, 'start "2026-02-30" is not a real date');
  await rejects(
    t,
    d.agreement({ number: 'X-3', start: '2026-01-01', end: '2026-03-09' }),
    400,
    'Agreement X-3 would end on 2026-03-09, before today (2026-03-10 in Europe/Moscow); choose a later end date',
  );
  await rejects(
    t,
    d.agreement({ number: 'X-4', recipientContactIds: [d.stranger.id] }),
    400,
    `Contact ${d.stranger.id} is not a contact of ООО Ромашка`,
  );
  await rejects(t, d.agreement({ number: 'X-5', calendarId: 999 }), 400, 'Calendar 999 does not exist');
  await rejects(t, d.agreement({ number: 'X-6', organizationId: 999 }), 400, 'Organization 999 does not exist');
  await rejects(t, d.agreement({ number: 'X-7', serviceIds: [999] }), 400, 'Service 999 does not exist');
  await rejects(t, d.agreement({ number: 'X-8', managerId: 999 }), 400, 'Agent 999 does not exist or is not active');
  await rejects(
    t,
    d.agreement({ number: 'X-9', kind: 'prepaid_hours' }),
    400,
    'A prepaid-hours agreement needs its hour package',
  );
  await updateService(d.system, d.network.id, { active: false });
  await rejects(
    t,
    d.agreement({ number: 'X-10' }),
    400,
    'Service "Network" is retired (inactive); activate it in the catalogue first',
  );
  const prepaid = await d.agreement({
    number: 'H-1',
    kind: 'prepaid_hours',
    hoursPackage: 40,
    hourRate: 2500,
    serviceIds: [d.support.id],
    status: 'draft',
  });
  t.same([prepaid.status, prepaid.kind, prepaid.hoursPackage, prepaid.hourRate], ['draft', 'prepaid_hours', 40, 2500]);

  const asEngineer = await getAgreement(d.ctx(d.engineer), a.id);
  t.equal(asEngineer.number, '2026-014', 'engineers read agreements');
  await rejects(
    t,
    createAgreement(d.ctx(d.engineer), {
      organizationId: d.org.id,
      number: 'E-2',
      title: 'x',
      calendarId: d.moscow.id,
      start: '2026-04-01',
      end: '2026-12-31',
      tier: '8x5',
      serviceIds: [],
    }),
    403,
    'The engineer role may not do this (agreement.write)',
  );
});

t.test('automatic activation at creation, judged by the date in the calendar zone', async (t) => {
  // 22:30 UTC on 31 March: already 1 April in Moscow, still 31 March in New York.
  const d = await agreementDesk(t, '2026-03-31T22:30:00Z');
  const moscow = await d.agreement({ number: 'M-1' });
  t.equal(moscow.status, 'active');
  t.same(moscow.history.map(brief), [
    [`agent:${d.managerRow.id}`, 'created', null, 'planned'],
    ['system', 'activated', 'planned', 'active'],
  ]);
  t.equal(moscow.history[1]!.reason, 'The period began on 2026-04-01');
  const ny = await d.agreement({ number: 'NY-1', calendarId: d.newYork.id });
  t.equal(ny.status, 'planned', 'not yet 1 April in New York');
  const draft = await d.agreement({ number: 'D-1', status: 'draft' });
  t.equal(draft.status, 'draft', 'drafts never start by themselves');

  const mails = await outbox(d.inst);
  t.same(
    mails.map((m) => [m.recipient, m.subject, m.dedupe_key]),
    [
      [
        'manager@desk.example',
        'Договор M-1 с ООО Ромашка вступил в силу',
        `agreement:${moscow.id}:activated:agent:${d.managerRow.id}`,
      ],
      [
        'olga@romashka.example',
        'Договор M-1 с ООО Ромашка вступил в силу',
        `agreement:${moscow.id}:activated:contact:${d.olga.id}`,
      ],
      [
        'john@romashka.example',
        'Agreement M-1 with ООО Ромашка is now in force',
        `agreement:${moscow.id}:activated:contact:${d.john.id}`,
      ],
    ],
    'the activation notice goes to the manager and the recipients, each in their language',
  );
});

t.test('transitions by hand: plan, activate, terminate, with refusals and history', async (t) => {
  const d = await agreementDesk(t);
  const draft = await d.agreement({ number: 'D-1', status: 'draft' });
  const planned = await planAgreement(d.ctx(), draft.id, 'signed by the client');
  t.equal(planned.status, 'planned');
  t.same(
    planned.history.slice(-1).map((h) => [h.action, h.from, h.to, h.reason]),
    [['planned', 'draft', 'planned', 'signed by the client']],
  );
  await rejects(
    t,
    planAgreement(d.ctx(), draft.id),
    409,
    'Agreement D-1 is planned, not a draft; only drafts are planned',
  );

  const active = await activateAgreement(d.ctx(), draft.id, 'work started early');
  t.equal(active.status, 'active');
  t.same(
    active.history.slice(-1).map((h) => [h.action, h.from, h.to, h.reason]),
    [['activated', 'planned', 'active', 'work started early']],
  );
  const again = await activateAgreement(d.ctx(), draft.id, 'double click');
  t.equal(again.status, 'active');
  t.equal(again.history.length, active.history.length, 'activating an active agreement records nothing');

  const fromDraft = await activateAgreement(d.ctx(), (await d.agreement({ number: 'D-2', status: 'draft' })).id);
  t.equal(fromDraft.status, 'active', 'a draft may be activated directly');
  t.equal(fromDraft.history.at(-1)!.reason, 'Activated before its start date (2026-04-01)');

  await rejects(t, terminateAgreement(d.ctx(), draft.id, '   '), 400, 'Say why the agreement is terminated');
  const ended = await terminateAgreement(d.ctx(), draft.id, 'The client closed its office');
  t.equal(ended.status, 'terminated');
  t.equal(ended.daysToExpiry, null);
  t.same(ended.history.at(-1), {
    ...ended.history.at(-1),
    action: 'terminated',
    from: 'active',
    to: 'terminated',
    reason: 'The client closed its office',
  });
  await rejects(
    t,
    terminateAgreement(d.ctx(), draft.id, 'again'),
    409,
    'Agreement D-1 is terminated; renew it or create a new one instead',
  );
  await rejects(
    t,
    activateAgreement(d.ctx(), draft.id),
    409,
    'Agreement D-1 is terminated; renew it or create a new one instead',
  );
  await rejects(
    t,
    updateAgreement(d.ctx(), draft.id, { end: '2027-12-31' }),
    409,
    'Agreement D-1 is terminated; its terms (end) stay as they were — renew it instead',
  );
  const renamed = await updateAgreement(d.ctx(), draft.id, { title: 'Old support', notes: 'kept for the archive' });
  t.equal(renamed.title, 'Old support', 'titles and notes stay editable');

  // An agreement that expired cannot be brought back; the message says what to do.
  const d2 = await agreementDesk(t, '2026-01-01T09:00:00Z');
  const short = await d2.agreement({ number: '2026-014', start: '2026-01-01', end: '2026-01-31' });
  t.equal(short.status, 'active');
  d2.clock.set('2026-02-01T09:00:00Z');
  t.same(await agreementLifecycleJob(d2.ctx()), { activated: 0, expired: 1, notices: 3 });
  await rejects(t, activateAgreement(d2.ctx(), short.id), 409, 'Agreement 2026-014 is expired; renew it instead');
  await rejects(
    t,
    replaceTargets(d2.ctx(), short.id, []),
    409,
    'Agreement 2026-014 is expired; its SLA targets stay as they were',
  );

  const history = await agreementHistory(d2.ctx(d2.engineer), short.id);
  t.same(history.map(brief), [
    [`agent:${d2.managerRow.id}`, 'created', null, 'planned'],
    ['system', 'activated', 'planned', 'active'],
    ['system', 'expired', 'active', 'expired'],
  ]);
  t.equal(history[2]!.reason, 'The last covered day was 2026-01-31');
  t.match(history[2]!.at, /^2026-02-01T09:00:00/);
});

t.test('changes: period and calendar of an active agreement, targets, services, and their events', async (t) => {
  const calls: string[] = [];
  let refuse = false;
  const d = await agreementDesk(t, undefined, [
    on('agreement.terms_changed', 'test: listen', async (tx, e) => {
      t.ok(tx.inTransaction, 'subscribers run inside the transaction');
      calls.push(`terms:${e.agreementId}`);
    }),
    on('agreement.transitioned', 'test: listen', async (_tx, e) => {
      calls.push(`status:${e.agreementId}:${e.from}>${e.to}`);
    }),
    on('agreement.transitioned', 'test: refuse when told to', async () => {
      if (refuse) throw new Error('the SLA module refused');
    }),
  ]);

  const a = await d.agreement({ number: 'A-1', start: '2026-03-01' });
  t.same(calls, [`status:${a.id}:planned>active`], 'automatic activation at creation is a transition');
  calls.length = 0;

  const longer = await updateAgreement(d.ctx(), a.id, { end: '2027-06-30', calendarId: d.newYork.id });
  t.equal(longer.status, 'active');
  t.equal(longer.end, '2027-06-30');
  t.equal(longer.calendarId, d.newYork.id);
  t.match(
    longer.history.at(-1)!.reason,
    /^calendar: Moscow 8x5 → New York 8x5; period: 2026-03-01…2027-03-31 → 2026-03-01…2027-06-30$/,
  );
  t.same(calls, [`terms:${a.id}`], 'a calendar change is a change of terms');
  calls.length = 0;

  await updateAgreement(d.ctx(), a.id, { title: 'Renamed', notes: 'x' });
  t.same(calls, [], 'a title is not a term');
  await updateAgreement(d.ctx(), a.id, { warningPercent: 70 });
  t.same(calls, [`terms:${a.id}`]);
  calls.length = 0;
  const unchanged = await updateAgreement(d.ctx(), a.id, { warningPercent: 70 });
  t.same(calls, [], 'the same value again changes nothing');
  t.equal(unchanged.history.filter((h) => h.action === 'updated').length, 3);

  const targets = await replaceTargets(d.ctx(), a.id, [
    { priority: 'P1', reactionMinutes: 30, resolutionMinutes: 240 },
  ]);
  t.same(
    targets.targets.map((x) => x.priority),
    ['P1'],
  );
  t.equal(targets.history.at(-1)!.action, 'targets_changed');
  t.match(targets.history.at(-1)!.reason, /P1 60\/480.*→ P1 30\/240/);
  const presets = await replaceTargets(d.ctx(), a.id, []);
  t.equal(presets.targets.length, 4, 'an empty matrix restores the tier presets');
  t.same(calls, [`terms:${a.id}`, `terms:${a.id}`]);
  calls.length = 0;

  const services = await replaceServices(d.ctx(), a.id, [d.support.id]);
  t.same(
    services.services.map((s) => s.name),
    ['1C support'],
  );
  t.equal(services.history.at(-1)!.reason, 'removed: Network');
  await updateService(d.system, d.support.id, { active: false });
  const kept = await replaceServices(d.ctx(), a.id, [d.support.id, d.network.id]);
  t.same(
    kept.services.map((s) => [s.name, s.active]),
    [
      ['1C support', false],
      ['Network', true],
    ],
    'a retired service already covered may stay',
  );
  t.same(calls, [`terms:${a.id}`, `terms:${a.id}`]);
  calls.length = 0;

  await rejects(
    t,
    updateAgreement(d.ctx(), a.id, { end: '2026-03-01' }),
    400,
    'would end on 2026-03-01, before today (2026-03-10 in America/New_York)',
  );
  await rejects(
    t,
    updateAgreement(d.ctx(), a.id, { recipientContactIds: [d.stranger.id] }),
    400,
    'is not a contact of ООО Ромашка',
  );

  const planned = await d.agreement({ number: 'A-2', serviceIds: [d.network.id] });
  const started = await updateAgreement(d.ctx(), planned.id, { start: '2026-03-10' });
  t.equal(started.status, 'active', 'moving the start to today activates it');
  t.same(calls, [`status:${planned.id}:planned>active`]);
  calls.length = 0;

  // A failing subscriber undoes the change it was told about.
  refuse = true;
  await t.rejects(terminateAgreement(d.ctx(), started.id, 'test'), { message: 'the SLA module refused' });
  refuse = false;
  t.equal(
    (await getAgreement(d.ctx(), started.id)).status,
    'active',
    'the transition was rolled back with the failing listener',
  );
});

t.test('renewal: the next period, same terms, numbered in series, history on both', async (t) => {
  const d = await agreementDesk(t, '2026-03-20T09:00:00Z');
  const source = await d.agreement({
    number: '2026-014',
    start: '2025-04-01',
    end: '2026-03-31',
    kind: 'prepaid_hours',
    hoursPackage: 20,
    hourRate: 3000,
    noticeDays: [45, 10],
    warningPercent: 75,
    notes: 'Прайс 2025',
  });
  await replaceTargets(d.ctx(), source.id, [
    { priority: 'P1', reactionMinutes: 20, resolutionMinutes: 300 },
    { priority: 'P2', type: 'request', reactionMinutes: 90, resolutionMinutes: null },
  ]);
  const renewal = await renewAgreement(d.ctx(), source.id, {});
  t.equal(renewal.number, '2026-014/2');
  t.equal(renewal.status, 'planned');
  t.same([renewal.start, renewal.end], ['2026-04-01', '2027-03-31']);
  t.equal(renewal.renewedFromId, source.id);
  t.same(
    [
      renewal.kind,
      renewal.tier,
      renewal.calendarId,
      renewal.managerId,
      renewal.recipientContactIds,
      renewal.noticeDays,
      renewal.warningPercent,
      renewal.hoursPackage,
      renewal.hourRate,
      renewal.notes,
    ],
    [
      source.kind,
      source.tier,
      source.calendarId,
      source.managerId,
      source.recipientContactIds,
      source.noticeDays,
      75,
      20,
      3000,
      'Прайс 2025',
    ],
  );
  t.same(
    renewal.services.map((s) => s.id),
    source.services.map((s) => s.id),
  );
  t.same(renewal.targets, [
    { priority: 'P1', type: null, reactionMinutes: 20, resolutionMinutes: 300 },
    { priority: 'P2', type: 'request', reactionMinutes: 90, resolutionMinutes: null },
  ]);
  t.same(
    renewal.history.map((h) => [h.action, h.to, h.reason]),
    [['created', 'planned', 'Renewal of 2026-014']],
  );
  const sourceAfter = await getAgreement(d.ctx(), source.id);
  t.same(sourceAfter.history.at(-1), {
    ...sourceAfter.history.at(-1),
    action: 'renewed',
    reason: 'Renewed by 2026-014/2 (2026-04-01…2027-03-31)',
  });
  t.same(sourceAfter.renewals, [{ id: renewal.id, number: '2026-014/2', status: 'planned' }]);

  await rejects(
    t,
    renewAgreement(d.ctx(), source.id, {}),
    409,
    'Agreement 2026-014 is already renewed by 2026-014/2 (planned); open that one',
  );

  // Renewing the renewal continues the series; retired services are left out and said so.
  await updateService(d.system, d.network.id, { active: false });
  await activateAgreement(d.ctx(), renewal.id);
  const third = await renewAgreement(d.ctx(), renewal.id, {});
  t.equal(third.number, '2026-014/3');
  t.same([third.start, third.end], ['2027-04-01', '2028-03-31']);
  t.same(
    third.services.map((s) => s.name),
    ['1C support'],
  );
  t.equal(third.history[0]!.reason, 'Renewal of 2026-014/2; retired services not carried over: Network');

  // A given number and start; a renewal into the past is refused with the field to change.
  await terminateAgreement(d.ctx(), third.id, 'renegotiated');
  const chosen = await renewAgreement(d.ctx(), renewal.id, { number: 'RN-2027', start: '2027-05-01' });
  t.same(
    [chosen.number, chosen.start, chosen.end],
    ['RN-2027', '2027-05-01', '2028-04-30'],
    'a terminated renewal does not block a new one',
  );

  const leap = await d.agreement({
    number: 'LEAP',
    start: '2027-03-01',
    end: '2028-02-29',
    serviceIds: [d.support.id],
  });
  const leapRenewal = await renewAgreement(d.ctx(), leap.id, {});
  t.same(
    [leapRenewal.start, leapRenewal.end],
    ['2028-03-01', '2029-02-28'],
    'a year ending on a leap day renews to a year',
  );
  const draft = await d.agreement({ number: 'DR', status: 'draft', serviceIds: [] });
  await rejects(t, renewAgreement(d.ctx(), draft.id, {}), 409, 'Agreement DR is a draft; plan or activate it first');
  await rejects(t, renewAgreement(d.ctx(), leap.id, { number: 'LEAP/2' }), 409, /already renewed/);
});

t.test('a typical agreement copied to several clients in one transaction', async (t) => {
  const d = await agreementDesk(t);
  const typical = await d.agreement({
    number: 'TYPICAL',
    title: 'Typical 8x5',
    status: 'draft',
    start: '2026-04-01',
    end: '2026-12-31',
  });
  const copies = await copyAgreement(d.ctx(), typical.id, { organizationIds: [d.other.id, d.third.id, d.org.id] });
  t.same(
    copies.map((c) => [c.number, c.organizationName, c.status, c.start, c.end]),
    [
      ['TYPICAL-1', 'Hotel Volga', 'planned', '2026-04-01', '2026-12-31'],
      ['TYPICAL-2', 'Bakery', 'planned', '2026-04-01', '2026-12-31'],
      ['TYPICAL-3', 'ООО Ромашка', 'planned', '2026-04-01', '2026-12-31'],
    ],
  );
  t.same(copies[0]!.recipientContactIds, [], "another client's contacts are not carried over");
  t.same(copies[2]!.recipientContactIds, [d.olga.id, d.john.id], 'the same client keeps its recipients');
  t.same(
    copies[0]!.services.map((s) => s.name),
    ['1C support', 'Network'],
  );
  t.equal(copies[0]!.targets.length, 4);
  t.equal(copies[0]!.renewedFromId, null, 'a copy is not a renewal');
  t.equal(copies[0]!.history[0]!.reason, 'Copy of TYPICAL');
  t.equal(
    (await getAgreement(d.ctx(), typical.id)).history.at(-1)!.reason,
    'Copied to 3 organizations: TYPICAL-1, TYPICAL-2, TYPICAL-3',
  );

  const dated = await copyAgreement(d.ctx(), typical.id, { organizationIds: [d.other.id], start: '2026-03-01' });
  t.same(
    [dated.at(0)!.number, dated.at(0)!.start, dated.at(0)!.end, dated.at(0)!.status],
    ['TYPICAL-4', '2026-03-01', '2026-11-30', 'active'],
    'a start alone keeps the length; a current period is active at once',
  );

  const before = (await listAgreements(d.ctx(), { sort: 'number', limit: 200 })).items.length;
  await rejects(
    t,
    copyAgreement(d.ctx(), typical.id, { organizationIds: [d.other.id, 999] }),
    400,
    'Organization 999 does not exist',
  );
  await rejects(
    t,
    copyAgreement(d.ctx(), typical.id, { organizationIds: [d.other.id], start: '2026-01-01', end: '2026-03-01' }),
    400,
    'Agreement TYPICAL-5 would end on 2026-03-01, before today',
  );
  t.equal((await listAgreements(d.ctx(), { sort: 'number', limit: 200 })).items.length, before, 'nothing was created');
});

t.test('lists: status, organization, search, days to expiry and expiring soon', async (t) => {
  const d = await agreementDesk(t, '2026-03-10T09:00:00Z');
  const soon = await d.agreement({ number: 'S-1', title: 'Soon over', start: '2026-01-01', end: '2026-03-20' });
  const later = await d.agreement({ number: 'S-2', title: 'Later', start: '2026-01-01', end: '2026-12-31' });
  const planned = await d.agreement({
    number: 'S-3',
    title: 'Planned soon',
    start: '2026-03-15',
    end: '2026-03-25',
    organizationId: d.other.id,
    recipientContactIds: [],
  });
  const list = (opts: Partial<Parameters<typeof listAgreements>[1]>) =>
    listAgreements(d.ctx(d.engineer), { sort: 'end', limit: 50, ...opts });
  t.same(
    (await list({})).items.map((a) => [a.number, a.status, a.daysToExpiry]),
    [
      ['S-1', 'active', 10],
      ['S-3', 'planned', 15],
      ['S-2', 'active', 296],
    ],
  );
  t.same(
    (await list({ expiringWithinDays: 14 })).items.map((a) => a.number),
    ['S-1'],
    'only active agreements expire',
  );
  t.same(
    (await list({ expiringWithinDays: 9 })).items.map((a) => a.number),
    [],
  );
  t.same(
    (await list({ status: 'planned' })).items.map((a) => a.id),
    [planned.id],
  );
  t.same(
    (await list({ status: 'planned,active', organizationId: d.org.id })).items.map((a) => a.id),
    [soon.id, later.id],
  );
  t.same(
    (await list({ q: 'later' })).items.map((a) => a.id),
    [later.id],
  );
  const first = await list({ limit: 2, sort: 'number' });
  t.same(
    first.items.map((a) => a.number),
    ['S-1', 'S-2'],
  );
  const second = await list({ limit: 2, sort: 'number', cursor: first.nextCursor! });
  t.same(
    second.items.map((a) => a.number),
    ['S-3'],
  );
  t.equal(second.nextCursor, null);
});

t.test('the lifecycle job: activation and expiry at midnight of the calendar zone, idempotent', async (t) => {
  const d = await agreementDesk(t, '2026-03-10T09:00:00Z');
  const moscow = await d.agreement({
    number: 'M',
    start: '2026-04-01',
    end: '2026-04-30',
    recipientContactIds: [],
    managerId: null,
  });
  const ny = await d.agreement({
    number: 'NY',
    calendarId: d.newYork.id,
    start: '2026-04-01',
    end: '2026-04-30',
    recipientContactIds: [],
    managerId: null,
  });
  const job = () => agreementLifecycleJob(d.inst.ctx());
  const status = async (id: number) => (await getAgreement(d.ctx(), id)).status;

  d.clock.set('2026-03-31T20:59:00Z'); // 23:59 in Moscow
  t.same(await job(), { activated: 0, expired: 0, notices: 0 });
  d.clock.set('2026-03-31T21:00:00Z'); // midnight in Moscow, 17:00 in New York
  t.same(await job(), { activated: 1, expired: 0, notices: 0 });
  t.equal(await status(moscow.id), 'active');
  t.equal(await status(ny.id), 'planned');
  t.same(await job(), { activated: 0, expired: 0, notices: 0 }, 'a second run changes nothing');
  d.clock.set('2026-04-01T04:00:00Z'); // midnight in New York (EDT)
  t.same(await job(), { activated: 1, expired: 0, notices: 0 });

  d.clock.set('2026-04-30T20:59:00Z');
  t.same((await job()).expired, 0, 'still the last day in Moscow');
  d.clock.set('2026-04-30T21:00:00Z');
  t.same(await job(), { activated: 0, expired: 1, notices: 0 });
  t.equal(await status(moscow.id), 'expired');
  t.equal(await status(ny.id), 'active');
  d.clock.set('2026-05-01T04:00:00Z');
  t.same(await job(), { activated: 0, expired: 1, notices: 0 });
  t.same(await job(), { activated: 0, expired: 0, notices: 0 });
  const history = await agreementHistory(d.ctx(), moscow.id);
  t.same(history.slice(1).map(brief), [
    ['system', 'activated', 'planned', 'active'],
    ['system', 'expired', 'active', 'expired'],
  ]);

  // A whole period that went by while the server was off: activated and expired in one run, expiry notice only.
  const missed = await d.agreement({ number: 'MISSED', start: '2026-05-02', end: '2026-05-05' });
  d.clock.set('2026-05-10T09:00:00Z');
  t.same(await job(), { activated: 1, expired: 1, notices: 3 });
  const mails = (await outbox(d.inst)).filter((m) => m.dedupe_key?.startsWith(`agreement:${missed.id}:`));
  t.same(
    mails.map((m) => m.dedupe_key!.split(':')[2]),
    ['expired', 'expired', 'expired'],
  );
  t.match((await agreementHistory(d.ctx(), missed.id)).at(-1)!.reason, 'noticed 4 days late');
});

t.test(
  'notices: 30, 14, 7 and 1 days before the end, on activation and on expiry, each once even across restarts',
  async (t) => {
    const d = await agreementDesk(t, '2026-04-25T09:00:00Z');
    const a = await d.agreement({
      number: '2026-014',
      start: '2026-05-01',
      end: '2026-06-30',
      recipientContactIds: [d.olga.id, d.john.id, d.noMail.id],
    });
    t.match(a.warnings, ['Без почты has no e-mail address and will not receive notices']);
    const dataDir = d.inst.config.dataDir;

    const byDay = new Map<string, string[]>();
    let inst = d.inst;
    let restarted = false;
    for (let day = Date.parse('2026-04-26T00:30:00Z'); day <= Date.parse('2026-07-03T00:30:00Z'); day += 86_400_000) {
      d.clock.set(new Date(day));
      if (!restarted && day >= Date.parse('2026-06-10T00:30:00Z')) {
        // A restart in the middle: a new process on the same data dir must not send anything again.
        await inst.close();
        inst = await openInstallation({ dataDir, clock: d.clock, env: {}, overrides: { logLevel: 'warn' } });
        t.teardown(() => inst.close());
        restarted = true;
      }
      for (let run = 0; run < 3; run++) {
        const result = await agreementLifecycleJob(inst.ctx());
        if (run > 0) t.equal(result.notices, 0);
      }
    }
    for (const m of await outbox(inst)) {
      const date = m.created_at.slice(0, 10);
      byDay.set(date, [
        ...(byDay.get(date) ?? []),
        `${m.dedupe_key!.split(':').slice(2, -2).join(':')} → ${m.recipient}`,
      ]);
    }
    const who = ['manager@desk.example', 'olga@romashka.example', 'john@romashka.example'];
    const each = (what: string) => who.map((w) => `${what} → ${w}`);
    t.same(Object.fromEntries(byDay), {
      '2026-05-01': each('activated'),
      '2026-05-31': each('ends:2026-06-30:in-30'),
      '2026-06-16': each('ends:2026-06-30:in-14'),
      '2026-06-23': each('ends:2026-06-30:in-7'),
      '2026-06-29': each('ends:2026-06-30:in-1'),
      '2026-07-01': each('expired'),
    });
    const mails = await outbox(inst);
    const ru = mails.find((m) => m.recipient === 'olga@romashka.example' && m.dedupe_key!.includes('in-14'))!;
    t.equal(ru.subject, 'Договор 2026-014 с ООО Ромашка заканчивается 30 июня 2026 г.');
    t.match(ru.body, /через 14 дней/);
    const en = mails.find((m) => m.recipient === 'john@romashka.example' && m.dedupe_key!.includes('in-1:'))!;
    t.equal(en.subject, 'Agreement 2026-014 with ООО Ромашка ends on 30 June 2026');
    t.match(en.body, /\(tomorrow\)/);
    t.same(JSON.parse(en.payload!), { agreementId: a.id, notice: { kind: 'ending', threshold: 1, daysLeft: 1 } });
  },
);

t.test('notices after downtime and after a prolonged end', async (t) => {
  const d = await agreementDesk(t, '2026-06-20T09:00:00Z');
  const a = await d.agreement({
    number: 'N-1',
    start: '2026-01-01',
    end: '2026-06-25',
    recipientContactIds: [d.john.id],
    managerId: null,
  });
  t.equal(a.status, 'active');
  const keys = async () => (await outbox(d.inst)).map((m) => m.dedupe_key!.split(':').slice(2, -2).join(':'));
  t.same(await keys(), ['activated']);
  t.same(await agreementLifecycleJob(d.inst.ctx()), { activated: 0, expired: 0, notices: 1 });
  t.same(
    await keys(),
    ['activated', 'ends:2026-06-25:in-7'],
    'five days left: only the 7-day notice, not the 30- and 14-day ones it missed',
  );

  await updateAgreement(d.ctx(), a.id, { end: '2026-07-15' });
  t.same(await agreementLifecycleJob(d.inst.ctx()), { activated: 0, expired: 0, notices: 1 });
  t.same((await keys()).at(-1), 'ends:2026-07-15:in-30', 'a new end date arms the notices again');
  await updateAgreement(d.ctx(), a.id, { noticeDays: [] });
  d.clock.set('2026-07-14T09:00:00Z');
  t.same(
    await agreementLifecycleJob(d.inst.ctx()),
    { activated: 0, expired: 0, notices: 0 },
    'no notice days, no expiry notices',
  );
});
