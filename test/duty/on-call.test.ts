import t from 'tap';
import fc from 'fast-check';
import {
  compileSchedule,
  coverageGaps,
  layerSpans,
  leaveConflicts,
  onCallAt,
  shiftsBetween,
  type LayerInput,
  type OverrideInput,
  type ScheduleInput,
} from '../../server/modules/duty/on-call.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

const layerArb = (id: number): fc.Arbitrary<LayerInput> =>
  fc.record({
    id: fc.constant(id),
    position: fc.constant(id),
    members: fc.uniqueArray(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }),
    shiftMinutes: fc.constantFrom(60, 240, 480, 720, 1440, 2880, 10080, 90),
    handoff: hhmm,
    startsOn: fc.constantFrom('2026-03-20', '2026-03-27', '2026-10-20', '2026-10-24', '2026-12-01'),
    restrictions: fc.oneof(
      fc.constant<LayerInput['restrictions']>([]),
      fc.array(
        fc.record({
          days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
          from: hhmm,
          to: hhmm,
        }),
        { minLength: 1, maxLength: 3 },
      ),
    ),
    skipHolidays: fc.boolean(),
  });

const zones = ['Europe/Berlin', 'America/New_York', 'Europe/Moscow', 'Asia/Kolkata', 'Australia/Lord_Howe'];
const holidays = new Set(['2026-03-29', '2026-10-25', '2026-12-31', '2027-01-01']);

const scheduleArb: fc.Arbitrary<ScheduleInput> = fc
  .tuple(fc.constantFrom(...zones), fc.integer({ min: 1, max: 4 }))
  .chain(([timezone, n]) =>
    fc.tuple(...Array.from({ length: n }, (_, i) => layerArb(i + 1))).map((layers) => ({
      timezone,
      layers,
      isHoliday: (d: string) => holidays.has(d),
    })),
  );

/** Windows around the DST changes of 2026 in both hemispheres' northern zones, and a quiet December. */
const windowStart = fc.constantFrom(
  Date.parse('2026-03-26T00:00:00Z'),
  Date.parse('2026-03-06T00:00:00Z'),
  Date.parse('2026-10-22T00:00:00Z'),
  Date.parse('2026-10-30T00:00:00Z'),
  Date.parse('2026-12-28T00:00:00Z'),
);

const overrideArb = (start: number): fc.Arbitrary<OverrideInput> =>
  fc
    .record({
      agentId: fc.integer({ min: 20, max: 22 }),
      replaces: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }),
      offset: fc.integer({ min: 0, max: 7 * 96 }),
      length: fc.integer({ min: 1, max: 3 * 96 }),
    })
    .map((o) => ({
      agentId: o.agentId,
      replacesAgentId: o.replaces,
      from: new Date(start + o.offset * 15 * 60_000).toISOString(),
      to: new Date(start + (o.offset + o.length) * 15 * 60_000).toISOString(),
    }));

const instantsIn = (start: number, days: number) =>
  fc.array(
    fc.integer({ min: 0, max: days * DAY - 1 }).map((ms) => start + ms),
    { minLength: 5, maxLength: 30 },
  );

t.test('every covered instant has exactly one engineer in each layer', async (t) => {
  fc.assert(
    fc.property(scheduleArb, windowStart, fc.context(), (input, start, ctx) => {
      const compiled = compileSchedule(input);
      for (const [i, layer] of compiled.layers.entries()) {
        const spans = layerSpans(compiled, i, start, start + 8 * DAY);
        for (let k = 1; k < spans.length; k += 1)
          if (spans[k]!.from < spans[k - 1]!.to) {
            ctx.log(`layer ${layer.id} overlaps at ${new Date(spans[k]!.from).toISOString()}`);
            return false;
          }
        // The layer alone answers as its spans do, instant by instant.
        const alone = compileSchedule({ ...input, layers: [input.layers.find((l) => l.id === layer.id)!] });
        for (let at = start; at < start + 8 * DAY; at += 37 * 60_000) {
          const holders = spans.filter((s) => s.from <= at && at < s.to);
          const who = onCallAt(alone, new Date(at));
          if (holders.length > 1) return false;
          if ((holders[0]?.agentId ?? null) !== (who?.agentId ?? null)) {
            ctx.log(`at ${new Date(at).toISOString()}: spans say ${holders[0]?.agentId}, onCallAt ${who?.agentId}`);
            return false;
          }
        }
      }
      return true;
    }),
    { numRuns: 60 },
  );
  t.pass('one engineer per layer at every covered instant, the same by lookup and by timeline');
});

t.test(
  'the timeline and the lookup agree, and shifts neither overlap nor leave holes where someone covers',
  async (t) => {
    fc.assert(
      fc.property(
        scheduleArb,
        windowStart.chain((s) =>
          fc.tuple(fc.constant(s), fc.array(overrideArb(s), { maxLength: 4 }), instantsIn(s, 7)),
        ),
        (input, [start, overrides, instants]) => {
          const compiled = compileSchedule({ ...input, overrides });
          const shifts = shiftsBetween(compiled, new Date(start), new Date(start + 7 * DAY));
          for (let i = 1; i < shifts.length; i += 1) if (shifts[i]!.from < shifts[i - 1]!.to) return false;
          for (const at of instants) {
            const who = onCallAt(compiled, new Date(at));
            const iso = new Date(at).toISOString();
            const shift = shifts.find((s) => s.from <= iso && iso < s.to);
            if ((who?.agentId ?? null) !== (shift?.agentId ?? null)) return false;
            if ((who?.source ?? null) !== (shift?.source ?? null)) return false;
          }
          return true;
        },
      ),
      { numRuns: 80 },
    );
    t.pass('lookup and timeline agree');
  },
);

t.test('an override always wins', async (t) => {
  fc.assert(
    fc.property(
      scheduleArb,
      windowStart.chain((s) =>
        fc.tuple(
          fc.constant(s),
          fc.array(overrideArb(s), { maxLength: 3 }),
          overrideArb(s),
          fc.integer({ min: 0, max: 10_000 }),
        ),
      ),
      (input, [, earlier, last, pick]) => {
        const full = { ...last, replacesAgentId: null };
        const compiled = compileSchedule({ ...input, overrides: [...earlier, full] });
        const from = Date.parse(full.from);
        const to = Date.parse(full.to);
        const at = from + Math.floor((pick / 10_001) * (to - from));
        const who = onCallAt(compiled, new Date(at));
        const shifts = shiftsBetween(compiled, new Date(from), new Date(to));
        return (
          who?.agentId === full.agentId &&
          who.source === 'override' &&
          shifts.length === 1 &&
          shifts[0]!.agentId === full.agentId &&
          shifts[0]!.from === full.from &&
          shifts[0]!.to === full.to
        );
      },
    ),
    { numRuns: 150 },
  );
  fc.assert(
    fc.property(
      scheduleArb,
      windowStart.chain((s) => fc.tuple(fc.constant(s), instantsIn(s, 5))),
      (input, [start, instants]) => {
        const base = compileSchedule(input);
        for (const at of instants) {
          const before = onCallAt(base, new Date(at));
          if (!before) continue;
          const replacing = compileSchedule({
            ...input,
            overrides: [
              {
                agentId: 99,
                replacesAgentId: before.agentId,
                from: new Date(start).toISOString(),
                to: new Date(start + 5 * DAY).toISOString(),
              },
            ],
          });
          const after = onCallAt(replacing, new Date(at));
          if (after?.agentId !== 99 || after.source !== 'override' || after.layerId !== before.layerId) return false;
        }
        return true;
      },
    ),
    { numRuns: 100 },
  );
  t.pass('a full override takes its whole period; a replacing one takes exactly the replaced engineer’s duty');
});

t.test('results are the same in any viewer time zone', async (t) => {
  const samples = fc.sample(
    fc.tuple(
      scheduleArb,
      windowStart.chain((s) => fc.tuple(fc.constant(s), fc.array(overrideArb(s), { maxLength: 2 }))),
    ),
    { numRuns: 25, seed: 18 },
  );
  const original = process.env.TZ;
  const answers: string[] = [];
  try {
    for (const tz of ['UTC', 'Europe/Moscow', 'America/Los_Angeles', 'Asia/Kathmandu', 'Pacific/Chatham']) {
      process.env.TZ = tz;
      t.equal(new Date(2026, 0, 1).getTimezoneOffset() !== 0 || tz === 'UTC', true, `the process runs in ${tz}`);
      answers.push(
        JSON.stringify(
          samples.map(([input, [start, overrides]]) => {
            const compiled = compileSchedule({ ...input, overrides });
            return [
              shiftsBetween(compiled, new Date(start), new Date(start + 7 * DAY)),
              onCallAt(compiled, new Date(start + 3 * DAY + 7 * HOUR)),
            ];
          }),
        ),
      );
    }
  } finally {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  }
  for (const a of answers.slice(1)) t.equal(a, answers[0], 'the same shifts and the same engineer on call');
  t.ok(answers[0]!.length > 100, 'there were shifts to compare');
});

function localHour(zone: string, iso: string) {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

t.test('a DST night neither loses nor duplicates an hour of duty; the handoff stays at its local time', async (t) => {
  for (const [zone, week, short, long] of [
    ['Europe/Berlin', '2026-03-26', '2026-03-29', null],
    ['Europe/Berlin', '2026-10-22', null, '2026-10-25'],
    ['America/New_York', '2026-03-05', '2026-03-08', null],
    ['America/New_York', '2026-10-29', null, '2026-11-01'],
  ] as const) {
    const compiled = compileSchedule({
      timezone: zone,
      layers: [
        {
          id: 1,
          position: 0,
          members: [1, 2, 3],
          shiftMinutes: 1440,
          handoff: '09:00',
          startsOn: '2026-01-05',
          restrictions: [],
          skipHolidays: false,
        },
      ],
    });
    const from = new Date(`${week}T12:00:00Z`);
    const to = new Date(from.getTime() + 7 * DAY);
    const shifts = shiftsBetween(compiled, from, to);
    const total = shifts.reduce((sum, s) => sum + Date.parse(s.to) - Date.parse(s.from), 0);
    t.equal(total, 7 * DAY, `${zone} ${week}: the shifts add up to the real week`);
    for (let i = 1; i < shifts.length; i += 1) {
      t.equal(shifts[i]!.from, shifts[i - 1]!.to, `${zone}: shift ${i} starts when the one before ends`);
      t.equal(localHour(zone, shifts[i]!.from), '09:00', `${zone}: handoff ${i} at 09:00 local`);
    }
    const lengths = shifts.slice(1, -1).map((s) => (Date.parse(s.to) - Date.parse(s.from)) / HOUR);
    if (short) t.ok(lengths.includes(23), `${zone}: the spring night's shift lasts 23 real hours`);
    if (long) t.ok(lengths.includes(25), `${zone}: the autumn night's shift lasts 25 real hours`);
  }

  // Short shifts and night restrictions over the change: any layout, the covered time adds up exactly.
  fc.assert(
    fc.property(
      fc.constantFrom('Europe/Berlin', 'America/New_York'),
      fc.constantFrom(60, 90, 180, 240, 720),
      hhmm,
      (zone, shiftMinutes, handoff) => {
        const compiled = compileSchedule({
          timezone: zone,
          layers: [
            {
              id: 1,
              position: 0,
              members: [1, 2],
              shiftMinutes,
              handoff,
              startsOn: '2026-01-05',
              restrictions: [],
              skipHolidays: false,
            },
          ],
        });
        const from = new Date(zone === 'Europe/Berlin' ? '2026-10-22T00:00:00Z' : '2026-03-05T00:00:00Z');
        const to = new Date(from.getTime() + 7 * DAY);
        const shifts = shiftsBetween(compiled, from, to);
        const total = shifts.reduce((sum, s) => sum + Date.parse(s.to) - Date.parse(s.from), 0);
        return total === 7 * DAY && shifts.every((s, i) => i === 0 || s.from === shifts[i - 1]!.to);
      },
    ),
    { numRuns: 60 },
  );
  t.pass('short shifts over the change leave no hole and no overlap');
});

t.test('restrictions, holidays, layers on top, swaps, gaps and leave', async (t) => {
  const nights = {
    id: 2,
    position: 1,
    members: [7],
    shiftMinutes: 10080,
    handoff: '10:00',
    startsOn: '2026-11-30',
    restrictions: [{ days: [1, 2, 3, 4, 5], from: '19:00', to: '10:00' }],
    skipHolidays: false,
  };
  const days = {
    id: 1,
    position: 0,
    members: [1, 2],
    shiftMinutes: 1440,
    handoff: '10:00',
    startsOn: '2026-11-30',
    restrictions: [{ days: [1, 2, 3, 4, 5], from: '10:00', to: '19:00' }],
    skipHolidays: true,
  };
  const compiled = compileSchedule({
    timezone: 'Europe/Moscow',
    layers: [days, nights],
    isHoliday: (d) => d === '2026-12-02',
    swaps: [{ requesterId: 2, withAgentId: 5, from: '2026-12-03T07:00:00Z', to: '2026-12-03T16:00:00Z' }],
  });
  const at = (iso: string) => onCallAt(compiled, new Date(iso));
  t.same(
    at('2026-11-30T08:00:00Z'),
    { agentId: 1, layerId: 1, source: 'rotation' },
    'Monday 11:00 Moscow: the day layer',
  );
  t.same(
    at('2026-11-30T17:00:00Z'),
    { agentId: 7, layerId: 2, source: 'rotation' },
    'Monday 20:00: the night layer on top',
  );
  t.same(at('2026-12-01T06:59:00Z'), { agentId: 7, layerId: 2, source: 'rotation' }, 'Tuesday 09:59: still the night');
  t.same(at('2026-12-01T08:00:00Z'), { agentId: 2, layerId: 1, source: 'rotation' }, 'Tuesday: the next day engineer');
  t.equal(at('2026-12-02T08:00:00Z'), null, 'a holiday Wednesday is not covered by the business-hours layer');
  t.same(
    at('2026-12-03T08:00:00Z'),
    { agentId: 5, layerId: 1, source: 'swap' },
    'an approved swap hands the duty over',
  );
  t.equal(at('2026-12-05T12:00:00Z'), null, 'Saturday noon: nobody (no window)');
  t.same(
    at('2026-12-05T06:00:00Z'),
    { agentId: 7, layerId: 2, source: 'rotation' },
    'Friday night runs into Saturday 10:00',
  );
  const gaps = coverageGaps(compiled, new Date('2026-12-05T00:00:00Z'), new Date('2026-12-07T00:00:00Z'));
  t.same(gaps, [{ from: '2026-12-05T07:00:00.000Z', to: '2026-12-07T00:00:00.000Z' }], 'the weekend is a gap');
  const shifts = shiftsBetween(compiled, new Date('2026-11-30T00:00:00Z'), new Date('2026-12-07T00:00:00Z'));
  const conflicts = leaveConflicts('Europe/Moscow', shifts, [
    { agentId: 7, fromDate: '2026-12-04', toDate: '2026-12-04' },
  ]);
  t.same(
    conflicts.map((c) => [c.from, c.to]),
    [
      ['2026-12-03T21:00:00.000Z', '2026-12-04T07:00:00.000Z'],
      ['2026-12-04T16:00:00.000Z', '2026-12-04T21:00:00.000Z'],
    ],
    'duty on a leave day (Moscow midnight to midnight) is a conflict',
  );
  t.equal(at('2026-11-29T12:00:00Z'), null, 'nothing before the layers start');
});
