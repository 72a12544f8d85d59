import t from 'tap';
import { testDesk } from '../helpers/app.js';

// The endpoints behind the calendar editor: the year view of a saved calendar, and previews of unsaved documents.
const document = {
  timezone: 'Europe/Moscow',
  week: {
    mon: [['10:00', '19:00']],
    tue: [['10:00', '19:00']],
    wed: [
      ['10:00', '14:00'],
      ['15:00', '19:00'],
    ],
    thu: [['10:00', '19:00']],
    fri: [['10:00', '19:00']],
    sat: [],
    sun: [],
  },
  holidays: ['2026-03-10'],
  days: { '2026-01-02': [['10:00', '13:00']] },
  production: 'RU',
};

t.test('year view of a saved calendar', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const engineer = await desk.agent('engineer');
  const created = await admin.post('/api/v1/calendars', { name: 'Support 8x5', ...document });
  t.equal(created.statusCode, 201, created.body);
  const id = created.json().id as number;

  const res = await engineer.get(`/api/v1/calendars/${id}/year/2026`);
  t.equal(res.statusCode, 200, 'every agent may read it');
  const body = res.json();
  t.equal(body.days.length, 365);
  t.match(body, { year: 2026, timezone: 'Europe/Moscow', production: 'RU', missingProduction: false });
  const byDate = new Map(body.days.map((d: { date: string }) => [d.date, d]));
  t.match(byDate.get('2026-01-01'), { kind: 'production-holiday', hours: [] });
  t.match(byDate.get('2026-01-02'), {
    kind: 'custom',
    overrides: 'production-holiday',
    hours: [['10:00', '13:00']],
    minutes: 180,
  });
  t.match(byDate.get('2026-03-10'), { kind: 'holiday' });
  t.match(byDate.get('2026-04-30'), { kind: 'shortened', hours: [['10:00', '18:00']], shortened: true });
  t.match(byDate.get('2026-04-29'), {
    kind: 'working',
    hours: [
      ['10:00', '14:00'],
      ['15:00', '19:00'],
    ],
    minutes: 480,
  });
  t.equal(body.totals.workingDays, 247 - 1 + 1);
  t.equal(body.totals.kinds.custom, 1);

  const future = (await engineer.get(`/api/v1/calendars/${id}/year/2031`)).json();
  t.equal(future.missingProduction, true, 'a year without production data says so');

  t.equal((await engineer.get('/api/v1/calendars/9999/year/2026')).statusCode, 404);
  const badYear = await engineer.get(`/api/v1/calendars/${id}/year/99999`);
  t.equal(badYear.statusCode, 400);
  t.match(badYear.json(), { code: 'validation_failed', errors: [{ path: 'params.year' }] });
});

t.test('deadline preview of an unsaved document equals the saved calendar’s deadline', async (t) => {
  const desk = await testDesk(t);
  const admin = await desk.agent('admin');
  const accountant = await desk.agent('accountant');
  const id = (await admin.post('/api/v1/calendars', { name: 'Support 8x5', ...document })).json().id as number;
  const request = {
    start: '2026-04-29T17:00:00+03:00',
    minutes: 240,
    explain: true,
    pauses: [{ from: '2026-04-30T10:00:00+03:00', to: '2026-04-30T10:30:00+03:00' }],
  };

  const saved = await accountant.post(`/api/v1/calendars/${id}/deadline`, request);
  const preview = await accountant.post('/api/v1/calendars/preview', {
    document: { name: 'Unsaved', ...document },
    ...request,
  });
  t.equal(preview.statusCode, 200, preview.body);
  t.same(preview.json(), saved.json(), 'same answer, explanation included');
  t.match(preview.json(), {
    due: '2026-04-30T09:30:00.000Z',
    dueLocal: '2026-04-30T12:30:00+03:00',
    intervals: [
      { date: '2026-04-29', from: '2026-04-29T17:00:00+03:00', to: '2026-04-29T19:00:00+03:00', minutes: 120 },
      {
        date: '2026-04-30',
        from: '2026-04-30T10:30:00+03:00',
        to: '2026-04-30T12:30:00+03:00',
        minutes: 120,
        note: 'shortened day',
      },
    ],
    paused: [{ minutes: 30 }],
  });

  const plain = await accountant.post('/api/v1/calendars/preview', {
    document,
    start: '2026-12-30T18:00:00+03:00',
    minutes: 120,
  });
  t.same(
    plain.json(),
    {
      due: '2027-01-01T08:00:00.000Z',
      dueLocal: '2027-01-01T11:00:00+03:00',
      warnings: ['The production calendar for 2027 is not loaded: 2027 was counted as a normal year'],
    },
    'the missing year is warned about',
  );
});

t.test('previews report bad documents and bad requests as problems', async (t) => {
  const desk = await testDesk(t);
  const engineer = await desk.agent('engineer');

  const overlap = await engineer.post('/api/v1/calendars/preview', {
    document: {
      ...document,
      week: {
        mon: [
          ['10:00', '14:00'],
          ['13:00', '19:00'],
        ],
      },
    },
    start: '2026-04-29T17:00:00Z',
    minutes: 60,
  });
  t.equal(overlap.statusCode, 400);
  t.match(overlap.headers['content-type'], /application\/problem\+json/);
  t.match(overlap.json(), {
    code: 'invalid_calendar',
    detail: 'week.mon: intervals overlap',
    errors: [{ path: 'week.mon', message: 'week.mon: intervals overlap' }],
  });

  const zone = await engineer.post('/api/v1/calendars/preview/year', {
    document: { ...document, timezone: 'Mars/Olympus' },
    year: 2026,
  });
  t.match(zone.json(), { status: 400, code: 'invalid_calendar', errors: [{ path: 'timezone' }] });

  const time = await engineer.post('/api/v1/calendars/preview/year', {
    document: { ...document, days: { '2026-05-04': [['9:00', '18:00']] } },
    year: 2026,
  });
  t.match(time.json(), { status: 400, errors: [{ path: 'days.2026-05-04[0][0]', message: /is not a time of day/ }] });

  const start = await engineer.post('/api/v1/calendars/preview', { document, start: '2026-04-29T17:00', minutes: 60 });
  t.match(
    start.json(),
    { status: 400, code: 'invalid_calendar', errors: [{ path: 'start' }] },
    'a start without a zone is ambiguous',
  );

  const unknown = await engineer.post('/api/v1/calendars/preview', {
    document: { ...document, colour: 'red' },
    start: '2026-04-29T17:00:00Z',
    minutes: 60,
  });
  t.match(unknown.json(), {
    status: 400,
    code: 'validation_failed',
    errors: [{ path: 'body.document.colour', message: 'is not a known field' }],
  });

  const year = await engineer.post('/api/v1/calendars/preview/year', { document, year: 2026 });
  t.equal(year.statusCode, 200);
  t.equal(year.json().totals.workingDays, 247);

  const anonymous = await desk.app.inject({
    method: 'POST',
    url: '/api/v1/calendars/preview',
    payload: { document, start: '2026-04-29T17:00:00Z', minutes: 60 },
  });
  t.equal(anonymous.statusCode, 401);
});
