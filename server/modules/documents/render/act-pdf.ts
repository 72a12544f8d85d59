import type { IssuedDocument } from '../document-model.js';
import { formatLongDate, formatMoney, formatShortDate } from './document-format.js';
import type { DocumentLayout } from './document-layout.js';
import {
  labelled,
  linesTable,
  notes,
  partyLine,
  signaturePair,
  totalsBlock,
  wordsOf,
  type SellerImages,
} from './document-parts.js';

/**
 * «Акт выполненных работ (оказанных услуг)»: a primary accounting document, so it carries the seven
 * requisites of 402-FZ art. 9 p. 2 — (1) its name, (2) its date, (3) the entity that drew it up (the
 * Исполнитель), (4) the content of the operation (the lines' work), (5) its measure in money and in natural
 * units (amounts, quantity and unit), (6) the positions of the persons responsible on both sides, (7) their
 * signatures with surnames and initials. A correction is a new act that names the act it reverses or corrects.
 */
export async function drawAct(
  layout: DocumentLayout,
  doc: IssuedDocument,
  notesText: string,
  images: SellerImages,
): Promise<void> {
  const lang = doc.language;
  const w = wordsOf(lang);
  const date = formatLongDate(doc.date, lang);
  const title =
    doc.correction === 'storno'
      ? w.stornoTitle(doc.number, date)
      : doc.correction === 'corrected'
        ? w.correctedTitle(doc.number, date)
        : w.actTitle(doc.number, date);
  await layout.text(title, { bold: true, size: 13 }, 2);
  if (w.actSubtitle) await layout.text(w.actSubtitle, { bold: true, size: 11 }, 2);
  if (doc.correction && doc.corrects) {
    const of = doc.correction === 'storno' ? w.stornoOf : w.correctionOf;
    await layout.text(of(doc.corrects.number, formatShortDate(doc.corrects.date, lang)), { size: 10 }, 2);
  }
  layout.gap(2);
  layout.rule(1.5, 8);

  await labelled(layout, w.contractorLabel, partyLine(doc.seller, lang, true));
  await labelled(layout, w.clientLabel, partyLine(doc.buyer, lang, true));
  if (doc.agreement) {
    await labelled(layout, w.basis, w.agreementRef(doc.agreement.number, formatLongDate(doc.agreement.startsOn, lang)));
  }
  if (doc.periodFrom && doc.periodTo) {
    await labelled(
      layout,
      w.period,
      w.periodText(formatShortDate(doc.periodFrom, lang), formatShortDate(doc.periodTo, lang)),
    );
  }
  layout.gap(4);

  await linesTable(layout, doc, w.colWork);
  await totalsBlock(
    layout,
    doc,
    w.totalAct,
    w.actCount(doc.lines.length, w.currency(formatMoney(doc.totalKopecks, lang))),
  );
  await notes(layout, notesText);

  await signaturePair(
    layout,
    {
      title: w.contractor,
      name: doc.seller.name,
      signer: doc.seller.director,
      signature: images.director,
      stamp: images.stamp,
    },
    { title: w.client, name: doc.buyer.name, signer: null, signature: null, stamp: null },
    lang,
    () => layout.rule(1.5, 10),
    20,
  );
}
