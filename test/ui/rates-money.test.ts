/** Sums typed on the rates page become exact kopecks: parsed from digits, never through a float. */
import t from 'tap';
import fc from 'fast-check';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { productRoot } from '../../server/shared/paths.js';

interface MoneyText {
  parseRubles(text: string): number | null;
  rublesText(kopecks: number, lang: string): string;
  formatRubles(kopecks: number, lang: string): string;
  parsePercentBp(text: string): number | null;
  formatPercentBp(bp: number, lang: string): string;
}

const { formatPercentBp, formatRubles, parsePercentBp, parseRubles, rublesText } = (await import(
  pathToFileURL(join(productRoot, 'ui', 'app', 'pages', 'rates', 'money-text.js')).href
)) as MoneyText;

t.test('rubles as people type them', async (t) => {
  t.equal(parseRubles('2 500,50'), 250_050);
  t.equal(parseRubles('2\u00a0500,5'), 250_050);
  t.equal(parseRubles('2,500.50'), 250_050);
  t.equal(parseRubles('2500'), 250_000);
  t.equal(parseRubles('2,500'), 250_000, 'three digits after a comma group thousands');
  t.equal(parseRubles('1.234.567,89 ₽'), 123_456_789);
  t.equal(parseRubles('0,01'), 1);
  t.equal(parseRubles('0.1'), 10);
  t.equal(parseRubles('1 999 999,99'), 199_999_999);
  for (const bad of ['', 'abc', '-5', '1,2,3', ',5', '12,345,6789', '1.5.5', '10000000000000'])
    t.equal(parseRubles(bad), null, `"${bad}" is not a sum`);
  t.equal(formatRubles(250_050, 'en'), '₽2,500.50');
  t.match(formatRubles(250_050, 'ru'), /^2\s500,50 ₽$/);
  t.equal(rublesText(5, 'en'), '0.05');
});

t.test('any sum survives being shown and typed back, in both languages', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.constantFrom('ru', 'en'), (kopecks, lang) => {
      return parseRubles(rublesText(kopecks, lang)) === kopecks && parseRubles(formatRubles(kopecks, lang)) === kopecks;
    }),
  );
  t.pass('round trip');
});

t.test('percentages in basis points', async (t) => {
  t.equal(parsePercentBp('12,5'), 1250);
  t.equal(parsePercentBp('12.5 %'), 1250);
  t.equal(parsePercentBp('100'), 10000);
  t.equal(parsePercentBp('0,05'), 5);
  t.equal(parsePercentBp('100,01'), null);
  t.equal(parsePercentBp('1,234'), null);
  t.equal(formatPercentBp(1250, 'ru'), '12,5 %');
  t.equal(formatPercentBp(1250, 'en'), '12.5%');
  t.equal(formatPercentBp(1000, 'en'), '10%');
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10000 }), fc.constantFrom('ru', 'en'), (bp, lang) => {
      return parsePercentBp(formatPercentBp(bp, lang)) === bp;
    }),
  );
});
