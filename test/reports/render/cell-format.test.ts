import t from 'tap';
import fc from 'fast-check';
import { formatCell, formatMinutes } from '../../../server/modules/reports/render/cell-format.js';

// Intl writes no-break spaces inside figures (so "2 500,00 ₽" never breaks across lines); compare as spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

t.test('table values by column format, in ru and en', async (t) => {
  t.equal(plain(formatCell(0.95, 'percent', 'ru')), '95,0 %');
  t.equal(formatCell(0.95, 'percent', 'en'), '95.0%');
  t.equal(plain(formatCell(90, 'minutes', 'ru')), '1 ч 30 мин');
  t.equal(plain(formatCell(90, 'minutes', 'en')), '1 h 30 min');
  t.equal(plain(formatCell(45, 'minutes', 'en')), '45 min');
  t.equal(plain(formatCell(120, 'minutes', 'ru')), '2 ч');
  t.equal(plain(formatCell(250000, 'money', 'ru')), '2 500,00 ₽');
  t.equal(formatCell(250000, 'money', 'en'), '₽2,500.00');
  t.equal(plain(formatCell(1234567, 'int', 'ru')), '1 234 567');
  t.equal(formatCell(1234567, 'int', 'en'), '1,234,567');
  t.equal(formatCell(null, 'money', 'en'), '—', 'no value is a dash');
  t.equal(formatCell('P1', 'int', 'en'), 'P1', 'text stays text');
  t.equal(formatCell(42, 'text', 'en'), '42');
});

t.test('money shows exactly the kopecks it was given', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e12 }), fc.constantFrom<'ru' | 'en'>('ru', 'en'), (kopecks, lang) => {
      const digits = formatCell(kopecks, 'money', lang).replace(/\D/g, '');
      t.equal(Number(digits), kopecks);
    }),
    { numRuns: 300 },
  );
});

t.test('minutes read back as the same number of minutes', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e6 }), fc.constantFrom<'ru' | 'en'>('ru', 'en'), (minutes, lang) => {
      const text = plain(formatMinutes(minutes, lang));
      const h = /^([\d ,]+?) (?:ч|h)(?: |$)/.exec(text)?.[1]?.replace(/\D/g, '') ?? '0';
      const m = /(\d+) (мин|min)$/.exec(text)?.[1] ?? '0';
      t.equal(Number(h) * 60 + Number(m), minutes, text);
    }),
    { numRuns: 300 },
  );
});
