import type { ReportDocument } from './report-document.js';
import { periodLabel, type Language, type ReportPeriod } from './report-period.js';
import { BACKLOG_AGE_BUCKETS, type TicketGrouping, type TicketsReport } from './tickets-report.js';

export const ticketDefinitions: Record<Language, string[]> = {
  en: [
    'Period: the dates from and to, both included, in Moscow time (the desk’s zone).',
    'Created: tickets created in the period.',
    'Resolved: tickets whose last resolution (or closing, for one closed without a resolution) fell in the period; a reopened ticket counts again only when resolved again.',
    'Backlog: tickets created before the end of the period and not resolved or closed by then, judged by their last resolution.',
    'Backlog age: calendar days from creation to the end of the period.',
    'Status, priority, team and the other groupings are the ticket’s current ones.',
  ],
  ru: [
    'Период — даты «с» и «по» включительно, по московскому времени (часовой пояс службы).',
    'Создано — заявки, созданные в периоде.',
    'Решено — заявки, последнее решение которых (или закрытие, если заявку закрыли без решения) пришлось на период; переоткрытая заявка учитывается снова, только когда её решат снова.',
    'Очередь — заявки, созданные до конца периода и не решённые и не закрытые к его концу (по последнему решению).',
    'Возраст очереди — календарные дни от создания заявки до конца периода.',
    'Статус, приоритет, группа и другие признаки — текущие.',
  ],
};

const words = {
  en: {
    title: 'Tickets',
    by: {
      status: 'Status',
      priority: 'Priority',
      type: 'Type',
      service: 'Service',
      team: 'Team',
      organization: 'Client',
      channel: 'Channel',
    },
    created: 'Created',
    resolved: 'Resolved',
    backlog: 'Backlog',
    age: 'Backlog age',
    tickets: 'Tickets',
    total: 'Total',
  },
  ru: {
    title: 'Заявки',
    by: {
      status: 'Статус',
      priority: 'Приоритет',
      type: 'Тип',
      service: 'Услуга',
      team: 'Группа',
      organization: 'Клиент',
      channel: 'Канал',
    },
    created: 'Создано',
    resolved: 'Решено',
    backlog: 'Очередь',
    age: 'Возраст очереди',
    tickets: 'Заявок',
    total: 'Итого',
  },
} as const;

export function ticketsDocument(
  report: TicketsReport,
  opts: { period: ReportPeriod; groupBy: TicketGrouping; language: Language; subtitle?: string; generatedAt: string },
): ReportDocument {
  const w = words[opts.language];
  const count = (key: 'created' | 'resolved' | 'backlog') => ({
    key,
    label: w[key],
    align: 'right' as const,
    format: 'int' as const,
  });
  const ages = BACKLOG_AGE_BUCKETS.map((b) => ({
    key: b.key,
    label: `${w.backlog}: ${b[opts.language]}`,
    align: 'right' as const,
    format: 'int' as const,
  }));
  return {
    title: `${w.title}: ${w.by[opts.groupBy].toLowerCase()}`,
    ...(opts.subtitle !== undefined && { subtitle: opts.subtitle }),
    periodLabel: periodLabel(opts.period, opts.language),
    generatedAt: opts.generatedAt,
    language: opts.language,
    sections: [
      {
        heading: w.by[opts.groupBy],
        definitions: ticketDefinitions[opts.language],
        table: {
          columns: [
            { key: 'label', label: w.by[opts.groupBy], format: 'text' },
            count('created'),
            count('resolved'),
            count('backlog'),
            ...ages,
          ],
          rows: report.rows.map(({ key: _key, ...row }) => row),
          totals: { label: w.total, ...report.totals },
        },
        chart: {
          kind: 'bar',
          categories: report.rows.map((r) => r.label),
          series: (['created', 'resolved', 'backlog'] as const).map((k) => ({
            name: w[k],
            values: report.rows.map((r) => r[k]),
          })),
          unit: 'count',
        },
      },
      {
        heading: w.age,
        table: {
          columns: [
            { key: 'label', label: w.age, format: 'text' },
            { key: 'tickets', label: w.tickets, align: 'right', format: 'int' },
          ],
          rows: report.backlogAge.map((b) => ({ label: b.label, tickets: b.tickets })),
          totals: { label: w.total, tickets: report.totals.backlog },
        },
        chart: {
          kind: 'bar',
          categories: report.backlogAge.map((b) => b.label),
          series: [{ name: w.backlog, values: report.backlogAge.map((b) => b.tickets) }],
          unit: 'count',
        },
      },
    ],
  };
}
