import t from 'tap';
import fc from 'fast-check';
import { formatLocal, localToUtc, offsetAt, utcToLocal } from '../../server/modules/calendars/zone.js';

const offsetNames = new Map<string, Intl.DateTimeFormat>();

/**
 * The reference: the offset as Intl names it (`GMT+05:45`, `GMT+02:30:17` for a local mean time), a reading of
 * its own, apart from the wall-clock fields the desk computes its offsets from.
 */
function intlOffset(zone: string, utcMs: number): number {
  let names = offsetNames.get(zone);
  if (!names)
    offsetNames.set(zone, (names = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })));
  const name = names.formatToParts(new Date(utcMs)).find((p) => p.type === 'timeZoneName')!.value;
  const m = /^GMT(?:([+-])(\d\d):(\d\d)(?::(\d\d))?)?$/.exec(name);
  if (!m) throw new Error(`unexpected offset name ${name}`);
  if (!m[1]) return 0;
  return (m[1] === '-' ? -1 : 1) * ((Number(m[2]) * 60 + Number(m[3])) * 60 + Number(m[4] ?? 0)) * 1000;
}

// DST at whole hours (Berlin, New York, Moscow until 2011 and its 2014 change), half-hour DST (Lord Howe),
// odd offsets (Kathmandu +5:45, Chatham +12:45/+13:45, St John's −3:30), Casablanca's pauses for Ramadan.
const zones = [
  'Europe/Moscow',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'America/St_Johns',
  'Africa/Casablanca',
  'UTC',
];
const DAY = 86_400_000;

/** The instants where the zone's offset changes in [from, to), to the second (at most one a day in these zones). */
function changes(zone: string, from: number, to: number): number[] {
  const found: number[] = [];
  for (let day = from; day < to; day += DAY) {
    if (intlOffset(zone, day) === intlOffset(zone, day + DAY)) continue;
    let lo = day;
    let hi = day + DAY;
    while (hi - lo > 1000) {
      const mid = Math.floor((lo + hi) / 2000) * 1000;
      if (intlOffset(zone, mid) === intlOffset(zone, lo)) lo = mid;
      else hi = mid;
    }
    found.push(hi);
  }
  return found;
}

t.test('the offset of every second around each change of 2011–2027 is the one Intl reads', async (t) => {
  let checked = 0;
  for (const zone of zones) {
    const at = changes(zone, Date.UTC(2011, 0, 1), Date.UTC(2028, 0, 1));
    if (zone !== 'UTC' && zone !== 'Asia/Kathmandu') t.ok(at.length > 0, `${zone} changed its offset`);
    for (const change of at) {
      // asked in an order that fills the remembered hours first from either side of the change
      for (const step of [-1, 1])
        for (let s = 0; s <= 2 * 3600; s += s < 120 ? 1 : 61) {
          const instant = change + step * s * 1000;
          if (offsetAt(zone, instant) !== intlOffset(zone, instant))
            t.fail(`${zone} at ${new Date(instant).toISOString()}`);
          checked++;
        }
    }
  }
  t.ok(checked > 10_000, `${checked} instants checked`);
});

t.test('any instant of 1900–2100 in any of the zones: the remembered offset is the one Intl reads', async (t) => {
  fc.assert(
    fc.property(
      fc.constantFrom(...zones),
      fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
      (zone, instant) => {
        // twice: the first answer may fill the hour, the second comes from it
        const first = offsetAt(zone, instant);
        return first === intlOffset(zone, instant) && offsetAt(zone, instant) === first;
      },
    ),
    { numRuns: 3000 },
  );
  t.pass('3000 instants');
});

t.test(
  'local times across Moscow’s 2011 and 2014 changes and Berlin’s DST, through the remembered offsets',
  async (t) => {
    // Moscow: +3 (winter) / +4 (summer) until 27 March 2011, +4 all year until 26 October 2014, +3 since.
    t.equal(formatLocal('Europe/Moscow', Date.UTC(2011, 2, 26, 22, 59, 59)), '2011-03-27T01:59:59+03:00');
    t.equal(formatLocal('Europe/Moscow', Date.UTC(2011, 2, 26, 23, 0, 0)), '2011-03-27T03:00:00+04:00');
    t.equal(formatLocal('Europe/Moscow', Date.UTC(2014, 9, 25, 21, 59, 59)), '2014-10-26T01:59:59+04:00');
    t.equal(formatLocal('Europe/Moscow', Date.UTC(2014, 9, 25, 22, 0, 0)), '2014-10-26T01:00:00+03:00');
    // Berlin, 29 March 2026: 02:00 does not exist (the first instant after the gap), 25 October: 02:30 twice (the first).
    t.equal(localToUtc('Europe/Berlin', 2026, 3, 29, 150), Date.UTC(2026, 2, 29, 1, 0, 0));
    t.equal(localToUtc('Europe/Berlin', 2026, 10, 25, 150), Date.UTC(2026, 9, 25, 0, 30, 0));
    t.match(utcToLocal('Europe/Berlin', Date.UTC(2026, 9, 25, 1, 30)), { date: '2026-10-25', minute: 150 });
  },
);
