import QRCode from 'qrcode';
import type { DocumentLine, IssuedDocument, PartyRequisites, SellerRequisites, Signer } from '../document-model.js';
import { formatMoney, formatQuantity, formatVatRate, type DocumentLanguage } from './document-format.js';
import type { DocumentLayout, TableColumn, TableRow } from './document-layout.js';
import { documentWords, type DocumentWords } from './document-words.js';

/** The stamp and signature images of the seller, loaded before drawing (null: not asked for, or none). */
export interface SellerImages {
  stamp: Buffer | null;
  director: Buffer | null;
  accountant: Buffer | null;
}

export interface RenderImages {
  stamp: boolean;
  image(sha256: string): Promise<Buffer | null>;
}

/** Loads the seller's images when the document is asked for "with stamp and signature", none otherwise. */
export async function loadSellerImages(seller: SellerRequisites, opts: RenderImages): Promise<SellerImages> {
  if (!opts.stamp) return { stamp: null, director: null, accountant: null };
  const load = (sha: string | null) => (sha ? opts.image(sha) : Promise.resolve(null));
  const [stamp, director, accountant] = await Promise.all([
    load(seller.stampSha256),
    load(seller.directorSignatureSha256),
    seller.accountant ? load(seller.accountantSignatureSha256) : Promise.resolve(null),
  ]);
  return { stamp, director, accountant };
}

export const wordsOf = (language: DocumentLanguage): DocumentWords => documentWords[language];

/** A party in one line, as a document's header names it: name, tax ids, address, and optionally the bank. */
export function partyLine(p: PartyRequisites, language: DocumentLanguage, withBank: boolean): string {
  const w = wordsOf(language);
  const parts = [p.name];
  if (p.inn) parts.push(`${w.inn} ${p.inn}`);
  if (p.kpp) parts.push(`${w.kpp} ${p.kpp}`);
  if (p.ogrn) parts.push(`${w.ogrn} ${p.ogrn}`);
  if (p.address) parts.push(p.address);
  if (withBank && p.settlementAccount && p.bankName) parts.push(w.account(p.settlementAccount, p.bankName));
  if (withBank && p.bik) parts.push(`${w.bik} ${p.bik}`);
  if (withBank && p.corrAccount) parts.push(`${w.corrAccount} ${p.corrAccount}`);
  if (p.phone) parts.push(`${w.phone} ${p.phone}`);
  return parts.join(', ');
}

/** A party's requisites one per line, for the contract's closing block. */
export function partyBlock(p: PartyRequisites, language: DocumentLanguage): string {
  const w = wordsOf(language);
  const lines = [p.name];
  const ids = [p.inn && `${w.inn} ${p.inn}`, p.kpp && `${w.kpp} ${p.kpp}`].filter(Boolean).join(', ');
  if (ids) lines.push(ids);
  if (p.ogrn) lines.push(`${w.ogrn} ${p.ogrn}`);
  if (p.address) lines.push(p.address);
  if (p.settlementAccount && p.bankName) lines.push(w.account(p.settlementAccount, p.bankName));
  const bank = [p.bik && `${w.bik} ${p.bik}`, p.corrAccount && `${w.corrAccount} ${p.corrAccount}`]
    .filter(Boolean)
    .join(', ');
  if (bank) lines.push(bank);
  const contact = [p.phone && `${w.phone} ${p.phone}`, p.email && `${w.email} ${p.email}`].filter(Boolean).join(', ');
  if (contact) lines.push(contact);
  return lines.join('\n');
}

/** A label on the left and wrapped text beside it (Поставщик: …), from the cursor. */
export async function labelled(
  layout: DocumentLayout,
  label: string,
  text: string,
  width = layout.width,
): Promise<void> {
  const labelWidth = 120;
  const textWidth = width - labelWidth;
  const height = Math.max(
    layout.measure(label, { width: labelWidth }),
    layout.measure(text, { bold: true, width: textWidth }),
  );
  await layout.ensure(height);
  const top = layout.y;
  layout.placeWrapped(label, layout.left, top, { width: labelWidth });
  layout.placeWrapped(text, layout.left + labelWidth, top, { width: textWidth, bold: true });
  layout.y = top + height + 5;
}

/** VAT per rate over the lines, in the order rates first appear (the lines carry their rate, stored at issue). */
function vatByRate(lines: DocumentLine[]): Array<{ rate: number | null; vat: number }> {
  const byRate = new Map<number | null, number>();
  for (const line of lines) byRate.set(line.vatRate, (byRate.get(line.vatRate) ?? 0) + line.vatKopecks);
  return [...byRate].map(([rate, vat]) => ({ rate, vat }));
}

/**
 * The lines table of an invoice or an act: № | description | quantity | unit | price | [discount] |
 * [VAT rate | VAT] | amount. The VAT columns appear when the lines' rates differ (one rate is said once, under
 * the table); the discount column when any line has one.
 */
export async function linesTable(layout: DocumentLayout, doc: IssuedDocument, itemHeader: string): Promise<void> {
  const lang = doc.language;
  const w = wordsOf(lang);
  const rates = new Set(doc.lines.map((l) => l.vatRate));
  const perLineVat = rates.size > 1;
  const withDiscount = doc.lines.some((l) => l.discountKopecks !== 0);
  // The amount column is what the prices are: gross when they include VAT, net when VAT comes on top.
  const amountOf = (l: DocumentLine) => (doc.pricesIncludeVat ? l.totalKopecks : l.netKopecks);
  const columns: TableColumn[] = [{ header: w.colNo, share: 0.05, align: 'center' }];
  const cells: Array<(l: DocumentLine) => string> = [(l) => String(l.position)];
  const add = (
    header: string,
    share: number,
    cell: (l: DocumentLine) => string,
    align: 'left' | 'right' | 'center' = 'right',
  ) => {
    columns.push({ header, share, align });
    cells.push(cell);
  };
  add(itemHeader, 0, (l) => l.description, 'left');
  add(w.colQty, 0.08, (l) => formatQuantity(l.quantity, lang));
  add(w.colUnit, 0.06, (l) => l.unit, 'center');
  add(w.colPrice, 0.11, (l) => formatMoney(l.unitPriceKopecks, lang));
  if (withDiscount) add(w.colDiscount, 0.1, (l) => formatMoney(l.discountKopecks, lang));
  if (perLineVat) {
    add(w.colVatRate, 0.095, (l) => formatVatRate(l.vatRate, lang), 'center');
    add(w.colVat, 0.1, (l) => (l.vatRate === null ? '—' : formatMoney(l.vatKopecks, lang)));
  }
  add(doc.pricesIncludeVat || !perLineVat ? w.colAmount : w.colAmountNet, 0.12, (l) => formatMoney(amountOf(l), lang));
  if (perLineVat && !doc.pricesIncludeVat) add(w.colTotal, 0.12, (l) => formatMoney(l.totalKopecks, lang));
  // The description takes what the figures leave.
  columns[1]!.share = 1 - columns.reduce((sum, c) => sum + c.share, 0);
  const rows: TableRow[] = doc.lines.map((line) => ({ cells: cells.map((cell) => cell(line)) }));
  await layout.table(columns, rows);
}

/**
 * The totals under the lines, right-aligned — subtotal, VAT (per rate when the lines' rates differ; «Без НДС»
 * when there is none), the total — then «Всего наименований N, на сумму …» and the total in words. Kept on one
 * page together: a sum in words cut off from its figures reads as a different document.
 */
export async function totalsBlock(
  layout: DocumentLayout,
  doc: IssuedDocument,
  totalLabel: string,
  countLine: string,
): Promise<void> {
  const lang = doc.language;
  const w = wordsOf(lang);
  const rows: Array<[string, string]> = [];
  const vat = vatByRate(doc.lines).filter((r) => r.rate !== null);
  const noVat = doc.vatMode === 'none' || vat.length === 0;
  const vatLabel = doc.pricesIncludeVat ? w.vatIncluded : w.vatOnTop;
  rows.push([w.subtotal, formatMoney(doc.pricesIncludeVat || noVat ? doc.totalKopecks : doc.netKopecks, lang)]);
  if (noVat) rows.push([w.noVat, '—']);
  // One rate: the document's own VAT figure (the lines add up to it; it is what was issued).
  else if (vat.length === 1)
    rows.push([vatLabel(formatVatRate(vat[0]!.rate, lang)), formatMoney(doc.vatKopecks, lang)]);
  else for (const r of vat) rows.push([vatLabel(formatVatRate(r.rate, lang)), formatMoney(r.vat, lang)]);
  rows.push([totalLabel, formatMoney(doc.totalKopecks, lang)]);

  const words = layout.measure(countLine) + layout.measure(doc.totalInWords, { bold: true }) + 8;
  await layout.ensure(rows.length * 13 + 10 + words);
  const valueWidth = 95;
  const labelWidth = 220;
  layout.gap(4);
  for (const [label, value] of rows) {
    const top = layout.y;
    layout.place(label, layout.right - valueWidth - labelWidth, top, {
      width: labelWidth - 6,
      bold: true,
      align: 'right',
    });
    layout.place(value, layout.right - valueWidth, top, { width: valueWidth, bold: true, align: 'right' });
    layout.y = top + 13;
  }
  layout.gap(6);
  await layout.text(countLine, {}, 1);
  await layout.text(doc.totalInWords, { bold: true }, 6);
}

/** The paragraphs of a rendered template (invoice and act notes), small. */
export async function notes(layout: DocumentLayout, text: string): Promise<void> {
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed) await layout.text(trimmed, { size: 8 }, 1);
  }
  layout.gap(4);
}

/**
 * One signature row of the invoice: role | position | the line to sign on (with the signature image over it
 * when printed "with signature") | surname and initials.
 */
export function signatureRow(
  layout: DocumentLayout,
  top: number,
  x: number,
  width: number,
  role: string,
  signer: Signer,
  image: Buffer | null,
  what: string,
): void {
  const roleW = width * 0.22;
  const posW = width * 0.3;
  const lineW = width * 0.22;
  const nameX = x + roleW + posW + lineW + 6;
  layout.place(role, x, top, { width: roleW, bold: true });
  layout.placeWrapped(signer.position, x + roleW, top, { width: posW - 4, size: 8 });
  const lineX = x + roleW + posW;
  layout.line(lineX, top + 11, lineX + lineW, top + 11, 0.5);
  if (image) layout.image(image, lineX, top - 22, [lineW, 38], what);
  layout.place(signer.shortName, nameX, top, { width: x + width - nameX });
}

/**
 * The seller's stamp over «М.П.», about 38 mm across like a real one, drawn after the signatures so it lies
 * over them as an imprint does.
 */
export function stampAt(layout: DocumentLayout, image: Buffer | null, x: number, y: number): void {
  if (image) layout.image(image, x, y, [108, 108], 'stamp');
}

/**
 * One party's signature block of an act or a statement: its title, name, the position (the buyer's is a blank
 * line to fill in), the line to sign on with the surname and initials, «М.П.»; the seller's images when asked.
 * Answers the block's height.
 */
function signatureBlock(
  layout: DocumentLayout,
  x: number,
  top: number,
  width: number,
  block: SignatureBlock,
  language: DocumentLanguage,
): number {
  const w = wordsOf(language);
  // The imprint goes first, under the text: centred on «М.П.» and touching the signature's end, as a stamp
  // is put by hand, while the printed position and name stay legible through it.
  const stampPlaceY = top + signatureBlockHeight(layout, block, width) - 14;
  stampAt(layout, block.stamp, x + 50 - 54, stampPlaceY + 4 - 54);
  let y = top;
  if (block.title) y += layout.placeWrapped(block.title, x, y, { width, bold: true }) + 2;
  if (block.name) y += layout.placeWrapped(block.name, x, y, { width, size: 8.5 }) + 6;
  if (block.signer) {
    y += layout.placeWrapped(block.signer.position, x, y, { width }) + 2;
  } else {
    y += 11;
    layout.line(x, y, x + width, y, 0.5);
    layout.place(w.positionCaption, x, y + 1, { width, size: 6.5, align: 'center', color: '#444444' });
    y += 10;
  }
  y += 18;
  const signW = width * 0.42;
  layout.line(x, y, x + signW, y, 0.5);
  layout.place(w.signature, x, y + 1, { width: signW, size: 6.5, align: 'center', color: '#444444' });
  const nameX = x + signW + 8;
  if (block.signer) {
    layout.place(`/ ${block.signer.shortName} /`, nameX, y - 11, { width: x + width - nameX });
  } else {
    layout.line(nameX, y, x + width, y, 0.5);
  }
  layout.place(w.nameCaption, nameX, y + 1, { width: x + width - nameX, size: 6.5, align: 'center', color: '#444444' });
  if (block.signature) layout.image(block.signature, x, y - 34, [signW, 40], 'signature');
  y += 16;
  layout.place(w.stampPlace, x, y, { width: 40 });
  return y + 14 - top;
}

/** The height `signatureBlock` will take, to keep a block whole on one page. */
function signatureBlockHeight(
  layout: DocumentLayout,
  block: { title: string; name: string; signer: Signer | null },
  width: number,
): number {
  const title = block.title ? layout.measure(block.title, { width, bold: true }) + 2 : 0;
  const name = block.name ? layout.measure(block.name, { width, size: 8.5 }) + 6 : 0;
  const position = block.signer ? layout.measure(block.signer.position, { width }) + 2 : 21;
  return title + name + position + 18 + 16 + 14;
}

export interface SignatureBlock {
  title: string;
  name: string;
  signer: Signer | null;
  signature: Buffer | null;
  stamp: Buffer | null;
}

/**
 * Both parties' signature blocks side by side, ours on the left, kept whole on one page (a page break between
 * a signature and what it signs would invite a swapped page). `extra` is room wanted above them.
 */
export async function signaturePair(
  layout: DocumentLayout,
  ours: SignatureBlock,
  theirs: SignatureBlock,
  language: DocumentLanguage,
  before?: () => void,
  extra = 0,
): Promise<void> {
  const half = (layout.width - 30) / 2;
  const height = Math.max(signatureBlockHeight(layout, ours, half), signatureBlockHeight(layout, theirs, half));
  await layout.ensure(height + extra);
  before?.();
  const top = layout.y;
  const left = signatureBlock(layout, layout.left, top, half, ours, language);
  const right = signatureBlock(layout, layout.left + half + 30, top, half, theirs, language);
  layout.y = top + Math.max(left, right);
}

/** Draws the QR of `payload` as vector squares (crisp at any print resolution, and no image in the file). */
export function drawQr(layout: DocumentLayout, payload: string, x: number, y: number, size: number): void {
  // One byte segment of UTF-8, as ST00012 declares: some bank apps misread mixed alphanumeric segments.
  const qr = QRCode.create([{ data: Buffer.from(payload, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4; // the standard's quiet zone, inside `size`
  const cell = size / (n + 2 * quiet);
  const { doc } = layout;
  doc.save();
  // A run of dark modules is one rectangle: no hairline seams between neighbours when it is rasterised.
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && qr.modules.get(row, col)) col++;
      doc.rect(x + (start + quiet) * cell, y + (row + quiet) * cell, (col - start) * cell, cell + 0.05);
    }
  }
  doc.fill('#000000');
  doc.restore();
}
