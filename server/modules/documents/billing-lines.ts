import { discountOf, divideHalfUp, documentTotals, lineAmounts, type LineAmounts } from './vat.js';

/**
 * What a document bills, line by line, from the client's billable items: priced work (per ticket or summed per
 * service), package fees, recurring charges, re-billed purchases and lines typed by hand. Pure: the service
 * reads the items and writes the result. Every line says which items it bills (`marks`), so the next document
 * of the same kind skips them, and which worklogs an act covers (`worklogIds`).
 */
export type Include = 'worklogs' | 'worklogs_by_service' | 'packages' | 'recurring' | 'client_costs' | 'manual';
export type Language = 'ru' | 'en';
export type MarkKind = 'worklog' | 'package' | 'recurring' | 'client_cost';
export type LineSource = 'worklog' | 'ticket' | 'service' | 'package' | 'recurring' | 'client_cost' | 'manual';

export interface Mark {
  sourceKind: MarkKind;
  ref: string;
}

export interface DraftLine {
  sourceKind: LineSource;
  sourceIds: Array<number | string> | null;
  description: string;
  quantityMilli: number;
  unit: string;
  unitPriceKopecks: number;
  /** Set when the amount is not quantity × price (work priced worklog by worklog). */
  amountKopecks?: number;
  discountKopecks: number;
  marks: Mark[];
  worklogIds: number[];
}

export interface PricedLine extends DraftLine, LineAmounts {
  position: number;
  vatRate: number | null;
}

export const UNITS = {
  ru: { hour: 'ч', piece: 'шт', month: 'мес', service: 'усл' },
  en: { hour: 'h', piece: 'pcs', month: 'month', service: 'service' },
} as const;

export interface WorkItem {
  id: number;
  ticket_id: number;
  service_id: number | null;
  billed_minutes: number;
  package_minutes: number;
  overage_minutes: number;
  amount_kopecks: number;
  ticket_number: number;
  ticket_subject: string;
  service_name: string | null;
}

/** The minutes a worklog is charged for: beyond the package when it drew on one, else all billed minutes. */
export const chargedMinutes = (w: WorkItem) =>
  w.package_minutes + w.overage_minutes > 0 ? w.overage_minutes : w.billed_minutes;

/** Hours in thousandths, from minutes (1 h 30 min = 1500). */
export const hoursMilli = (minutes: number) => divideHalfUp(minutes * 1000, 60);

/**
 * Work as lines: one per ticket, or one per service. A line's amount is the sum of its worklogs' prices (each
 * priced by the rate cards when logged); its unit price is that amount per hour, for the reader. Work the
 * package covered (nothing to charge) makes no line, but an act still covers it.
 */
export function workLines(items: readonly WorkItem[], by: 'ticket' | 'service', language: Language): DraftLine[] {
  const groups = new Map<string, WorkItem[]>();
  for (const w of items) {
    const key = by === 'ticket' ? `t${w.ticket_id}` : `s${w.service_id ?? 0}`;
    groups.set(key, [...(groups.get(key) ?? []), w]);
  }
  const lines: DraftLine[] = [];
  for (const group of groups.values()) {
    const amount = group.reduce((s, w) => s + w.amount_kopecks, 0);
    const minutes = group.reduce((s, w) => s + chargedMinutes(w), 0);
    const first = group[0]!;
    const ids = group.map((w) => w.id);
    const marks = ids.map((id) => ({ sourceKind: 'worklog' as const, ref: String(id) }));
    if (amount === 0) {
      // Covered by the package: nothing to charge, but the act still takes the work.
      lines.push({ ...zeroLine(), marks, worklogIds: ids });
      continue;
    }
    const quantityMilli = Math.max(hoursMilli(minutes || group.reduce((s, w) => s + w.billed_minutes, 0)), 1);
    const description =
      by === 'ticket'
        ? language === 'ru'
          ? `Работы по заявке № ${first.ticket_number} «${first.ticket_subject}»`
          : `Work on ticket #${first.ticket_number} “${first.ticket_subject}”`
        : language === 'ru'
          ? `Работы по услуге «${first.service_name ?? 'Прочие работы'}» (заявок: ${new Set(group.map((w) => w.ticket_id)).size})`
          : `Work on “${first.service_name ?? 'Other work'}” (${new Set(group.map((w) => w.ticket_id)).size} tickets)`;
    lines.push({
      sourceKind: by,
      sourceIds: ids,
      description,
      quantityMilli,
      unit: UNITS[language].hour,
      unitPriceKopecks: divideHalfUp(amount * 1000, quantityMilli),
      amountKopecks: amount,
      discountKopecks: 0,
      marks,
      worklogIds: ids,
    });
  }
  return lines;
}

/** A line that bills nothing but carries marks (package-covered work): dropped before numbering. */
const zeroLine = (): Omit<DraftLine, 'marks' | 'worklogIds'> => ({
  sourceKind: 'worklog',
  sourceIds: null,
  description: '',
  quantityMilli: 0,
  unit: '',
  unitPriceKopecks: 0,
  amountKopecks: 0,
  discountKopecks: 0,
});

export const isCarrier = (l: DraftLine) => l.quantityMilli === 0 && l.description === '';

const pad = (n: number) => String(n).padStart(2, '0');
export const printedDate = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export interface FeePeriod {
  key: string;
  start: string;
  end: string;
}

/**
 * The package periods of an agreement that begin within [from, to]: a fee is billed for the period it begins
 * in, once. Months and quarters follow the calendar and are cut to the agreement's dates; a one-off package
 * is one period, the agreement's.
 */
export function feePeriods(
  kind: 'month' | 'quarter' | 'once',
  agreement: { start: string; end: string },
  from: string,
  to: string,
): FeePeriod[] {
  const clip = (p: FeePeriod): FeePeriod => ({
    key: p.key,
    start: p.start < agreement.start ? agreement.start : p.start,
    end: p.end > agreement.end ? agreement.end : p.end,
  });
  if (kind === 'once') {
    const p = { key: 'once', start: agreement.start, end: agreement.end };
    return p.start >= from && p.start <= to ? [p] : [];
  }
  const out: FeePeriod[] = [];
  const step = kind === 'month' ? 1 : 3;
  let y = Number(agreement.start.slice(0, 4));
  let m = Number(agreement.start.slice(5, 7));
  if (kind === 'quarter') m = Math.floor((m - 1) / 3) * 3 + 1;
  for (;;) {
    const endMonth = m + step - 1;
    const span = clip({
      key: kind === 'month' ? `${y}-${pad(m)}` : `${y}-Q${(m - 1) / 3 + 1}`,
      start: `${y}-${pad(m)}-01`,
      end: `${y}-${pad(endMonth)}-${pad(lastDay(y, endMonth))}`,
    });
    if (span.start > agreement.end || span.start > to) break;
    if (span.start >= from) out.push(span);
    m += step;
    if (m > 12) {
      m -= 12;
      y += 1;
    }
  }
  return out;
}

export function feeLine(
  agreement: { id: number; number: string },
  fee: number,
  kind: 'month' | 'quarter' | 'once',
  period: FeePeriod,
  language: Language,
): DraftLine {
  const span = `${printedDate(period.start)} – ${printedDate(period.end)}`;
  return {
    sourceKind: 'package',
    sourceIds: [`${agreement.id}:${period.key}`],
    description:
      language === 'ru'
        ? `Абонентское обслуживание по договору № ${agreement.number} за период ${span}`
        : `Support subscription under agreement ${agreement.number}, ${span}`,
    quantityMilli: 1000,
    unit: kind === 'month' ? UNITS[language].month : UNITS[language].service,
    unitPriceKopecks: fee,
    discountKopecks: 0,
    marks: [{ sourceKind: 'package', ref: `${agreement.id}:${period.key}` }],
    worklogIds: [],
  };
}

export function chargeLine(
  c: { id: number; description: string; amount_kopecks: number; period_start: string; period_end: string },
  language: Language,
): DraftLine {
  const span = `${printedDate(c.period_start)} – ${printedDate(c.period_end)}`;
  return {
    sourceKind: 'recurring',
    sourceIds: [c.id],
    description: `${c.description} (${language === 'ru' ? 'период' : 'period'} ${span})`,
    quantityMilli: 1000,
    unit: UNITS[language].service,
    unitPriceKopecks: c.amount_kopecks,
    discountKopecks: 0,
    marks: [{ sourceKind: 'recurring', ref: String(c.id) }],
    worklogIds: [],
  };
}

export function costLine(
  c: { id: number; description: string; amount_kopecks: number },
  language: Language,
): DraftLine {
  return {
    sourceKind: 'client_cost',
    sourceIds: [c.id],
    description: c.description,
    quantityMilli: 1000,
    unit: UNITS[language].piece,
    unitPriceKopecks: c.amount_kopecks,
    discountKopecks: 0,
    marks: [{ sourceKind: 'client_cost', ref: String(c.id) }],
    worklogIds: [],
  };
}

export interface ManualLineInput {
  description: string;
  /** Up to three decimals: 1.5 */
  quantity: number;
  unit: string;
  unitPriceKopecks: number;
  discountKopecks?: number;
}

export function manualLine(l: ManualLineInput): DraftLine {
  return {
    sourceKind: 'manual',
    sourceIds: null,
    description: l.description.trim(),
    quantityMilli: Math.round(l.quantity * 1000),
    unit: l.unit.trim(),
    unitPriceKopecks: l.unitPriceKopecks,
    discountKopecks: l.discountKopecks ?? 0,
    marks: [],
    worklogIds: [],
  };
}

/**
 * Prices the lines: the document-wide discount (percent) on lines without their own, the VAT rate of the
 * document, amounts per line; numbered from 1 in order. Carrier lines (nothing to charge) are left out.
 */
export function priceLines(
  drafts: readonly DraftLine[],
  opts: { vatRate: number | null; pricesIncludeVat: boolean; discountPercent?: number },
): PricedLine[] {
  return drafts
    .filter((d) => !isCarrier(d))
    .map((d, i) => {
      const gross = d.amountKopecks ?? divideHalfUp(d.quantityMilli * d.unitPriceKopecks, 1000);
      const discountKopecks =
        d.discountKopecks === 0 && opts.discountPercent ? discountOf(gross, opts.discountPercent) : d.discountKopecks;
      const line = { ...d, discountKopecks };
      return {
        ...line,
        position: i + 1,
        vatRate: opts.vatRate,
        ...lineAmounts({ ...line, vatRate: opts.vatRate }, opts.pricesIncludeVat),
      };
    });
}

export const totalsOf = (lines: readonly LineAmounts[]) => documentTotals(lines);

/** A storno line: the same line with quantity and every amount negated (the unit price stays as printed). */
export function negated<T extends PricedLine>(line: T): T {
  return {
    ...line,
    quantityMilli: -line.quantityMilli,
    ...(line.amountKopecks !== undefined && { amountKopecks: -line.amountKopecks }),
    discountKopecks: -line.discountKopecks,
    netKopecks: -line.netKopecks,
    vatKopecks: -line.vatKopecks,
    totalKopecks: -line.totalKopecks,
  };
}
