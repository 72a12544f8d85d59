import type { ReconciliationStatement } from '../document-model.js';
import { formatLongDate, formatMoney, formatShortDate } from './document-format.js';
import type { DocumentLayout, TableRow } from './document-layout.js';
import { signaturePair, wordsOf, type SellerImages } from './document-parts.js';

/**
 * «Акт сверки взаимных расчётов» in the two-sided form: our side (date, document, debit, credit) filled in from
 * the accounts, the client's side left blank for their accountant to fill in and sign; opening balance,
 * turnovers and closing balance on both; the closing sentence says who owes whom; both signature blocks.
 * Debit is what the client owes us (acts), credit what they paid; a positive balance is a debt to us.
 */
export async function drawReconciliation(
  layout: DocumentLayout,
  s: ReconciliationStatement,
  images: SellerImages,
): Promise<void> {
  const lang = s.language;
  const w = wordsOf(lang);
  const money = (k: number) => (k === 0 ? '' : formatMoney(k, lang));
  const from = formatShortDate(s.from, lang);
  const to = formatShortDate(s.to, lang);

  await layout.text(w.reconciliationTitle, { bold: true, size: 13, align: 'center' }, 2);
  await layout.text(w.reconciliationPeriod(from, to), { size: 10, align: 'center' }, 2);
  await layout.text(w.between(s.seller.name, s.buyer.name), { size: 10, align: 'center' }, 8);
  await layout.text(w.reconciliationIntro(s.seller.name, s.buyer.name), { align: 'justify' }, 8);

  // The two sides' group headings over the column headers.
  const half = layout.width / 2;
  const groupHeight =
    Math.max(
      layout.measure(w.bySeller(s.seller.name), { width: half - 6, bold: true, size: 8 }),
      layout.measure(w.byBuyer(s.buyer.name), { width: half - 6, bold: true, size: 8 }),
    ) + 6;
  await layout.ensure(groupHeight + 60);
  const groupTop = layout.y;
  layout.rect(layout.left, groupTop, half, groupHeight, 0.5);
  layout.rect(layout.left + half, groupTop, half, groupHeight, 0.5);
  layout.placeWrapped(w.bySeller(s.seller.name), layout.left + 3, groupTop + 3, {
    width: half - 6,
    bold: true,
    size: 8,
    align: 'center',
  });
  layout.placeWrapped(w.byBuyer(s.buyer.name), layout.left + half + 3, groupTop + 3, {
    width: half - 6,
    bold: true,
    size: 8,
    align: 'center',
  });
  layout.y = groupTop + groupHeight;

  const side = [
    { header: w.colDate, share: 0.1, align: 'center' as const },
    { header: w.colDocument, share: 0.19, align: 'left' as const },
    { header: w.colDebit, share: 0.105, align: 'right' as const },
    { header: w.colCredit, share: 0.105, align: 'right' as const },
  ];
  const blank = ['', '', '', ''];
  const balanceCells = (label: string, balance: number) => [
    '',
    label,
    balance > 0 ? formatMoney(balance, lang) : '',
    balance < 0 ? formatMoney(-balance, lang) : '',
  ];
  const rows: TableRow[] = [
    { cells: [...balanceCells(w.opening, s.openingBalanceKopecks), '', w.opening, '', ''], bold: true },
    ...s.rows.map((r) => ({
      cells: [formatShortDate(r.date, lang), r.document, money(r.debitKopecks), money(r.creditKopecks), ...blank],
    })),
    {
      cells: [
        '',
        w.turnover,
        formatMoney(s.debitTurnoverKopecks, lang),
        formatMoney(s.creditTurnoverKopecks, lang),
        '',
        w.turnover,
        '',
        '',
      ],
      bold: true,
    },
    { cells: [...balanceCells(w.closing, s.closingBalanceKopecks), '', w.closing, '', ''], bold: true },
  ];
  await layout.table([...side, ...side], rows, 7.5);
  layout.gap(10);

  const date = formatLongDate(s.to, lang);
  const closing = s.closingBalanceKopecks;
  const sentence =
    closing === 0
      ? w.noDebt(date)
      : w.debt(date, closing > 0, s.seller.name, s.buyer.name, w.currency(formatMoney(Math.abs(closing), lang)));
  await layout.text(sentence, { bold: true }, 14);

  await signaturePair(
    layout,
    {
      title: w.fromSeller,
      name: s.seller.name,
      signer: s.seller.director,
      signature: images.director,
      stamp: images.stamp,
    },
    { title: w.fromBuyer, name: s.buyer.name, signer: null, signature: null, stamp: null },
    lang,
  );
}
