import type { IssuedDocument } from '../document-model.js';
import { formatTargetMinutes } from './document-format.js';
import type { DocumentLayout } from './document-layout.js';
import { partyBlock, signaturePair, wordsOf, type SellerImages } from './document-parts.js';

/** The line of a contract template's text that stands for the SLA targets table. */
export const SLA_TABLE_MARK = '[[sla-table]]';

/**
 * A contract: the body is the admin's template (or the default) rendered over the agreement's fields, read line
 * by line with a few marks (see templates/index.ts); the SLA targets table goes where `[[sla-table]]` stands;
 * the parties' requisites and signature blocks close it.
 */
export async function drawContract(
  layout: DocumentLayout,
  doc: IssuedDocument,
  bodyText: string,
  images: SellerImages,
): Promise<void> {
  for (const raw of bodyText.split('\n')) {
    const line = raw.trim();
    if (!line) layout.gap(4);
    else if (line === SLA_TABLE_MARK) await slaTable(layout, doc);
    else if (line.startsWith('## ')) {
      layout.gap(4);
      await layout.ensure(40); // a heading goes with the first lines of its section
      await layout.text(line.slice(3), { bold: true, size: 10 }, 3);
    } else if (line.startsWith('# ')) await layout.text(line.slice(2), { bold: true, size: 13, align: 'center' }, 2);
    else if (line.startsWith('>> ')) await layout.text(line.slice(3), { align: 'right' }, 4);
    else if (/^[—–-] /.test(line)) {
      await layout.text(`—  ${line.slice(2)}`, { x: layout.left + 14, width: layout.width - 14 }, 2);
    } else await layout.text(line, { align: 'justify' }, 3);
  }
  await requisites(layout, doc, images);
}

async function slaTable(layout: DocumentLayout, doc: IssuedDocument): Promise<void> {
  const lang = doc.language;
  const w = wordsOf(lang);
  const targets = doc.contractTerms?.slaTargets ?? [];
  if (targets.length === 0) {
    await layout.text(w.slaNone, {}, 3);
    return;
  }
  layout.gap(2);
  await layout.table(
    [
      { header: w.slaPriority, share: 0.3, align: 'center' },
      { header: w.slaReaction, share: 0.35, align: 'center' },
      { header: w.slaResolution, share: 0.35, align: 'center' },
    ],
    targets.map((t) => ({
      cells: [t.priority, formatTargetMinutes(t.reactionMinutes, lang), formatTargetMinutes(t.resolutionMinutes, lang)],
    })),
    9,
  );
  layout.gap(6);
}

/** «Реквизиты и подписи сторон»: both parties' requisites side by side, then their signature blocks. */
async function requisites(layout: DocumentLayout, doc: IssuedDocument, images: SellerImages): Promise<void> {
  const lang = doc.language;
  const w = wordsOf(lang);
  const half = (layout.width - 30) / 2;
  const seller = partyBlock(doc.seller, lang);
  const buyer = partyBlock(doc.buyer, lang);
  const textHeight = Math.max(
    layout.measure(seller, { width: half, size: 8.5 }),
    layout.measure(buyer, { width: half, size: 8.5 }),
  );
  const signHeight = 110;
  layout.gap(10);
  await layout.ensure(30 + textHeight + 16 + signHeight);
  await layout.text(w.requisites, { bold: true, size: 10, align: 'center' }, 6);
  const top = layout.y;
  layout.place(w.contractor, layout.left, top, { width: half, bold: true });
  layout.place(w.client, layout.left + half + 30, top, { width: half, bold: true });
  layout.placeWrapped(seller, layout.left, top + 14, { width: half, size: 8.5 });
  layout.placeWrapped(buyer, layout.left + half + 30, top + 14, { width: half, size: 8.5 });
  layout.y = top + 14 + textHeight + 16;
  await signaturePair(
    layout,
    { title: '', name: '', signer: doc.seller.director, signature: images.director, stamp: images.stamp },
    { title: '', name: '', signer: null, signature: null, stamp: null },
    lang,
  );
}
