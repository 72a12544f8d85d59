import type { IssuedDocument } from '../document-model.js';
import { formatLongDate, formatMoney } from './document-format.js';
import type { DocumentLayout } from './document-layout.js';
import {
  drawQr,
  labelled,
  linesTable,
  notes,
  partyLine,
  signatureRow,
  stampAt,
  totalsBlock,
  wordsOf,
  type SellerImages,
} from './document-parts.js';
import { canPayByQr, paymentQrPayload } from './payment-qr.js';

const qrSize = 118; // ≈ 42 mm: a phone reads it from a printed page and from a screen

/**
 * «Счёт на оплату» in the form Russian accountants know: the payee's bank block at the top (bank, BIK, accounts,
 * INN/KPP, payee), the title, supplier and buyer, the lines, the totals with VAT, the sum in words, the payment
 * terms, and the signatures of the head and the accountant; the payment QR (ГОСТ Р 56042-2014) beside the
 * parties.
 */
export async function drawInvoice(
  layout: DocumentLayout,
  doc: IssuedDocument,
  notesText: string,
  images: SellerImages,
): Promise<void> {
  const lang = doc.language;
  const w = wordsOf(lang);
  bankBlock(layout, doc);
  layout.gap(14);
  await layout.text(w.invoiceTitle(doc.number, formatLongDate(doc.date, lang)), { bold: true, size: 13 }, 4);
  layout.rule(1.5, 8);

  // The parties on the left, the QR on the right of them.
  const qr = canPayByQr(doc);
  const partiesWidth = qr ? layout.width - qrSize - 10 : layout.width;
  const top = layout.y;
  await labelled(layout, w.supplier, partyLine(doc.seller, lang, false), partiesWidth);
  await labelled(layout, w.customer, partyLine(doc.buyer, lang, false), partiesWidth);
  if (doc.agreement) {
    await labelled(
      layout,
      w.basis,
      w.agreementRef(doc.agreement.number, formatLongDate(doc.agreement.startsOn, lang)),
      partiesWidth,
    );
  }
  if (qr) {
    drawQr(layout, paymentQrPayload(doc), layout.right - qrSize, top - 4, qrSize);
    layout.place(w.qrCaption, layout.right - qrSize, top + qrSize - 4, { width: qrSize, size: 6, align: 'center' });
    layout.y = Math.max(layout.y, top + qrSize + 6);
  }
  layout.gap(4);

  await linesTable(layout, doc, w.colItem);
  await totalsBlock(
    layout,
    doc,
    w.totalDue,
    w.invoiceCount(doc.lines.length, w.currency(formatMoney(doc.totalKopecks, lang))),
  );
  await notes(layout, notesText);

  // Signatures: head, then the accountant (a small company without one has the head sign alone).
  const rows = doc.seller.accountant ? 2 : 1;
  await layout.ensure(rows * 34 + 40);
  layout.rule(1.5, 22);
  const signTop = layout.y;
  // The imprint first, under the text, over «М.П.» and the head's signature, so the names stay legible.
  stampAt(layout, images.stamp, layout.left + 70, signTop + rows * 34 - 78);
  signatureRow(layout, signTop, layout.left, layout.width, w.head, doc.seller.director, images.director, 'signature');
  if (doc.seller.accountant) {
    signatureRow(
      layout,
      signTop + 34,
      layout.left,
      layout.width,
      w.accountant,
      doc.seller.accountant,
      images.accountant,
      'signature',
    );
  }
  layout.place(w.stampPlace, layout.left, signTop + rows * 34 + 4, { width: 40 });
  layout.y = signTop + rows * 34 + 20;
}

/**
 * The bank block: a grid of the payee's bank (name, BIK, correspondent account), its INN/KPP and the settlement
 * account, and the payee's name — what a payer copies into a payment order.
 */
function bankBlock(layout: DocumentLayout, doc: IssuedDocument): void {
  const w = wordsOf(doc.language);
  const s = doc.seller;
  const x = layout.left;
  const W = layout.width;
  const a = W * 0.56; // bank / INN, KPP / payee
  const b = W * 0.1; // captions БИК, Сч. №
  const c = W - a - b; // the numbers
  const pad = 3;
  const top = layout.y;
  const bankHeight = Math.max(34, layout.measure(s.bankName ?? '', { width: a - 2 * pad }) + 16);
  const payeeHeight = Math.max(34, layout.measure(s.name, { width: a - 2 * pad }) + 16);
  const idsHeight = 16;
  const bottom = top + bankHeight + idsHeight + payeeHeight;

  // The outer frame and the grid.
  layout.rect(x, top, W, bottom - top);
  layout.line(x + a, top, x + a, bottom);
  layout.line(x + a + b, top, x + a + b, bottom);
  layout.line(x, top + bankHeight, x + W, top + bankHeight);
  layout.line(x + a, top + bankHeight / 2, x + a + b, top + bankHeight / 2);
  layout.line(x, top + bankHeight + idsHeight, x + a, top + bankHeight + idsHeight);
  layout.line(x + a / 2, top + bankHeight, x + a / 2, top + bankHeight + idsHeight);

  layout.placeWrapped(s.bankName ?? '', x + pad, top + pad, { width: a - 2 * pad });
  layout.place(w.payeeBank, x + pad, top + bankHeight - 11, { width: a - 2 * pad, size: 7 });
  layout.place(w.bik, x + a + pad, top + pad, { width: b - 2 * pad });
  layout.place(s.bik ?? '', x + a + b + pad, top + pad, { width: c - 2 * pad });
  layout.place(w.accountNo, x + a + pad, top + bankHeight / 2 + pad, { width: b - 2 * pad });
  layout.place(s.corrAccount ?? '', x + a + b + pad, top + bankHeight / 2 + pad, { width: c - 2 * pad });

  const idsTop = top + bankHeight;
  layout.place(`${w.inn} ${s.inn ?? ''}`, x + pad, idsTop + pad, { width: a / 2 - 2 * pad });
  layout.place(`${w.kpp} ${s.kpp ?? ''}`, x + a / 2 + pad, idsTop + pad, { width: a / 2 - 2 * pad });
  layout.place(w.accountNo, x + a + pad, idsTop + pad, { width: b - 2 * pad });
  layout.place(s.settlementAccount ?? '', x + a + b + pad, idsTop + pad, { width: c - 2 * pad });

  const payeeTop = idsTop + idsHeight;
  layout.placeWrapped(s.name, x + pad, payeeTop + pad, { width: a - 2 * pad });
  layout.place(w.payee, x + pad, bottom - 11, { width: a - 2 * pad, size: 7 });
  layout.y = bottom;
}
