/**
 * /api/v1/calendars through app.inject on a real SQLite file: CRUD, validation as problem+json naming the
 * field, deadlines and business minutes (the same numbers as the CLI, worked out by hand from the calendar),
 * presets, the production-calendar status with a fixed clock, and who may do what.
 */
import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testDesk } from '../helpers/app.js';
import { tempDir } from '../helpers/installation.js';
import { runCli } from '../helpers/cli.js';
import { fixedClock } from '../../server/shared/clock.js';
import { importProductionCalendar } from '../../server/modules/calendars/calendars.service.js';

const weekdays = (intervals: [string, string][]) => ({
  mon: intervals,
  tue: intervals,
  wed: intervals,
  thu: intervals,
  fri: intervals,
  sat: [],
  sun: [],
});
const moscow8x5 = { timezone: 'Europe/Moscow', week: weekdays([['10:00', '19:00']]), production: 'RU' as const };
const problemJson = /^application\/problem\+json/;

/** The response for a due instant given as local time with its offset. */
const dueOf = (dueLocal: string) => ({ due: new Date(Date.parse(dueLocal)).toISOString(), dueLocal });

t.test('calendars CRUD', async (t) => {
  const desk = await testDesk(t);
  const manager = await desk.agent('manager');

  const created = await manager.post('/api/v1/calendars', {
    name: '  Support 8x5  ',
    ...moscow8x5,
    holidays: ['2026-12-30'],
    days: { '2026-12-26': [['10:00', '15:00']] },
  });
  t.equal(created.statusCode, 201, created.body);
  const cal = created.json();
  t.type(cal.id, 'number');
  t.equal(cal.name, 'Support 8x5', 'the name is trimmed');
  t.equal(cal.timezone, 'Europe/Moscow');
  t.same(cal.week.mon, [['10:00', '19:00']]);
  t.same(cal.week.sun, []);
  t.same(cal.holidays, ['2026-12-30']);
  t.same(cal.days, { '2026-12-26': [['10:00', '15:00']] });
  t.equal(cal.production, 'RU');
  t.match(cal.createdAt, /^\d{4}-\d{2}-\d{2}T/);

  const other = (
    await manager.post('/api/v1/calendars', {
      name: 'A night desk',
      timezone: 'Europe/Berlin',
      week: { sat: [['00:00', '24:00']] },
    })
  ).json();
  const list = await manager.get('/api/v1/calendars');
  t.equal(list.statusCode, 200);
  t.same(
    list.json().items.map((c: { id: number; name: string }) => [c.id, c.name]),
    [
      [other.id, 'A night desk'],
      [cal.id, 'Support 8x5'],
    ],
    'listed by name',
  );

  const got = await manager.get(`/api/v1/calendars/${cal.id}`);
  t.equal(got.statusCode, 200);
  t.same(got.json(), cal, 'GET returns what POST returned');

  const renamed = await manager.patch(`/api/v1/calendars/${cal.id}`, { name: 'Support 8x5 (Moscow)' });
  t.equal(renamed.statusCode, 200, renamed.body);
  t.equal(renamed.json().name, 'Support 8x5 (Moscow)');
  t.same(renamed.json().week, cal.week, 'renaming keeps the document');
  t.same(renamed.json().holidays, ['2026-12-30']);

  const replaced = await manager.request('PUT', `/api/v1/calendars/${cal.id}`, {
    name: 'Support 9-18',
    timezone: 'Europe/Moscow',
    week: weekdays([['09:00', '18:00']]),
  });
  t.equal(replaced.statusCode, 200, replaced.body);
  t.equal(replaced.json().name, 'Support 9-18');
  t.same(replaced.json().week.tue, [['09:00', '18:00']]);
  t.same(replaced.json().holidays, [], 'PUT replaces the whole document');
  t.notOk(replaced.json().production, 'the production calendar is gone with the old document');
  // The replaced calendar counts 09:00–18:00 now: Tue Nov 24 17:00 + 120 → 17:00–18:00, Wed 09:00–10:00.
  t.same(
    (
      await manager.post(`/api/v1/calendars/${cal.id}/deadline`, { start: '2026-11-24T17:00:00+03:00', minutes: 120 })
    ).json(),
    dueOf('2026-11-25T10:00:00+03:00'),
  );

  t.equal((await manager.del(`/api/v1/calendars/${cal.id}`)).statusCode, 204);
  t.equal((await manager.get(`/api/v1/calendars/${cal.id}`)).statusCode, 404);
  const gone = await manager.del(`/api/v1/calendars/${cal.id}`);
  t.equal(gone.statusCode, 404);
  t.match(gone.headers['content-type'], problemJson);
  t.equal((await manager.patch(`/api/v1/calendars/${cal.id}`, { name: 'x' })).statusCode, 404);
  t.equal((await manager.request('PUT', `/api/v1/calendars/${cal.id}`, { name: 'x', ...moscow8x5 })).statusCode, 404);
  t.equal(
    (await manager.post(`/api/v1/calendars/${cal.id}/deadline`, { start: '2026-11-24T17:00:00+03:00', minutes: 60 }))
      .statusCode,
    404,
  );
  t.equal(
    (
      await manager.post(`/api/v1/calendars/${cal.id}/between`, {
        from: '2026-11-24T17:00:00+03:00',
        to: '2026-11-25T17:00:00+03:00',
      })
    ).statusCode,
    404,
  );
  t.equal((await manager.get('/api/v1/calendars/9999')).statusCode, 404);
  t.equal((await manager.get('/api/v1/calendars/abc')).statusCode, 400, 'a non-numeric id');
  t.same(
    (await manager.get('/api/v1/calendars')).json().items.map((c: { id: number }) => c.id),
    [other.id],
  );
});

t.test('PATCH with part of a document changes that part only', async (t) => {
  const desk = await testDesk(t);
  const manager = await desk.agent('manager');
  const cal = (await manager.post('/api/v1/calendars', { name: 'Support', ...moscow8x5 })).json();
  const res = await manager.patch(`/api/v1/calendars/${cal.id}`, { holidays: ['2026-11-25'] });
  // The route's PATCH body is a partial calendar; a partial document must keep the rest of the calendar.
  t.equal(res.statusCode, 200, `PATCH {holidays} alone: ${res.body}`);
  if (res.statusCode === 200) {
    t.same(res.json().holidays, ['2026-11-25']);
    t.equal(res.json().timezone, 'Europe/Moscow', 'the zone stays');
    t.same(res.json().week.mon, [['10:00', '19:00']], 'the week stays');
  }
});

t.test('validation errors are 400 problem+json naming the field', async (t) => {
  const desk = await testDesk(t);
  const manager = await desk.agent('manager');
  const bad = async (body: Record<string, unknown>, path: string, message: RegExp) => {
    const res = await manager.post('/api/v1/calendars', { name: 'Bad', ...moscow8x5, ...body });
    t.equal(res.statusCode, 400, `${path}: 400`);
    t.match(res.headers['content-type'], problemJson, `${path}: problem+json`);
    const problem = res.json();
    t.equal(problem.status, 400);
    t.ok(
      problem.errors?.some((e: { path: string }) => e.path === path),
      `${path}: named in errors ${JSON.stringify(problem.errors)}`,
    );
    t.match(problem.detail, message, `${path}: the detail says what is wrong`);
  };
  await bad({ timezone: 'Mars/Olympus' }, 'timezone', /Mars\/Olympus/);
  await bad(
    {
      week: {
        mon: [
          ['10:00', '14:00'],
          ['13:00', '19:00'],
        ],
      },
    },
    'week.mon',
    /overlap/,
  );
  await bad({ week: { tue: [['19:00', '10:00']] } }, 'week.tue[0]', /19:00.*10:00/);
  await bad({ week: { wed: [['10:00', '25:00']] } }, 'week.wed[0][1]', /25:00/);
  await bad({ week: { thu: [['12:60', '18:00']] } }, 'week.thu[0][0]', /12:60/);
  await bad({ holidays: ['2026-02-30'] }, 'holidays[0]', /2026-02-30/);
  await bad({ days: { '2026-13-01': [] } }, 'days.2026-13-01', /date/);
  await bad({ week: { monday: [['10:00', '19:00']] } }, 'body.week.monday', /not a known field/);
  await bad({ colour: 'blue' }, 'body.colour', /not a known field/);
  const noName = await manager.post('/api/v1/calendars', moscow8x5);
  t.equal(noName.statusCode, 400);
  t.ok(
    noName.json().errors.some((e: { path: string }) => e.path === 'body.name'),
    'a missing name is named',
  );
  t.equal((await manager.get('/api/v1/calendars')).json().items.length, 0, 'nothing was stored');

  const cal = (await manager.post('/api/v1/calendars', { name: 'Support', ...moscow8x5 })).json();
  const patchBad = await manager.patch(`/api/v1/calendars/${cal.id}`, {
    timezone: 'Mars/Olympus',
    week: weekdays([['10:00', '19:00']]),
  });
  t.equal(patchBad.statusCode, 400);
  t.ok(
    patchBad.json().errors.some((e: { path: string }) => e.path === 'timezone'),
    'PATCH validates too',
  );
  t.equal(
    (await manager.get(`/api/v1/calendars/${cal.id}`)).json().timezone,
    'Europe/Moscow',
    'a refused PATCH changes nothing',
  );

  const deadline = async (body: Record<string, unknown>, path: string) => {
    const res = await manager.post(`/api/v1/calendars/${cal.id}/deadline`, body);
    t.equal(res.statusCode, 400, `deadline ${path}: 400`);
    t.match(res.headers['content-type'], problemJson);
    t.ok(
      res.json().errors?.some((e: { path: string }) => e.path === path),
      `deadline ${path}: named in errors ${JSON.stringify(res.json().errors)}`,
    );
  };
  await deadline({ start: '2026-11-24T10:00:00', minutes: 60 }, 'start');
  await deadline({ start: '2026-02-30T10:00:00+03:00', minutes: 60 }, 'start');
  await deadline({ start: '0050-11-24T10:00:00+03:00', minutes: 60 }, 'start');
  await deadline(
    {
      start: '2026-11-24T10:00:00+03:00',
      minutes: 60,
      pauses: [{ from: '2026-11-24T12:00:00+03:00', to: '2026-11-24T11:00:00+03:00' }],
    },
    'pauses[0]',
  );
  await deadline({ start: '2026-11-24T10:00:00+03:00', minutes: -5 }, 'body.minutes');
  await deadline({ start: '2026-11-24T10:00:00+03:00', minutes: 1.5 }, 'body.minutes');
  await deadline({ start: '2026-11-24T10:00:00+03:00' }, 'body.minutes');
  const between = await manager.post(`/api/v1/calendars/${cal.id}/between`, {
    from: '2026-11-24T10:00:00+03:00',
    to: 'tomorrow',
  });
  t.equal(between.statusCode, 400);
  t.ok(
    between.json().errors.some((e: { path: string }) => e.path === 'to'),
    'between names the bad field',
  );
});

t.test('deadline and between: the same numbers as the CLI', async (t) => {
  const desk = await testDesk(t);
  const eng = await desk.agent('engineer'); // reading calendars is enough to compute with them
  const manager = await desk.agent('manager');
  const moscow = (await manager.post('/api/v1/calendars', { name: 'Moscow 8x5', ...moscow8x5 })).json();
  const berlin = (
    await manager.post('/api/v1/calendars', {
      name: 'Berlin',
      timezone: 'Europe/Berlin',
      week: weekdays([['09:00', '17:00']]),
    })
  ).json();
  const deadline = async (id: number, body: Record<string, unknown>) => {
    const res = await eng.post(`/api/v1/calendars/${id}/deadline`, body);
    t.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  // Apr 30 2026 is shortened (ends 18:00); May 1 a holiday; May 2–3 a weekend → Mon May 4 10:00 + 120.
  t.same(await deadline(moscow.id, { start: '2026-04-30T18:00:00+03:00', minutes: 120 }), {
    due: '2026-05-04T09:00:00.000Z',
    dueLocal: '2026-05-04T12:00:00+03:00',
  });
  // Fri Oct 16 17:30–19:00 = 90, Mon Oct 19 10:00 + 90.
  t.same(
    await deadline(moscow.id, { start: '2026-10-16T17:30:00+03:00', minutes: 180 }),
    dueOf('2026-10-19T11:30:00+03:00'),
    'Friday evening → Monday',
  );
  t.same(
    await deadline(moscow.id, { start: '2026-11-24T17:00:00+03:00', minutes: 120 }),
    dueOf('2026-11-24T19:00:00+03:00'),
    'ends exactly at 19:00',
  );
  t.same(
    await deadline(moscow.id, { start: '2026-11-28T12:00:00Z', minutes: 60 }),
    dueOf('2026-11-30T11:00:00+03:00'),
    'a Saturday start begins on Monday',
  );
  // Berlin, Fri Mar 27 (CET) 16:00–17:00 = 60, Mon Mar 30 (CEST) 09:00 + 60.
  t.same(
    await deadline(berlin.id, { start: '2026-03-27T16:00:00+01:00', minutes: 120 }),
    { due: '2026-03-30T08:00:00.000Z', dueLocal: '2026-03-30T10:00:00+02:00' },
    'across the DST change',
  );

  // Pauses: Tue Nov 24 17:00 + 180; paused Tue 18:00 → Wed 11:00 (120 business minutes) and Wed 12:00–12:45 (45).
  const pauses = [
    { from: '2026-11-24T18:00:00+03:00', to: '2026-11-25T11:00:00+03:00' },
    { from: '2026-11-25T09:00:00Z', to: '2026-11-25T09:45:00Z' },
  ];
  t.same(
    await deadline(moscow.id, { start: '2026-11-24T17:00:00+03:00', minutes: 180 }),
    dueOf('2026-11-25T11:00:00+03:00'),
  );
  t.same(
    await deadline(moscow.id, { start: '2026-11-24T17:00:00+03:00', minutes: 180, pauses: pauses.slice(0, 1) }),
    dueOf('2026-11-25T13:00:00+03:00'),
    'one pause: +120',
  );
  t.same(
    await deadline(moscow.id, { start: '2026-11-24T17:00:00+03:00', minutes: 180, pauses }),
    dueOf('2026-11-25T13:45:00+03:00'),
    'two pauses: +165',
  );

  const ex = await deadline(moscow.id, {
    start: '2026-04-30T17:00:00+03:00',
    minutes: 120,
    pauses: [{ from: '2026-05-04T10:30:00+03:00', to: '2026-05-04T11:00:00+03:00' }],
    explain: true,
  });
  t.equal(ex.dueLocal, '2026-05-04T11:30:00+03:00');
  t.same(ex.intervals, [
    {
      date: '2026-04-30',
      from: '2026-04-30T17:00:00+03:00',
      to: '2026-04-30T18:00:00+03:00',
      minutes: 60,
      note: 'shortened day',
    },
    {
      date: '2026-05-04',
      from: '2026-05-04T10:00:00+03:00',
      to: '2026-05-04T10:30:00+03:00',
      minutes: 30,
      note: 'hours',
    },
    {
      date: '2026-05-04',
      from: '2026-05-04T11:00:00+03:00',
      to: '2026-05-04T11:30:00+03:00',
      minutes: 30,
      note: 'hours',
    },
  ]);
  t.same(
    ex.skipped.map((s: { date: string }) => s.date),
    ['2026-05-01'],
  );
  t.match(ex.skipped[0].reason, /holiday/);
  t.same(ex.paused, [{ from: '2026-05-04T10:30:00+03:00', to: '2026-05-04T11:00:00+03:00', minutes: 30 }]);
  t.same(ex.warnings, []);
  const noExplain = await deadline(moscow.id, { start: '2026-04-30T17:00:00+03:00', minutes: 120, explain: false });
  t.same(Object.keys(noExplain), ['due', 'dueLocal']);

  const between = async (id: number, body: Record<string, unknown>) => {
    const res = await eng.post(`/api/v1/calendars/${id}/between`, body);
    t.equal(res.statusCode, 200, res.body);
    return res.json();
  };
  // Week of Apr 27 2026: Mon–Wed 3 × 540 + Thu (shortened) 480; Fri May 1 off.
  t.same(await between(moscow.id, { from: '2026-04-27T00:00:00+03:00', to: '2026-05-04T00:00:00+03:00' }), {
    minutes: 2100,
  });
  t.same(
    await between(moscow.id, {
      from: '2026-04-27T00:00:00+03:00',
      to: '2026-05-04T00:00:00+03:00',
      pauses: [{ from: '2026-04-28T12:00:00+03:00', to: '2026-04-28T15:00:00+03:00' }],
    }),
    { minutes: 1920 },
  );
  // 17:00–19:00 + 10:00–13:45 = 345, minus 60 + 60 + 45 paused.
  t.same(await between(moscow.id, { from: '2026-11-24T17:00:00+03:00', to: '2026-11-25T13:45:00+03:00', pauses }), {
    minutes: 180,
  });
  // Berlin Fri Mar 27 16:00 CET → Mon Mar 30 10:00 CEST: 60 + 60.
  t.same(await between(berlin.id, { from: '2026-03-27T16:00:00+01:00', to: '2026-03-30T10:00:00+02:00' }), {
    minutes: 120,
  });
});

t.test('a changed calendar computes with its new hours at once', async (t) => {
  // A fixed clock, as tests use: the edit happens "in the same millisecond" as the creation.
  const desk = await testDesk(t, { clock: fixedClock('2026-11-24T09:00:00Z') });
  const manager = await desk.agent('manager');
  const cal = (await manager.post('/api/v1/calendars', { name: 'Support', ...moscow8x5 })).json();
  const body = { start: '2026-11-24T17:00:00+03:00', minutes: 120 };
  t.same((await manager.post(`/api/v1/calendars/${cal.id}/deadline`, body)).json(), dueOf('2026-11-24T19:00:00+03:00'));
  t.equal(
    (
      await manager.request('PUT', `/api/v1/calendars/${cal.id}`, {
        name: 'Support',
        timezone: 'Europe/Moscow',
        week: weekdays([['09:00', '18:00']]),
      })
    ).statusCode,
    200,
  );
  // 09:00–18:00 now: 17:00–18:00 = 60, Wed 09:00 + 60 → 10:00.
  t.same(
    (await manager.post(`/api/v1/calendars/${cal.id}/deadline`, body)).json(),
    dueOf('2026-11-25T10:00:00+03:00'),
    'not the old hours from a cache',
  );
});

t.test('presets and the production-calendar status (with a fixed clock)', async (t) => {
  const clock = fixedClock('2026-09-30T12:00:00Z');
  const desk = await testDesk(t, { clock });
  const eng = await desk.agent('engineer');
  const manager = await desk.agent('manager');

  const presets = await eng.get('/api/v1/calendars/presets');
  t.equal(presets.statusCode, 200);
  const items = presets.json().items as Array<{ key: string; name: string; document: Record<string, unknown> }>;
  t.equal(items.length, 3);
  t.ok(
    items.some((p) => /8x5 Moscow 10:00–19:00/.test(p.name) && p.document.production === 'RU'),
    'the Moscow preset with the production calendar',
  );
  t.ok(items.some((p) => p.name === '24x7'));
  t.ok(items.some((p) => /09:00–18:00/.test(p.name)));
  // Every preset is a valid calendar: it can be created as it stands.
  for (const p of items)
    t.equal(
      (await manager.post('/api/v1/calendars', { name: p.name, ...p.document })).statusCode,
      201,
      `create from the preset ${p.key}`,
    );

  const status = async () => {
    const res = await eng.get('/api/v1/calendars/production');
    t.equal(res.statusCode, 200, res.body);
    return res.json() as { country: string; years: Array<{ year: number; builtIn: boolean }>; warning: string | null };
  };
  const september = await status();
  t.equal(september.country, 'RU');
  t.same(
    september.years,
    [2024, 2025, 2026].map((year) => ({ year, builtIn: true })),
  );
  t.equal(september.warning, null, 'no warning before October');
  clock.set('2026-10-01T12:00:00Z');
  t.match((await status()).warning, /2027/, 'from October of the year before, 2027 is missing');
  clock.set('2027-02-01T12:00:00Z');
  t.match((await status()).warning, /2027/, 'and while 2027 runs without data');

  // Deadlines in 2027 say so too, and change once 2027 is imported.
  const moscow = (await manager.post('/api/v1/calendars', { name: 'Moscow 8x5', ...moscow8x5 })).json();
  const before = (
    await eng.post(`/api/v1/calendars/${moscow.id}/deadline`, { start: '2027-02-22T18:00:00+03:00', minutes: 60 })
  ).json();
  t.equal(before.dueLocal, '2027-02-22T19:00:00+03:00', 'a normal Monday without 2027 data');
  t.match(before.warnings, [/2027/]);
  const years = await importProductionCalendar(desk.inst.ctx(), {
    fileName: 'ru-2027.json',
    content: JSON.stringify({
      years: { '2027': { holidays: ['2027-02-23'], workingWeekends: [], shortDays: ['2027-02-22'] } },
    }),
  });
  t.same(years, [2027]);
  clock.set('2026-10-01T12:00:00Z');
  const after = await status();
  t.same(after.years.at(-1), { year: 2027, builtIn: false });
  t.equal(after.warning, null, 'no warning once next year is loaded');
  // Feb 22 2027 shortened (ends 18:00), Feb 23 off → Wed Feb 24 10:00 + 60.
  const known = (
    await eng.post(`/api/v1/calendars/${moscow.id}/deadline`, { start: '2027-02-22T18:00:00+03:00', minutes: 60 })
  ).json();
  t.same(known, dueOf('2027-02-24T11:00:00+03:00'), 'the imported year counts, without a warning');
});

t.test('a year imported by the CLI into a running desk counts at once', async (t) => {
  const desk = await testDesk(t);
  const manager = await desk.agent('manager');
  const moscow = (await manager.post('/api/v1/calendars', { name: 'Moscow 8x5', ...moscow8x5 })).json();
  const body = { start: '2027-02-22T18:00:00+03:00', minutes: 60 };
  t.equal(
    (await manager.post(`/api/v1/calendars/${moscow.id}/deadline`, body)).json().dueLocal,
    '2027-02-22T19:00:00+03:00',
  );
  // `ondesk calendar import` is the documented way to load a year; it runs in its own process.
  const file = join(tempDir(t), 'ru-2027.json');
  writeFileSync(
    file,
    JSON.stringify({ years: { '2027': { holidays: ['2027-02-23'], workingWeekends: [], shortDays: ['2027-02-22'] } } }),
  );
  const imported = runCli(['calendar', 'import', file, '--data-dir', desk.inst.config.dataDir]);
  t.equal(imported.code, 0, imported.stderr);
  t.same(
    (await manager.get('/api/v1/calendars/production')).json().years.at(-1),
    { year: 2027, builtIn: false },
    'the status sees the import',
  );
  t.same(
    (await manager.post(`/api/v1/calendars/${moscow.id}/deadline`, body)).json(),
    dueOf('2027-02-24T11:00:00+03:00'),
    'so do deadlines of a calendar computed before',
  );
});

t.test('who may do what', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const manager = await desk.agent('manager');
  const eng = await desk.agent('engineer');
  const accountant = await desk.agent('accountant');
  const cal = (await admin.post('/api/v1/calendars', { name: 'Support', ...moscow8x5 })).json();
  const doc = { name: 'Other', ...moscow8x5 };

  for (const [role, api] of [
    ['engineer', eng],
    ['accountant', accountant],
  ] as const) {
    t.equal((await api.get('/api/v1/calendars')).statusCode, 200, `${role} lists`);
    t.equal((await api.get(`/api/v1/calendars/${cal.id}`)).statusCode, 200, `${role} reads`);
    t.equal(
      (await api.post(`/api/v1/calendars/${cal.id}/deadline`, { start: '2026-11-24T10:00:00+03:00', minutes: 60 }))
        .statusCode,
      200,
      `${role} computes a deadline`,
    );
    t.equal((await api.get('/api/v1/calendars/production')).statusCode, 200, `${role} sees the production status`);
    const create = await api.post('/api/v1/calendars', doc);
    t.equal(create.statusCode, 403, `${role} may not create`);
    t.match(create.headers['content-type'], problemJson);
    t.equal((await api.patch(`/api/v1/calendars/${cal.id}`, { name: 'x' })).statusCode, 403, `${role} may not rename`);
    t.equal((await api.request('PUT', `/api/v1/calendars/${cal.id}`, doc)).statusCode, 403, `${role} may not replace`);
    t.equal((await api.del(`/api/v1/calendars/${cal.id}`)).statusCode, 403, `${role} may not delete`);
  }
  t.equal((await manager.post('/api/v1/calendars', doc)).statusCode, 201, 'a manager creates');
  t.equal((await admin.get(`/api/v1/calendars/${cal.id}`)).json().name, 'Support', 'the refused edits changed nothing');

  const anonymous = (method: 'GET' | 'POST', url: string, body?: unknown) =>
    desk.app.inject({ method, url, ...(body !== undefined && { payload: body as object }) });
  for (const [method, url, body] of [
    ['GET', '/api/v1/calendars'],
    ['GET', `/api/v1/calendars/${cal.id}`],
    ['GET', '/api/v1/calendars/presets'],
    ['GET', '/api/v1/calendars/production'],
    ['POST', '/api/v1/calendars', doc],
    ['POST', `/api/v1/calendars/${cal.id}/deadline`, { start: '2026-11-24T10:00:00+03:00', minutes: 60 }],
    [
      'POST',
      `/api/v1/calendars/${cal.id}/between`,
      { from: '2026-11-24T10:00:00+03:00', to: '2026-11-25T10:00:00+03:00' },
    ],
  ] as const) {
    const res = await anonymous(method, url, body);
    t.equal(res.statusCode, 401, `${method} ${url} without a caller`);
    t.match(res.headers['content-type'], problemJson);
  }
  const wrongToken = await desk.app.inject({
    method: 'GET',
    url: '/api/v1/calendars',
    headers: { authorization: 'Bearer odk_not-a-real-token' },
  });
  t.equal(wrongToken.statusCode, 401, 'an unknown token');
});
