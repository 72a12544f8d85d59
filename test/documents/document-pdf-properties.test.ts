/**
 * Whatever an issued document holds — no lines or many, any rates, odd text (quotes, emoji, scripts DejaVu has no
 * glyphs for, a pipe in the payment purpose), long names, storno amounts — its PDF renders, is A4, embeds its
 * fonts, and prints its title and its total as a reader finds them.
 */
import t from 'tap';
import fc from 'fast-check';
import { renderDocumentPdf } from '../../server/modules/documents/render/index.js';
import { formatMoney } from '../../server/modules/documents/render/document-format.js';
import type { DocumentLine, IssuedDocument } from '../../server/modules/documents/document-model.js';
import { imageStore, invoice, poppler } from './render-fixtures.js';

const text = fc.oneof(
  fc.string({ minLength: 1, maxLength: 80 }),
  fc.constantFrom('ООО "Ромашка" & Co <b>', 'Настройка 🖥️ сервера', '服务器维护', 'Оплата | по счёту\nстрока', ' '),
  fc.string({ minLength: 150, maxLength: 400 }),
);

const lineArb = fc
  .record({
    description: text,
    quantityMilli: fc.integer({ min: -5000, max: 2_000_000 }),
    unit: fc.constantFrom('ч', 'шт', 'мес', 'усл', 'h'),
    price: fc.integer({ min: 0, max: 1_000_000_000 }),
    discount: fc.integer({ min: 0, max: 100_000 }),
    rate: fc.constantFrom<number | null>(22, 20, 10, 0, null),
  })
  .map(({ description, quantityMilli, unit, price, discount, rate }, position = 0): DocumentLine => {
    const net = Math.round((quantityMilli * price) / 1000) - discount;
    const vat = rate === null ? 0 : Math.round((net * rate) / 100);
    return {
      position,
      description,
      quantity: quantityMilli / 1000,
      unit,
      unitPriceKopecks: price,
      discountKopecks: discount,
      netKopecks: net,
      vatRate: rate,
      vatKopecks: vat,
      totalKopecks: net + vat,
    };
  });

const docArb = fc
  .record({
    kind: fc.constantFrom<'invoice' | 'act'>('invoice', 'act'),
    language: fc.constantFrom<'ru' | 'en'>('ru', 'en'),
    lines: fc.array(lineArb, { maxLength: 40 }),
    buyerName: text,
    purpose: fc.option(text, { nil: null }),
    pricesIncludeVat: fc.boolean(),
    stamp: fc.boolean(),
  })
  .map(({ kind, language, lines, buyerName, purpose, pricesIncludeVat, stamp }) => {
    const numbered = lines.map((l, i) => ({ ...l, position: i + 1 }));
    const sum = (k: 'netKopecks' | 'vatKopecks' | 'totalKopecks') => numbered.reduce((a, l) => a + l[k], 0);
    const base = invoice();
    const doc: IssuedDocument = {
      ...base,
      kind,
      language,
      lines: numbered,
      buyer: { ...base.buyer, name: buyerName },
      paymentPurpose: purpose,
      pricesIncludeVat,
      netKopecks: sum('netKopecks'),
      vatKopecks: sum('vatKopecks'),
      totalKopecks: sum('totalKopecks'),
    };
    return { doc, stamp };
  });

t.test('any document renders to an A4 PDF with its title, its total and its fonts embedded', async (t) => {
  const store = imageStore();
  await fc.assert(
    fc.asyncProperty(docArb, async ({ doc, stamp }) => {
      const pdf = await renderDocumentPdf(doc, { stamp, ...store });
      const info = poppler('pdfinfo', [], pdf);
      if (!/Page size:\s+595\.28 x 841\.89 pts \(A4\)/.test(info)) throw new Error(`not A4: ${info}`);
      const fonts = poppler('pdffonts', [], pdf).trim().split('\n').slice(2);
      if (fonts.length === 0 || fonts.some((row) => !/\byes\s+yes\s+yes\s+\d+\s+\d+\s*$/.test(row))) {
        throw new Error(`a font is not embedded:\n${fonts.join('\n')}`);
      }
      const printed = poppler('pdftotext', ['-layout'], pdf).replace(/[\u00a0\u202f]/g, ' ');
      const title =
        doc.kind === 'invoice'
          ? doc.language === 'ru'
            ? 'Счёт на оплату № 15'
            : 'Invoice No. 15'
          : doc.language === 'ru'
            ? 'Акт № 15'
            : 'Certificate of services rendered No. 15';
      if (!printed.replace(/\s+/g, ' ').includes(title)) throw new Error(`no title «${title}»`);
      // Money groups digits with no-break spaces; the text above reads them as spaces.
      const total = formatMoney(doc.totalKopecks, doc.language).replace(/[\u00a0\u202f]/g, ' ');
      if (!printed.includes(total)) throw new Error(`no total ${total}`);
    }),
    { numRuns: 30, seed: 20261204 },
  );
  t.pass('30 random documents');
});
