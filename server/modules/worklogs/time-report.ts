import type { Ctx } from '../../context.js';
import { AppError, forbidden } from '../../shared/errors.js';
import { can } from '../auth/index.js';
import { activityName } from './worklogs.presenter.js';
import * as repo from './worklogs.repository.js';

/** Exports hold at most this many lines: a bigger one is a sign to narrow the period, not to wait. */
export const REPORT_ROW_LIMIT = 50_000;

export interface TimeReportQuery {
  from?: string;
  to?: string;
  organizationId?: number;
  agreementId?: number;
  agentId?: number;
}

export interface TimeReportLine {
  ticketNumber: number;
  ticketSubject: string;
  workDate: string;
  agentName: string;
  activityId: number | null;
  activityName: string | null;
  comment: string | null;
  minutes: number;
  billedMinutes: number;
  billable: boolean;
  amountKopecks: number;
}

/**
 * Time per ticket with engineer and comment (what a prepaid-hours client asks "where did my hours go"). Those
 * who may not read the desk's time report see their own work only.
 */
export async function timeReport(ctx: Ctx, q: TimeReportQuery) {
  if (ctx.actor.kind !== 'agent' && ctx.actor.kind !== 'system') throw forbidden();
  const own = ctx.actor.kind === 'agent' && !can(ctx.actor, 'time.report');
  if (own && !can(ctx.actor, 'worklog.log')) throw forbidden('The time report needs the time.report permission');
  const filter: repo.WorklogFilter = { ...q, ...(own && ctx.actor.kind === 'agent' && { agentId: ctx.actor.id }) };
  const totals = await repo.totals(ctx.db, filter);
  if (totals.count > REPORT_ROW_LIMIT)
    throw new AppError(
      400,
      'report_too_large',
      `The report has ${totals.count} lines; one report holds up to ${REPORT_ROW_LIMIT}. Narrow the period or pick an organization.`,
    );
  const rows = await repo.reportRows(ctx.db, filter, REPORT_ROW_LIMIT);
  const { count: _count, ...sums } = totals;
  return {
    items: rows.map((w): TimeReportLine => ({
      ticketNumber: w.ticket_number,
      ticketSubject: w.ticket_subject,
      workDate: w.work_date,
      agentName: w.agent_name,
      activityId: w.activity_id,
      activityName: activityName(w, ctx.actor),
      comment: w.comment,
      minutes: w.minutes,
      billedMinutes: w.billed_minutes,
      billable: w.billable === 1,
      amountKopecks: w.amount_kopecks,
    })),
    totals: sums,
  };
}

const headings = {
  ru: [
    'Заявка',
    'Тема',
    'Дата',
    'Инженер',
    'Вид работ',
    'Комментарий',
    'Минут',
    'К оплате, мин',
    'Оплачиваемая',
    'Сумма, ₽',
  ],
  en: [
    'Ticket',
    'Subject',
    'Date',
    'Engineer',
    'Activity',
    'Comment',
    'Minutes',
    'Billed minutes',
    'Billable',
    'Amount, RUB',
  ],
};

const rubles = (kopecks: number) => {
  const sign = kopecks < 0 ? '-' : '';
  const abs = Math.abs(kopecks);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};

function cells(line: TimeReportLine, ru: boolean): Array<string | number> {
  return [
    line.ticketNumber,
    line.ticketSubject,
    line.workDate,
    line.agentName,
    line.activityName ?? '',
    line.comment ?? '',
    line.minutes,
    line.billedMinutes,
    line.billable ? (ru ? 'да' : 'yes') : ru ? 'нет' : 'no',
    line.amountKopecks / 100,
  ];
}

/** A cell a spreadsheet would run as a formula (=, +, -, @) is written as text: exports must not execute. */
const inert = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

const csvCell = (value: string | number) => {
  const text = typeof value === 'number' ? String(value) : inert(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** RFC 4180 CSV with a BOM, so spreadsheet programs read the Cyrillic right. Amounts in rubles with kopecks. */
export function timeReportCsv(lines: readonly TimeReportLine[], language: string): string {
  const ru = !language.startsWith('en');
  const out = [headings[ru ? 'ru' : 'en'].map(csvCell).join(',')];
  for (const line of lines) {
    const row = cells(line, ru);
    row[9] = rubles(line.amountKopecks);
    out.push(row.map(csvCell).join(','));
  }
  return `\uFEFF${out.join('\r\n')}\r\n`;
}

/** The same report as an Excel workbook, with a totals row. */
export async function timeReportXlsx(
  report: {
    items: readonly TimeReportLine[];
    totals: { minutes: number; billedMinutes: number; amountKopecks: number };
  },
  language: string,
): Promise<Buffer> {
  const ru = !language.startsWith('en');
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'Ondesk';
  const sheet = book.addWorksheet(ru ? 'Трудозатраты' : 'Time');
  sheet.columns = headings[ru ? 'ru' : 'en'].map((header, i) => ({
    header,
    width: [9, 40, 12, 24, 18, 50, 9, 12, 12, 14][i],
  }));
  sheet.getRow(1).font = { bold: true };
  for (const line of report.items) sheet.addRow(cells(line, ru).map((c) => (typeof c === 'string' ? inert(c) : c)));
  const total = sheet.addRow([
    ru ? 'Итого' : 'Total',
    '',
    '',
    '',
    '',
    '',
    report.totals.minutes,
    report.totals.billedMinutes,
    '',
    report.totals.amountKopecks / 100,
  ]);
  total.font = { bold: true };
  sheet.getColumn(10).numFmt = '#,##0.00';
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * The hours of an agreement or a client in a period, per engineer — what a client pack shows next to the
 * package. Read by reports for whoever may read them (no permission of its own).
 */
export async function workSummary(
  ctx: Ctx,
  q: { agreementId?: number; organizationId?: number; from: string; to: string },
) {
  const rows = await repo.workByAgent(ctx.db, q);
  return rows.map((r) => ({
    agentName: r.agent_name,
    minutes: Number(r.minutes),
    billableMinutes: Number(r.billable),
    billedMinutes: Number(r.billed),
    amountKopecks: Number(r.amount),
  }));
}
