import type { AgentRow } from './agents-report.js';
import type { ReportDocument, ReportTable } from './report-document.js';
import { periodLabel, type Language, type ReportPeriod } from './report-period.js';

/** What the agents figures mean, next to them on the screen, in files and in mailed PDFs. */
export const agentDefinitions: Record<Language, string[]> = {
  en: [
    'Period: the dates from and to, both included, Moscow time (hours: the day the work was done).',
    'Tickets handled: distinct tickets the engineer changed, commented on or was assigned in the period.',
    'First responses: tickets whose first public agent reply was theirs and came in the period.',
    'Resolutions: changes of a ticket’s status to resolved made by the engineer in the period.',
    'Reopen rate = resolutions of the period after which the ticket was reopened (at any time later) ÷ resolutions; “—” when nothing was resolved.',
    'Hours: time logged in worklogs on the days of the period, billable and non-billable, as entered (before rounding).',
    'Satisfaction: the average score (1–5) contacts gave in the period’s satisfaction surveys (by the day they answered), counted for the ticket’s assignee; answers: how many scores; “—” when none.',
  ],
  ru: [
    'Период — даты «с» и «по» включительно, по московскому времени (часы — по дню, когда работа сделана).',
    'Заявок в работе — разных заявок, которые сотрудник изменил, прокомментировал или получил назначенными в периоде.',
    'Первые ответы — заявки, первый публичный ответ сотрудника в которых был его и пришёлся на период.',
    'Решения — переводы заявки в статус «Решена», сделанные сотрудником в периоде.',
    'Доля переоткрытий = решения периода, после которых заявку переоткрыли (когда угодно позже) ÷ решения; «—», если решений не было.',
    'Часы — время в журнале работ за дни периода, оплачиваемое и неоплачиваемое, как внесено (до округления).',
    'Удовлетворённость — средняя оценка (1–5) в опросах удовлетворённости, которые контакты заполнили в периоде (по дню ответа), засчитанная исполнителю заявки; ответов — сколько оценок; «—», если их не было.',
  ],
};

const words = {
  en: {
    title: 'Agents',
    workload: 'Workload and quality',
    hours: 'Hours logged',
    agent: 'Engineer',
    total: 'Total',
    ticketsHandled: 'Tickets handled',
    firstResponses: 'First responses',
    resolutions: 'Resolutions',
    reopened: 'Reopened',
    reopenRate: 'Reopen rate',
    billableMinutes: 'Billable',
    nonBillableMinutes: 'Non-billable',
    satisfaction: 'Client satisfaction',
    satisfactionAverage: 'Average score',
    satisfactionAnswers: 'Answers',
    empty: 'No engineer worked on tickets in the period: pick another period.',
  },
  ru: {
    title: 'Сотрудники',
    workload: 'Нагрузка и качество',
    hours: 'Учтённые часы',
    agent: 'Сотрудник',
    total: 'Итого',
    ticketsHandled: 'Заявок в работе',
    firstResponses: 'Первых ответов',
    resolutions: 'Решений',
    reopened: 'Переоткрыто',
    reopenRate: 'Доля переоткрытий',
    billableMinutes: 'Оплачиваемые',
    nonBillableMinutes: 'Неоплачиваемые',
    satisfaction: 'Удовлетворённость клиентов',
    satisfactionAverage: 'Средняя оценка',
    satisfactionAnswers: 'Ответов',
    empty: 'В периоде сотрудники не работали с заявками: выберите другой период.',
  },
} as const;

export function agentsDocument(
  report: { rows: AgentRow[]; total: AgentRow },
  opts: { period: ReportPeriod; language: Language; generatedAt: string },
): ReportDocument {
  const w = words[opts.language];
  const col = (key: keyof typeof w & keyof AgentRow, format: 'int' | 'percent' | 'minutes') => ({
    key,
    label: w[key],
    align: 'right' as const,
    format,
  });
  const table = (columns: ReportTable['columns']): ReportTable => {
    const keys = ['agentName', ...columns.map((c) => c.key)];
    const pick = (r: AgentRow) => Object.fromEntries(keys.map((k) => [k, r[k as keyof AgentRow]]));
    return {
      columns: [{ key: 'agentName', label: w.agent, format: 'text' }, ...columns],
      rows: report.rows.map(pick),
      totals: pick({ ...report.total, agentName: w.total }),
    };
  };
  const names = report.rows.map((r) => r.agentName);
  const empty = report.rows.length === 0 ? [w.empty] : [];
  return {
    title: w.title,
    periodLabel: periodLabel(opts.period, opts.language),
    generatedAt: opts.generatedAt,
    language: opts.language,
    sections: [
      {
        heading: w.workload,
        definitions: [...empty, ...agentDefinitions[opts.language]],
        table: table([
          col('ticketsHandled', 'int'),
          col('firstResponses', 'int'),
          col('resolutions', 'int'),
          col('reopened', 'int'),
          col('reopenRate', 'percent'),
        ]),
        chart: {
          kind: 'bar',
          title: w.workload,
          categories: names,
          series: [
            { name: w.ticketsHandled, values: report.rows.map((r) => r.ticketsHandled) },
            { name: w.resolutions, values: report.rows.map((r) => r.resolutions) },
          ],
          unit: 'count',
        },
      },
      {
        heading: w.hours,
        table: table([col('billableMinutes', 'minutes'), col('nonBillableMinutes', 'minutes')]),
        chart: {
          kind: 'stacked-bar',
          title: w.hours,
          categories: names,
          series: [
            { name: w.billableMinutes, values: report.rows.map((r) => r.billableMinutes / 60) },
            { name: w.nonBillableMinutes, values: report.rows.map((r) => r.nonBillableMinutes / 60) },
          ],
          unit: 'hours',
        },
      },
      {
        heading: w.satisfaction,
        // The average is a decimal of 1–5: the 'int' format writes numbers with up to two decimals.
        table: table([col('satisfactionAverage', 'int'), col('satisfactionAnswers', 'int')]),
      },
    ],
  };
}
