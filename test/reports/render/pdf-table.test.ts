import t from 'tap';
import fc from 'fast-check';
import { fitColumnWidths } from '../../../server/modules/reports/render/pdf-table.js';

t.test('column widths fill the page width and keep narrow columns whole', async (t) => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: 1, max: 600, noNaN: true }), { minLength: 1, maxLength: 12 }), (natural) => {
      const available = 515;
      const widths = fitColumnWidths(natural, available);
      const total = widths.reduce((a, b) => a + b, 0);
      t.ok(Math.abs(total - available) < 1e-6, `${total} fills ${available}`);
      const minimums = natural.map((w) => Math.max(36, w));
      const fair = available / natural.length;
      minimums.forEach((w, i) => {
        if (w <= fair) t.ok(widths[i]! >= w - 1e-9, 'a column narrower than a fair share keeps its width');
      });
    }),
    { numRuns: 300 },
  );
});
