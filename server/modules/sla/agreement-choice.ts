/**
 * Warranty or paid support: a pure choice, no I/O. A warranty agreement covers one product (a service of the
 * catalogue) from its delivery date for a number of months — the first year is included in the sale. A
 * ticket on that product filed inside the period falls under the warranty; after it, under the paid
 * agreement the usual rules pick (sla-terms.ts). Why the ticket got its agreement is kept on the ticket as a
 * short code so the desk can say it in either language.
 */

export interface WarrantyCandidate {
  agreementId: number;
  /** The delivery date the warranty runs from, YYYY-MM-DD. */
  warrantyStart: string;
  warrantyMonths: number;
}

export type AgreementReason =
  /** Inside the product's warranty, which lasts until (excluding) `until`. */
  | { code: 'warranty'; until: string }
  /** The product's warranty ended on `ended` (the first day not covered); the paid agreement applies. */
  | { code: 'after_warranty'; ended: string }
  /** The active agreement that covers the ticket's service (best tier, latest start). */
  | { code: 'service' }
  /** The organization's active agreement (the ticket names no service). */
  | { code: 'organization' }
  /** An agent moved the ticket to this agreement by hand. */
  | { code: 'manual' };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The same day `months` later; a day the month lacks becomes its last day (31 Jan + 1 = 28/29 Feb). */
export function addMonthsToDate(date: string, months: number): string {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`Not a date: ${date}`);
  const total = Number(m[1]) * 12 + Number(m[2]) - 1 + months;
  const year = Math.floor(total / 12);
  const month0 = total - year * 12;
  const last = new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
  const day = Math.min(Number(m[3]), last);
  return `${String(year).padStart(4, '0')}-${String(month0 + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The first day the warranty no longer covers: delivery 2026-03-15 + 12 months → 2027-03-15. */
export const warrantyEnd = (w: WarrantyCandidate) => addMonthsToDate(w.warrantyStart, w.warrantyMonths);

export const isUnderWarranty = (w: WarrantyCandidate, day: string) => w.warrantyStart <= day && day < warrantyEnd(w);

/**
 * The warranty that covers `day` (the one running longest when several do), else the one that lapsed most
 * recently before it — the reason a paid agreement now applies. A warranty whose delivery is still ahead
 * covers nothing and explains nothing.
 */
export function chooseWarranty<W extends WarrantyCandidate>(
  candidates: readonly W[],
  day: string,
): { covering: W | null; lapsed: W | null } {
  let covering: W | null = null;
  let lapsed: W | null = null;
  for (const w of candidates) {
    const end = warrantyEnd(w);
    if (w.warrantyStart <= day && day < end) {
      if (!covering || end > warrantyEnd(covering)) covering = w;
    } else if (end <= day && (!lapsed || end > warrantyEnd(lapsed))) lapsed = w;
  }
  return { covering, lapsed };
}

/** Stored on the ticket as `code` or `code:YYYY-MM-DD`. */
export function encodeReason(reason: AgreementReason): string {
  if (reason.code === 'warranty') return `warranty:${reason.until}`;
  if (reason.code === 'after_warranty') return `after_warranty:${reason.ended}`;
  return reason.code;
}

export function decodeReason(text: string | null): AgreementReason | null {
  if (!text) return null;
  const [code, date] = text.split(':');
  if (code === 'warranty' && date) return { code, until: date };
  if (code === 'after_warranty' && date) return { code, ended: date };
  if (code === 'service' || code === 'organization' || code === 'manual') return { code };
  return null;
}

/** The reason in words (the API's `agreementReason.text`; the desk says it in its own language). */
export function reasonText(reason: AgreementReason): string {
  switch (reason.code) {
    case 'warranty':
      return `The product is under warranty until ${reason.until} (exclusive): the warranty agreement applies`;
    case 'after_warranty':
      return `The product's warranty ended on ${reason.ended}: the paid support agreement applies`;
    case 'service':
      return "The active agreement that covers the ticket's service (best tier, latest start)";
    case 'organization':
      return "The client's active agreement (best tier, latest start)";
    case 'manual':
      return 'Chosen for this ticket by an agent';
  }
}
