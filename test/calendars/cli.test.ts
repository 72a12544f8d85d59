/**
 * `ondesk calendar …` driven as a person or a script would: the real CLI in a child process, calendar
 * documents written to a temporary directory. Expected deadlines are worked out by hand from the calendar
 * (the comments show the arithmetic), never taken from the engine.
 */
import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/installation.js';

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Production years come from --data-dir only: an ONDESK_DATA_DIR of the caller must not leak in.
const env = { ONDESK_DATA_DIR: undefined, ONDESK_LOG_LEVEL: 'warn' };

/** One `ondesk calendar …` run (the CLI from sources, as runCli does, but without blocking the test). */
function calendarCli(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = startCli(['calendar', ...args], env);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Independent runs side by side (each CLI start takes a second), results in the order given. */
async function calendarCliAll(runs: string[][], parallel = 4): Promise<CliResult[]> {
  const results: CliResult[] = new Array(runs.length);
  let next = 0;
  const worker = async () => {
    while (next < runs.length) {
      const i = next++;
      results[i] = await calendarCli(runs[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, runs.length) }, worker));
  return results;
}

const weekdays = (intervals: [string, string][]) => ({
  mon: intervals,
  tue: intervals,
  wed: intervals,
  thu: intervals,
  fri: intervals,
  sat: [],
  sun: [],
});
const everyDay = (intervals: [string, string][]) => ({ ...weekdays(intervals), sat: intervals, sun: intervals });

function writeJson(dir: string, name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
}

/** The exact output for a due instant given as local time with its offset (the UTC form is the same instant). */
const dueLine = (dueLocal: string) =>
  `${JSON.stringify({ due: new Date(Date.parse(dueLocal)).toISOString(), dueLocal })}\n`;

t.test('calendar deadline prints {"due","dueLocal"} computed in business time', async (t) => {
  const dir = tempDir(t);
  const moscow = writeJson(dir, 'moscow.json', {
    timezone: 'Europe/Moscow',
    week: weekdays([['10:00', '19:00']]),
    production: 'RU',
  });
  const cases: Array<[string, number, string, string]> = [
    // Apr 30 2026 is shortened (the eve of May 1): it ends at 18:00, so nothing is left of it at 18:00.
    // May 1 (Fri) is a holiday, May 2–3 the weekend: 120 minutes from Mon May 4 10:00 → 12:00.
    [
      '2026-04-30T18:00:00+03:00',
      120,
      '2026-05-04T12:00:00+03:00',
      'a shortened day, a holiday and a weekend are skipped',
    ],
    // 16:00–18:00 on the shortened day: exactly its end.
    [
      '2026-04-30T16:00:00+03:00',
      120,
      '2026-04-30T18:00:00+03:00',
      'a target ending on the end of a shortened day is that end',
    ],
    // Fri Oct 16: 17:30–19:00 = 90; Mon Oct 19: 10:00 + 90 → 11:30.
    ['2026-10-16T17:30:00+03:00', 180, '2026-10-19T11:30:00+03:00', 'Friday evening → Monday'],
    // Tue Nov 24: 17:00 + 120 = 19:00, the end of the day — not Wednesday 10:00.
    [
      '2026-11-24T17:00:00+03:00',
      120,
      '2026-11-24T19:00:00+03:00',
      'a target ending exactly at 19:00 returns 19:00, not next morning',
    ],
    // 07:00 is before hours: the clock starts at 10:00.
    ['2026-11-24T07:00:00+03:00', 30, '2026-11-24T10:30:00+03:00', 'a start before hours begins at 10:00'],
    // Sat Nov 28 15:00 Moscow (given in UTC): nothing until Mon Nov 30 10:00, + 60 → 11:00.
    ['2026-11-28T12:00:00Z', 60, '2026-11-30T11:00:00+03:00', 'a start on Saturday, given in UTC, begins on Monday'],
    // Nov 3 2026 is shortened (ends 18:00) and Nov 4 a holiday: 17:00–18:00 = 60, Nov 5 10:00 + 60 → 11:00.
    ['2026-11-03T17:00:00+03:00', 120, '2026-11-05T11:00:00+03:00', 'Nov 3 shortened, Nov 4 a holiday'],
    ['2026-11-24T12:34:00+03:00', 0, '2026-11-24T12:34:00+03:00', 'zero minutes: the start itself'],
  ];
  const results = await calendarCliAll(
    cases.map(([start, minutes]) => ['deadline', '--calendar', moscow, '--start', start, '--minutes', String(minutes)]),
  );
  cases.forEach(([, , dueLocal, name], i) => {
    const res = results[i]!;
    t.equal(res.code, 0, `${name}: exit 0 ${res.stderr}`);
    t.equal(res.stdout, dueLine(dueLocal), name);
    t.equal(res.stderr, '', `${name}: nothing on stderr`);
  });
  t.equal(
    results[0]!.stdout,
    '{"due":"2026-05-04T09:00:00.000Z","dueLocal":"2026-05-04T12:00:00+03:00"}\n',
    'exactly this line',
  );
});

t.test('Europe/Berlin across the DST change of 2026-03-29', async (t) => {
  const dir = tempDir(t);
  const office = writeJson(dir, 'berlin.json', { timezone: 'Europe/Berlin', week: weekdays([['09:00', '17:00']]) });
  const always = writeJson(dir, 'berlin-24x7.json', {
    timezone: 'Europe/Berlin',
    week: everyDay([['00:00', '24:00']]),
  });
  const early = writeJson(dir, 'berlin-early.json', {
    timezone: 'Europe/Berlin',
    week: everyDay([['01:00', '04:00']]),
  });
  const [weekend, night, spring, autumn] = await calendarCliAll([
    ['deadline', '--calendar', office, '--start', '2026-03-27T16:00:00+01:00', '--minutes', '120'],
    ['deadline', '--calendar', always, '--start', '2026-03-29T00:30:00+01:00', '--minutes', '240'],
    ['between', '--calendar', early, '--from', '2026-03-29T00:00:00+01:00', '--to', '2026-03-30T00:00:00+02:00'],
    ['between', '--calendar', early, '--from', '2026-10-25T00:00:00+02:00', '--to', '2026-10-26T00:00:00+01:00'],
  ]);
  // Fri Mar 27 (CET, +01:00): 16:00–17:00 = 60; Mon Mar 30 is already CEST (+02:00): 09:00 + 60 → 10:00+02:00.
  t.equal(weekend!.stdout, dueLine('2026-03-30T10:00:00+02:00'));
  t.equal(
    weekend!.stdout,
    `{"due":"2026-03-30T08:00:00.000Z","dueLocal":"2026-03-30T10:00:00+02:00"}\n`,
    'the offset changes with the clocks',
  );
  // 00:30 CET is 23:30Z; four real hours later is 03:30Z = 05:30 CEST (the wall clock moved five hours).
  t.equal(night!.stdout, dueLine('2026-03-29T05:30:00+02:00'), '24x7 counts real minutes across the missing hour');
  // Every day 01:00–04:00: on Mar 29 02:00 becomes 03:00, so the interval lasts two real hours; on Oct 25
  // 03:00 becomes 02:00 again, so it lasts four.
  t.equal(spring!.stdout, '{"minutes":120}\n', 'the spring day');
  t.equal(autumn!.stdout, '{"minutes":240}\n', 'the autumn day');
});

t.test('pauses move the deadline by the paused business minutes; --explain says why', async (t) => {
  const dir = tempDir(t);
  const moscow = writeJson(dir, 'moscow.json', {
    timezone: 'Europe/Moscow',
    week: weekdays([['10:00', '19:00']]),
    production: 'RU',
  });
  const base = ['deadline', '--calendar', moscow, '--start', '2026-11-24T17:00:00+03:00', '--minutes', '180'];
  const night = '2026-11-24T18:00:00+03:00/2026-11-25T11:00:00+03:00';
  const lunch = '2026-11-25T09:00:00Z/2026-11-25T09:45:00Z'; // 12:00–12:45 Moscow
  const [none, one, two, weekend, between, explained, plain] = await calendarCliAll([
    base,
    [...base, '--pause', night],
    [...base, '--pause', night, '--pause', lunch],
    [...base, '--pause', '2026-11-28T00:00:00+03:00/2026-11-30T00:00:00+03:00'],
    [
      'between',
      '--calendar',
      moscow,
      '--from',
      '2026-11-24T17:00:00+03:00',
      '--to',
      '2026-11-25T13:45:00+03:00',
      '--pause',
      night,
      '--pause',
      lunch,
    ],
    [
      'deadline',
      '--calendar',
      moscow,
      '--start',
      '2026-04-30T17:00:00+03:00',
      '--minutes',
      '120',
      '--pause',
      '2026-05-04T10:30:00+03:00/2026-05-04T11:00:00+03:00',
      '--explain',
    ],
    ['deadline', '--calendar', moscow, '--start', '2026-04-30T17:00:00+03:00', '--minutes', '120'],
  ]);
  // Without pauses: Tue 17:00–19:00 = 120, Wed 10:00 + 60 → 11:00.
  t.equal(none!.stdout, dueLine('2026-11-25T11:00:00+03:00'));
  // Paused from Tue 18:00 to Wed 11:00: 60 + 60 business minutes stand still → 13:00.
  t.equal(one!.stdout, dueLine('2026-11-25T13:00:00+03:00'), 'one pause: +120');
  // And again Wed 12:00–12:45 (45 business minutes): 13:45. --pause repeats.
  t.equal(two!.stdout, dueLine('2026-11-25T13:45:00+03:00'), 'two pauses: +165');
  t.equal(weekend!.stdout, dueLine('2026-11-25T11:00:00+03:00'), 'a pause over the weekend changes nothing');
  // between with the same pauses: 17:00–19:00 + 10:00–13:45 = 345, minus 60 + 60 + 45 paused = 180.
  t.equal(between!.code, 0, between!.stderr);
  t.equal(between!.stdout, '{"minutes":180}\n');

  // Apr 30 17:00 + 120 with a pause May 4 10:30–11:00: Apr 30 17:00–18:00 (shortened day) = 60, May 1 holiday,
  // May 4 10:00–10:30 = 30, paused, 11:00–11:30 = 30 → 11:30.
  t.equal(explained!.code, 0, explained!.stderr);
  t.equal(explained!.stdout.split('\n').length, 2, 'one line of JSON');
  const ex = JSON.parse(explained!.stdout);
  t.equal(ex.due, '2026-05-04T08:30:00.000Z');
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
  t.equal(
    ex.intervals.reduce((sum: number, i: { minutes: number }) => sum + i.minutes, 0),
    120,
    'the counted minutes add up to the target',
  );
  t.equal(ex.skipped.length, 1, 'only May 1 is a working weekday skipped (May 2–3 are a weekend anyway)');
  t.equal(ex.skipped[0].date, '2026-05-01');
  t.match(ex.skipped[0].reason, /holiday/);
  t.same(ex.paused, [{ from: '2026-05-04T10:30:00+03:00', to: '2026-05-04T11:00:00+03:00', minutes: 30 }]);
  t.same(ex.warnings, []);
  t.same(Object.keys(JSON.parse(plain!.stdout)), ['due', 'dueLocal'], 'without --explain only due and dueLocal');
});

t.test('calendar between prints {"minutes":N}', async (t) => {
  const dir = tempDir(t);
  const moscow = writeJson(dir, 'moscow.json', {
    timezone: 'Europe/Moscow',
    week: weekdays([['10:00', '19:00']]),
    production: 'RU',
  });
  const week = [
    'between',
    '--calendar',
    moscow,
    '--from',
    '2026-04-27T00:00:00+03:00',
    '--to',
    '2026-05-04T00:00:00+03:00',
  ];
  const [plain, paused, empty] = await calendarCliAll([
    week,
    [...week, '--pause', '2026-04-28T12:00:00+03:00/2026-04-28T15:00:00+03:00'],
    ['between', '--calendar', moscow, '--from', '2026-11-24T10:00:00+03:00', '--to', '2026-11-24T10:00:00+03:00'],
  ]);
  // Week of Apr 27 2026: Mon–Wed 3 × 540, Thu Apr 30 shortened 480, Fri May 1 a holiday → 2,100.
  t.equal(plain!.code, 0, plain!.stderr);
  t.equal(plain!.stdout, '{"minutes":2100}\n');
  t.equal(paused!.stdout, '{"minutes":1920}\n', 'a 3-hour pause on Tuesday');
  t.equal(empty!.stdout, '{"minutes":0}\n', 'an empty range');
});

t.test('bad input: one clear line on stderr, exit code 2, nothing on stdout', async (t) => {
  const dir = tempDir(t);
  const good = { timezone: 'Europe/Moscow', week: weekdays([['10:00', '19:00']]) };
  const goodFile = writeJson(dir, 'good.json', good);
  const file = (name: string, doc: unknown) => writeJson(dir, name, doc);
  const start = ['--start', '2026-11-24T10:00:00+03:00', '--minutes', '60'];
  const cases: Array<[string, string[], RegExp]> = [
    [
      'unknown zone',
      ['deadline', '--calendar', file('mars.json', { ...good, timezone: 'Mars/Olympus' }), ...start],
      /Mars\/Olympus.*time zone/,
    ],
    [
      'overlapping intervals',
      [
        'deadline',
        '--calendar',
        file('overlap.json', {
          ...good,
          week: {
            mon: [
              ['10:00', '14:00'],
              ['13:00', '19:00'],
            ],
          },
        }),
        ...start,
      ],
      /week\.mon.*overlap/,
    ],
    [
      'reversed interval',
      ['deadline', '--calendar', file('reversed.json', { ...good, week: { tue: [['19:00', '10:00']] } }), ...start],
      /week\.tue.*19:00.*10:00/,
    ],
    [
      '25:00',
      ['deadline', '--calendar', file('25.json', { ...good, week: { wed: [['10:00', '25:00']] } }), ...start],
      /25:00/,
    ],
    [
      '12:60',
      ['deadline', '--calendar', file('1260.json', { ...good, week: { wed: [['12:60', '18:00']] } }), ...start],
      /12:60/,
    ],
    [
      'unknown weekday key',
      ['deadline', '--calendar', file('weekday.json', { ...good, week: { monday: [['10:00', '19:00']] } }), ...start],
      /week\.monday.*weekday/,
    ],
    [
      'a start without a zone',
      ['deadline', '--calendar', goodFile, '--start', '2026-11-24T10:00:00', '--minutes', '60'],
      /2026-11-24T10:00:00.*zone/,
    ],
    [
      'a start on a day that does not exist',
      ['deadline', '--calendar', goodFile, '--start', '2026-02-30T10:00:00+03:00', '--minutes', '60'],
      /2026-02-30/,
    ],
    [
      'a start in year 50 (a typo)',
      ['deadline', '--calendar', goodFile, '--start', '0050-11-24T10:00:00+03:00', '--minutes', '60'],
      /0050-11-24.*outside the years/,
    ],
    [
      'between up to year 9999',
      ['between', '--calendar', goodFile, '--from', '2026-11-24T10:00:00Z', '--to', '9999-12-31T00:00:00Z'],
      /9999-12-31.*outside the years/,
    ],
    [
      'a pause with to < from',
      ['deadline', '--calendar', goodFile, ...start, '--pause', '2026-11-24T12:00:00+03:00/2026-11-24T11:00:00+03:00'],
      /pause.*ends before it starts/,
    ],
    [
      'a pause that is not FROM/TO',
      ['deadline', '--calendar', goodFile, ...start, '--pause', '2026-11-24T12:00:00+03:00'],
      /FROM\/TO/,
    ],
    [
      'a pause without a zone',
      [
        'between',
        '--calendar',
        goodFile,
        '--from',
        '2026-11-24T10:00:00Z',
        '--to',
        '2026-11-25T10:00:00Z',
        '--pause',
        '2026-11-24T12:00:00/2026-11-24T13:00:00Z',
      ],
      /zone/,
    ],
    [
      'non-numeric minutes',
      ['deadline', '--calendar', goodFile, '--start', '2026-11-24T10:00:00+03:00', '--minutes', 'ten'],
      /--minutes.*ten/,
    ],
    [
      'fractional minutes',
      ['deadline', '--calendar', goodFile, '--start', '2026-11-24T10:00:00+03:00', '--minutes', '1.5'],
      /--minutes/,
    ],
    ['missing file', ['deadline', '--calendar', join(dir, 'nowhere.json'), ...start], /nowhere\.json/],
    [
      'invalid JSON',
      ['deadline', '--calendar', file('broken.json', '{"timezone": "Europe/Moscow",'), ...start],
      /broken\.json.*JSON/,
    ],
    [
      'missing required option',
      ['deadline', '--calendar', goodFile, '--start', '2026-11-24T10:00:00+03:00'],
      /--minutes/,
    ],
    [
      'a target beyond 200 years of the calendar',
      ['deadline', '--calendar', goodFile, '--start', '2026-11-24T10:00:00+03:00', '--minutes', '999999999999'],
      /minutes.*200 years/,
    ],
    [
      'a calendar with no working time',
      ['deadline', '--calendar', file('empty.json', { timezone: 'Europe/Moscow', week: {} }), ...start],
      /no working time/,
    ],
  ];
  const results = await calendarCliAll(cases.map(([, args]) => args));
  cases.forEach(([name, , message], i) => {
    const res = results[i]!;
    t.equal(res.code, 2, `${name}: exit code 2`);
    t.equal(res.stdout, '', `${name}: nothing on stdout`);
    t.equal(res.stderr.trimEnd().split('\n').length, 1, `${name}: one line on stderr: ${res.stderr}`);
    t.match(res.stderr, message, `${name}: the message says what is wrong`);
  });
});

// 2027 in the shape of the shipped production-calendar-ru.json. Test data, not the verified 2027 decree:
// Jan 1–8 off, Feb 23 (Tue) off with a shortened Feb 22, Mar 8 (Mon) off, and so on.
const year2027 = {
  country: 'RU',
  years: {
    '2027': {
      holidays: [
        '2027-01-01',
        '2027-01-04',
        '2027-01-05',
        '2027-01-06',
        '2027-01-07',
        '2027-01-08',
        '2027-02-23',
        '2027-03-08',
        '2027-05-03',
        '2027-05-10',
        '2027-06-14',
        '2027-11-04',
        '2027-12-31',
      ],
      workingWeekends: [],
      shortDays: ['2027-02-22', '2027-04-30', '2027-06-11', '2027-11-03'],
    },
  },
};

const icsHolidays = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Test//Holidays 2027//EN',
  'BEGIN:VEVENT',
  'UID:ny-2027@test',
  'DTSTART;VALUE=DATE:20270101',
  'DTEND;VALUE=DATE:20270109',
  'SUMMARY:New Year holidays',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:mar8-2027@test',
  'DTSTART;VALUE=DATE:20270308',
  "SUMMARY:International Women's Day",
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

t.test('calendar import: a JSON year or an .ics of holidays, then deadlines use it', async (t) => {
  const dir = tempDir(t);
  const moscow = writeJson(dir, 'moscow.json', {
    timezone: 'Europe/Moscow',
    week: weekdays([['10:00', '19:00']]),
    production: 'RU',
  });
  const deadline = (start: string, minutes: number, ...more: string[]) => [
    'deadline',
    '--calendar',
    moscow,
    '--start',
    start,
    '--minutes',
    String(minutes),
    ...more,
  ];
  const febBetween = [
    'between',
    '--calendar',
    moscow,
    '--from',
    '2027-02-22T00:00:00+03:00',
    '--to',
    '2027-02-24T00:00:00+03:00',
  ];
  const emptyDataDir = tempDir(t);
  const jsonDir = tempDir(t);
  const icsDir = tempDir(t);
  const icsFile = join(dir, 'holidays-2027.ics');
  writeFileSync(icsFile, icsHolidays);

  const [unknown, stillUnknown, shipped, march, between, imported, icsImport] = await calendarCliAll([
    deadline('2027-02-22T18:00:00+03:00', 60),
    deadline('2027-02-22T18:00:00+03:00', 60, '--data-dir', emptyDataDir),
    deadline('2026-11-24T17:00:00+03:00', 60),
    deadline('2027-03-05T18:00:00+03:00', 120),
    febBetween,
    ['import', writeJson(dir, 'ru-2027.json', year2027), '--data-dir', jsonDir],
    ['import', icsFile, '--data-dir', icsDir],
  ]);
  // Without 2027 data, Feb 22 2027 is a normal Monday: 18:00 + 60 → 19:00, with a warning that 2027 is missing.
  t.equal(unknown!.code, 0, 'a missing year is a warning, not an error');
  t.equal(unknown!.stdout, dueLine('2027-02-22T19:00:00+03:00'));
  t.match(unknown!.stderr, /warning: .*2027.*not loaded/);
  t.equal(stillUnknown!.stdout, dueLine('2027-02-22T19:00:00+03:00'));
  t.match(stillUnknown!.stderr, /2027.*not loaded/, 'a data dir without imports warns too');
  t.equal(shipped!.stderr, '', 'no warning for a year that ships');
  // Fri Mar 5 18:00–19:00 = 60, then Mon Mar 8 10:00 + 60 → 11:00 (a normal Monday without 2027 data).
  t.equal(march!.stdout, dueLine('2027-03-08T11:00:00+03:00'));
  t.equal(between!.stdout, '{"minutes":1080}\n', 'Feb 22–23 2027 as two normal days: 2 × 540');
  t.equal(imported!.code, 0, imported!.stderr);
  t.match(imported!.stdout, /2027/);
  t.equal(icsImport!.code, 0, icsImport!.stderr);
  t.match(icsImport!.stdout, /2027/);

  const [known, knownMarch, knownBetween, icsNewYear, icsMarch, icsFeb] = await calendarCliAll([
    deadline('2027-02-22T18:00:00+03:00', 60, '--data-dir', jsonDir),
    deadline('2027-03-05T18:00:00+03:00', 120, '--data-dir', jsonDir),
    [...febBetween, '--data-dir', jsonDir],
    deadline('2026-12-30T18:30:00+03:00', 120, '--data-dir', icsDir),
    deadline('2027-03-05T18:00:00+03:00', 120, '--data-dir', icsDir),
    deadline('2027-02-22T18:00:00+03:00', 60, '--data-dir', icsDir),
  ]);
  // With 2027: Feb 22 is shortened (ends 18:00), Feb 23 a holiday → Wed Feb 24 10:00 + 60 → 11:00.
  t.equal(known!.code, 0, known!.stderr);
  t.equal(known!.stdout, dueLine('2027-02-24T11:00:00+03:00'), 'the imported holiday and shortened day count');
  t.equal(known!.stderr, '', 'no warning once 2027 is loaded');
  // Fri Mar 5 18:00–19:00 = 60; Mon Mar 8 is off → Tue Mar 9 10:00 + 60 → 11:00.
  t.equal(knownMarch!.stdout, dueLine('2027-03-09T11:00:00+03:00'));
  // between sees the import too: Mon Feb 22 shortened (480) + Tue Feb 23 off = 480.
  t.equal(knownBetween!.stdout, '{"minutes":480}\n');
  // Wed Dec 30 2026 18:30–19:00 = 30; Dec 31 off (2026 data); Jan 1–8 2027 off (DTEND is exclusive), the
  // weekends around them too → Mon Jan 11 10:00 + 90 → 11:30.
  t.equal(icsNewYear!.stdout, dueLine('2027-01-11T11:30:00+03:00'), 'a multi-day holiday event');
  t.equal(icsMarch!.stdout, dueLine('2027-03-09T11:00:00+03:00'), 'a one-day event without DTEND');
  // An .ics holds days off only: Feb 22 is a full day there → 19:00.
  t.equal(icsFeb!.stdout, dueLine('2027-02-22T19:00:00+03:00'), 'no shortened days from an .ics');
});

t.test('a bad import file: non-zero exit, one line on stderr, nothing stored', async (t) => {
  const dir = tempDir(t);
  const dataDir = tempDir(t);
  const moscow = writeJson(dir, 'moscow.json', {
    timezone: 'Europe/Moscow',
    week: weekdays([['10:00', '19:00']]),
    production: 'RU',
  });
  const bad: Array<[string, string, RegExp]> = [
    ['not JSON', writeJson(dir, 'broken.json', '{"years": {"2027": '), /JSON/],
    // 2027 is fine but 2028 lists a date of 2027: the whole file is refused, 2027 included.
    [
      'one bad year among good ones',
      writeJson(dir, 'mixed.json', {
        years: { ...year2027.years, '2028': { holidays: ['2027-01-01'], workingWeekends: [], shortDays: [] } },
      }),
      /years\.2028.*2027-01-01/,
    ],
    ['no years', writeJson(dir, 'noyears.json', { country: 'RU' }), /years/],
    ['not a date', writeJson(dir, 'baddate.json', { years: { '2027': { holidays: ['2027-02-30'] } } }), /2027-02-30/],
    [
      'a recurring .ics event',
      writeJson(dir, 'recurring.ics', icsHolidays.replace('SUMMARY:New Year holidays', 'RRULE:FREQ=YEARLY')),
      /recurring/,
    ],
    [
      'a timed .ics event',
      writeJson(dir, 'timed.ics', icsHolidays.replace('DTSTART;VALUE=DATE:20270308', 'DTSTART:20270308T090000Z')),
      /20270308T090000Z/,
    ],
    ['a missing file', join(dir, 'nowhere.json'), /nowhere\.json/],
  ];
  // The first run creates the data dir's database; the others then only read it, side by side.
  const first = await calendarCli(['import', bad[0]![1], '--data-dir', dataDir]);
  const results = [
    first,
    ...(await calendarCliAll(bad.slice(1).map(([, file]) => ['import', file, '--data-dir', dataDir]))),
  ];
  bad.forEach(([name, , message], i) => {
    const res = results[i]!;
    t.not(res.code, 0, `${name}: non-zero exit`);
    t.equal(res.stdout, '', `${name}: nothing on stdout`);
    t.equal(res.stderr.trimEnd().split('\n').length, 1, `${name}: one line on stderr: ${res.stderr}`);
    t.match(res.stderr, message, `${name}: says what is wrong`);
  });
  // Nothing of the refused files was stored: 2027 is still missing in this data dir.
  const after = await calendarCli([
    'deadline',
    '--calendar',
    moscow,
    '--start',
    '2027-02-22T18:00:00+03:00',
    '--minutes',
    '60',
    '--data-dir',
    dataDir,
  ]);
  t.equal(after.stdout, dueLine('2027-02-22T19:00:00+03:00'));
  t.match(after.stderr, /2027.*not loaded/);
});

t.test('calendar presets prints the three presets, each a usable calendar document', async (t) => {
  const res = await calendarCli(['presets']);
  t.equal(res.code, 0, res.stderr);
  const presets = JSON.parse(res.stdout) as Array<{
    key: string;
    name: string;
    document: { timezone: string; week: Record<string, string[][]>; production?: string };
  }>;
  t.equal(presets.length, 3);
  const byName = (re: RegExp) => presets.find((p) => re.test(p.name));
  const moscow = byName(/8x5 Moscow 10:00–19:00/);
  const allDay = byName(/^24x7$/);
  const nineToSix = byName(/8x5 Mon–Fri 09:00–18:00/);
  t.ok(moscow && allDay && nineToSix, 'the three presets by name');
  t.equal(moscow!.document.timezone, 'Europe/Moscow');
  t.equal(moscow!.document.production, 'RU');
  t.same(moscow!.document.week.mon, [['10:00', '19:00']]);
  t.same(moscow!.document.week.sat, []);
  for (const day of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])
    t.same(allDay!.document.week[day], [['00:00', '24:00']], `24x7 on ${day}`);
  t.same(nineToSix!.document.week.fri, [['09:00', '18:00']]);
  t.same(nineToSix!.document.week.sun, []);
  t.equal(nineToSix!.document.production, undefined, 'the 09–18 preset has no production calendar');

  // A preset's document is a calendar file as it stands.
  const dir = tempDir(t);
  const [fromPreset, plainAddition] = await calendarCliAll([
    [
      'deadline',
      '--calendar',
      writeJson(dir, 'preset.json', moscow!.document),
      '--start',
      '2026-04-30T18:00:00+03:00',
      '--minutes',
      '120',
    ],
    [
      'deadline',
      '--calendar',
      writeJson(dir, 'always.json', allDay!.document),
      '--start',
      '2026-05-01T10:00:00+03:00',
      '--minutes',
      '1500',
    ],
  ]);
  t.equal(
    fromPreset!.stdout,
    dueLine('2026-05-04T12:00:00+03:00'),
    'the same answer as the hand-written Moscow calendar',
  );
  t.equal(plainAddition!.stdout, dueLine('2026-05-02T11:00:00+03:00'), '24x7 on a holiday: 25 hours are 25 hours');
});
