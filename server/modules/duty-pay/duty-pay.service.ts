import type { Ctx } from '../../context.js';
import { badRequest } from '../../shared/errors.js';
import { authorize } from '../auth/index.js';
import { dutyShiftsOfAgent } from '../duty/index.js';
import { pagesOfAgent } from '../escalation/index.js';
import { dutyPayOfMonth, hoursOf, monthBounds } from './night-hours.js';
import * as repo from './duty-pay.repository.js';

/** Where the month of an engineer's pages begins and ends: their own zone, else the desk's home zone. */
export const DEFAULT_PAY_ZONE = 'Europe/Moscow';

export interface DutyPayLine {
  agentId: number;
  agentName: string;
  shifts: number;
  onCallMinutes: number;
  onCallHours: number;
  nightMinutes: number;
  nightHours: number;
  pages: number;
  acknowledged: number;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * On-call hours, night hours (22:00–06:00 in the schedule's zone) and pages per engineer in a month, for the
 * salary calculation. Engineers with neither duty nor pages that month are left out.
 */
export async function dutyPayReport(ctx: Ctx, month: string) {
  authorize(ctx.actor, 'duty_pay.read');
  if (!MONTH.test(month))
    throw badRequest(`"${month}" is not a month; write it as YYYY-MM, e.g. 2026-12`, {
      errors: [{ path: 'querystring.month', message: 'is not YYYY-MM' }],
    });
  const [y, m] = month.split('-').map(Number) as [number, number];
  // Wide enough for any zone: shifts are cut at the month's local bounds afterwards.
  const from = new Date(Date.UTC(y, m - 1, 1) - 2 * 86_400_000);
  const to = new Date(Date.UTC(y, m, 1) + 2 * 86_400_000);
  const items: DutyPayLine[] = [];
  for (const agent of await repo.agentsForPay(ctx.db)) {
    // Night hours and month ends of a shift are those of its schedule's zone; pages count in the engineer's.
    const zone = agent.timezone ?? DEFAULT_PAY_ZONE;
    const shifts = await dutyShiftsOfAgent(ctx, agent.id, from, to);
    const pay = dutyPayOfMonth(
      shifts.map((s) => ({ from: s.from, to: s.to, zone: s.timezone })),
      month,
    );
    const bounds = monthBounds(month, zone);
    const pages = await pagesOfAgent(ctx, agent.id, new Date(bounds.from), new Date(bounds.to));
    if (pay.shifts === 0 && pages.pages === 0) continue;
    items.push({
      agentId: agent.id,
      agentName: agent.name,
      shifts: pay.shifts,
      onCallMinutes: pay.minutes,
      onCallHours: hoursOf(pay.minutes),
      nightMinutes: pay.nightMinutes,
      nightHours: hoursOf(pay.nightMinutes),
      pages: pages.pages,
      acknowledged: pages.acknowledged,
    });
  }
  const sum = (k: 'onCallMinutes' | 'nightMinutes' | 'pages' | 'acknowledged') => items.reduce((s, i) => s + i[k], 0);
  return {
    month,
    items,
    totals: {
      onCallMinutes: sum('onCallMinutes'),
      onCallHours: hoursOf(sum('onCallMinutes')),
      nightMinutes: sum('nightMinutes'),
      nightHours: hoursOf(sum('nightMinutes')),
      pages: sum('pages'),
      acknowledged: sum('acknowledged'),
    },
  };
}

export type DutyPayReport = Awaited<ReturnType<typeof dutyPayReport>>;

const headings = {
  ru: ['Сотрудник', 'Дежурств', 'Часы дежурства', 'Из них ночные (22–06)', 'Вызовов', 'Подтверждено'],
  en: ['Engineer', 'Shifts', 'On-call hours', 'Of them night hours (22–06)', 'Pages', 'Acknowledged'],
};

const cells = (l: DutyPayLine): Array<string | number> => [
  l.agentName,
  l.shifts,
  l.onCallHours,
  l.nightHours,
  l.pages,
  l.acknowledged,
];

/** A cell a spreadsheet would run as a formula (=, +, -, @) is written as text: exports must not execute. */
const inert = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
const csvCell = (value: string | number) => {
  const text = typeof value === 'number' ? String(value) : inert(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** RFC 4180 CSV with a BOM (spreadsheets then read the Cyrillic right) and a header row; hours with a dot. */
export function dutyPayCsv(report: DutyPayReport, language: string): string {
  const ru = !language.startsWith('en');
  const lines = [headings[ru ? 'ru' : 'en'], ...report.items.map(cells)];
  return `\uFEFF${lines.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The same report as an Excel workbook with a totals row. */
export async function dutyPayXlsx(report: DutyPayReport, language: string): Promise<Buffer> {
  const ru = !language.startsWith('en');
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'Ondesk';
  const sheet = book.addWorksheet(ru ? `Дежурства ${report.month}` : `On call ${report.month}`);
  sheet.columns = headings[ru ? 'ru' : 'en'].map((header, i) => ({ header, width: [32, 10, 16, 24, 10, 14][i] }));
  sheet.getRow(1).font = { bold: true };
  for (const line of report.items) sheet.addRow(cells(line).map((c) => (typeof c === 'string' ? inert(c) : c)));
  const total = sheet.addRow([
    ru ? 'Итого' : 'Total',
    '',
    report.totals.onCallHours,
    report.totals.nightHours,
    report.totals.pages,
    report.totals.acknowledged,
  ]);
  total.font = { bold: true };
  sheet.getColumn(3).numFmt = '0.00';
  sheet.getColumn(4).numFmt = '0.00';
  return Buffer.from(await book.xlsx.writeBuffer());
}
