import type { SalarySheet } from './settlements.service.js';

/**
 * The month's salaries as a spreadsheet or CSV, in the viewer's language. Hours are decimal (7.5), money is in
 * rubles with kopecks as a number (the accountant's program sums them), one row per engineer and a total row.
 */
type Column = {
  ru: string;
  en: string;
  value: (i: SalarySheet['items'][number]) => string | number;
  total?: (s: SalarySheet) => number;
};

const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;
const rubles = (kopecks: number) => kopecks / 100;

const columns: Column[] = [
  { ru: 'Сотрудник', en: 'Engineer', value: (i) => i.name },
  { ru: 'Часы', en: 'Hours', value: (i) => hours(i.minutes), total: (s) => hours(s.totals.minutes) },
  {
    ru: 'Оплачиваемые часы',
    en: 'Billable hours',
    value: (i) => hours(i.billableMinutes),
    total: (s) => hours(s.totals.billableMinutes),
  },
  { ru: 'Неоплачиваемые часы', en: 'Non-billable hours', value: (i) => hours(i.nonBillableMinutes) },
  {
    ru: 'Ночные часы (22–06)',
    en: 'Night hours (22–06)',
    value: (i) => hours(i.nightMinutes),
    total: (s) => hours(s.totals.nightMinutes),
  },
  {
    ru: 'Часы в выходные и праздники',
    en: 'Hours on days off',
    value: (i) => hours(i.holidayMinutes),
    total: (s) => hours(s.totals.holidayMinutes),
  },
  { ru: 'Часы без начала и конца', en: 'Hours without start and end', value: (i) => hours(i.unsplitMinutes) },
  { ru: 'Выручка по актам, ₽', en: 'Acted revenue, RUB', value: (i) => rubles(i.revenueKopecks) },
  {
    ru: 'Оклад, ₽',
    en: 'Fixed, RUB',
    value: (i) => rubles(i.fixedKopecks),
    total: (s) => rubles(s.totals.fixedKopecks),
  },
  {
    ru: 'За часы, ₽',
    en: 'Per hour, RUB',
    value: (i) => rubles(i.hourlyKopecks),
    total: (s) => rubles(s.totals.hourlyKopecks),
  },
  {
    ru: 'Процент с выручки, ₽',
    en: 'Revenue share, RUB',
    value: (i) => rubles(i.revenueShareKopecks),
    total: (s) => rubles(s.totals.revenueShareKopecks),
  },
  {
    ru: 'Итого, ₽',
    en: 'Total, RUB',
    value: (i) => rubles(i.totalKopecks),
    total: (s) => rubles(s.totals.totalKopecks),
  },
];

const totalLabel = { ru: 'Итого', en: 'Total' };

/** A cell a spreadsheet would run as a formula (=, +, -, @) is written as text: exports must not execute. */
const inert = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

function tableOf(sheet: SalarySheet, language: 'ru' | 'en'): Array<Array<string | number | null>> {
  const rows: Array<Array<string | number | null>> = [columns.map((c) => c[language])];
  for (const item of sheet.items) rows.push(columns.map((c) => c.value(item)));
  rows.push(columns.map((c, i) => (i === 0 ? totalLabel[language] : c.total ? c.total(sheet) : null)));
  return rows;
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : inert(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 with a BOM, so spreadsheet programs read the Cyrillic right. */
export function salaryCsv(sheet: SalarySheet, language: 'ru' | 'en'): string {
  return `\uFEFF${tableOf(sheet, language)
    .map((row) => row.map(csvCell).join(','))
    .join('\r\n')}\r\n`;
}

export async function salaryXlsx(sheet: SalarySheet, language: 'ru' | 'en'): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'Ondesk';
  const ws = book.addWorksheet(language === 'ru' ? `Зарплата ${sheet.month}` : `Salaries ${sheet.month}`);
  for (const row of tableOf(sheet, language)) ws.addRow(row.map((v) => (typeof v === 'string' ? inert(v) : v)));
  ws.getRow(1).font = { bold: true };
  ws.getRow(ws.rowCount).font = { bold: true };
  ws.getColumn(1).width = 32;
  for (let c = 2; c <= columns.length; c++) ws.getColumn(c).width = 16;
  ws.addRow([]);
  ws.addRow([
    language === 'ru'
      ? 'Ночные (22:00–06:00, ст. 96 ТК РФ) и выходные часы считаются по трудозатратам с началом и концом; записи только с минутами считаются дневной работой в их дату.'
      : sheet.note,
  ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}
