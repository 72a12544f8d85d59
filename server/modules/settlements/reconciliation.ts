/**
 * The arithmetic of a reconciliation statement (акт сверки взаимных расчётов), pure. From our side: an act
 * is a debit of the client (they owe us for work done), a payment a credit. A storno or a corrected act
 * carries its signed total, so a storno shows as a negative debit on its own date, never as an edit of
 * the original line. Opening balance = everything before the period; closing = opening + debit − credit.
 */
export interface SettlementEntry {
  /** YYYY-MM-DD */
  date: string;
  kind: 'act' | 'payment';
  /** Acts: signed total with VAT; payments: the amount received (positive). */
  amountKopecks: number;
  /** Within one day: acts before payments, then by id, so the order is stable. */
  id: number;
  label: string;
}

export interface StatementRow {
  date: string;
  document: string;
  debitKopecks: number;
  creditKopecks: number;
}

export interface StatementFigures {
  openingBalanceKopecks: number;
  rows: StatementRow[];
  debitTurnoverKopecks: number;
  creditTurnoverKopecks: number;
  closingBalanceKopecks: number;
}

const signed = (e: SettlementEntry) => (e.kind === 'act' ? e.amountKopecks : -e.amountKopecks);

const byDate = (a: SettlementEntry, b: SettlementEntry) =>
  a.date < b.date ? -1 : a.date > b.date ? 1 : a.kind !== b.kind ? (a.kind === 'act' ? -1 : 1) : a.id - b.id;

/** Balance at the end of `at` (positive: the client owes us), from every entry. */
export function balanceAt(entries: Iterable<SettlementEntry>, at: string): number {
  let total = 0;
  for (const e of entries) if (e.date <= at) total += signed(e);
  return total;
}

/** The statement for [from, to]: entries before `from` make the opening balance, the rest rows in date order. */
export function statementFigures(entries: readonly SettlementEntry[], from: string, to: string): StatementFigures {
  let opening = 0;
  const inPeriod: SettlementEntry[] = [];
  for (const e of entries) {
    if (e.date < from) opening += signed(e);
    else if (e.date <= to) inPeriod.push(e);
  }
  inPeriod.sort(byDate);
  let debit = 0;
  let credit = 0;
  const rows = inPeriod.map((e) => {
    const row: StatementRow =
      e.kind === 'act'
        ? { date: e.date, document: e.label, debitKopecks: e.amountKopecks, creditKopecks: 0 }
        : { date: e.date, document: e.label, debitKopecks: 0, creditKopecks: e.amountKopecks };
    debit += row.debitKopecks;
    credit += row.creditKopecks;
    return row;
  });
  return {
    openingBalanceKopecks: opening,
    rows,
    debitTurnoverKopecks: debit,
    creditTurnoverKopecks: credit,
    closingBalanceKopecks: opening + debit - credit,
  };
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** One date format per language: 04.12.2026 in Russian, 04/12/2026 in English (as the desk's UI prints them). */
export function printedDate(iso: string, language: 'ru' | 'en'): string {
  const m = DAY.exec(iso);
  if (!m) return iso;
  return language === 'ru' ? `${m[3]}.${m[2]}.${m[1]}` : `${m[3]}/${m[2]}/${m[1]}`;
}

/** «Акт № 15 от 04.12.2026», «Сторно акта …», "Payment, order No. 123 of 02/12/2026". */
export function actLabel(
  a: { number: string; date: string; correction: 'storno' | 'corrected' | null },
  language: 'ru' | 'en',
): string {
  const date = printedDate(a.date, language);
  if (language === 'ru') {
    const name =
      a.correction === 'storno' ? 'Сторно акта' : a.correction === 'corrected' ? 'Корректировочный акт' : 'Акт';
    return `${name} № ${a.number} от ${date}`;
  }
  const name = a.correction === 'storno' ? 'Storno of act' : a.correction === 'corrected' ? 'Corrected act' : 'Act';
  return `${name} No. ${a.number} of ${date}`;
}

export function paymentLabel(p: { paymentNumber: string | null; date: string }, language: 'ru' | 'en'): string {
  const date = printedDate(p.date, language);
  if (language === 'ru') return p.paymentNumber ? `Оплата, п/п № ${p.paymentNumber} от ${date}` : `Оплата от ${date}`;
  return p.paymentNumber ? `Payment, order No. ${p.paymentNumber} of ${date}` : `Payment of ${date}`;
}
