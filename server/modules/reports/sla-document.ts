import type { ReportDocument, ReportTable } from './report-document.js';
import { periodLabel, type Language, type ReportPeriod } from './report-period.js';
import type { SlaGrouping, SlaReport, SlaRow } from './sla-report.js';
import { dateTimeFormat } from '../../shared/date-format.js';

/** What the SLA figures mean, shown next to them on the screen, in files and in mailed PDFs. */
export const slaDefinitions: Record<Language, string[]> = {
  en: [
    'Only tickets under an agreement count: a ticket without one has no SLA.',
    'Period: the dates from and to, both included, in the time zone of each agreement’s calendar.',
    'A reaction counts in the period its outcome was decided. Met: the first public reply of an agent came in the period, by the reaction deadline. Breached: the reaction deadline passed in the period without a reply by then. A breach stays a breach after a late reply, a recompute or a priority change.',
    'A resolution likewise. Met: the ticket was resolved in the period by its deadline; a reopened ticket counts by its last resolution. Breached: the resolution deadline passed in the period.',
    'Compliance = met ÷ (met + breached); “—” when nothing was due.',
    'Reaction and resolution times are business minutes of the agreement’s calendar from the ticket’s creation to its first reply (last resolution), less the time the clock stood still — waiting for the client, and the time a reopened ticket lay resolved. Time after a reopen runs the clock. Counted for the replies (resolutions) that came in the period.',
    'Median and 90th percentile by nearest rank: the value at rank ⌈p × n⌉ of the n times in ascending order; the median of an even count is the lower of the two middle ones.',
    'Paused: business minutes the clock stood still before the resolutions of the period.',
    'Tickets are grouped by their current priority: a priority change recomputes the deadlines for the new one.',
  ],
  ru: [
    'Учитываются только заявки по договору: у заявки без договора нет SLA.',
    'Период — даты «с» и «по» включительно, в часовом поясе графика каждого договора.',
    'Реакция учитывается в том периоде, когда решился её исход. Соблюдена — первый публичный ответ сотрудника пришёл в периоде не позже срока реакции. Нарушена — срок реакции истёк в периоде без ответа. Нарушение остаётся нарушением после позднего ответа, пересчёта или смены приоритета.',
    'Решение — так же. Соблюдено — заявка решена в периоде не позже срока; переоткрытая заявка учитывается по последнему решению. Нарушено — срок решения истёк в периоде.',
    'Соблюдение = соблюдено ÷ (соблюдено + нарушено); «—», если сроков не было.',
    'Время реакции и решения — рабочие минуты графика договора от создания заявки до первого ответа (последнего решения) за вычетом времени, когда часы стояли: ожидание клиента и время, пока переоткрытая заявка была решена. После переоткрытия часы идут. Учитываются ответы (решения), пришедшиеся на период.',
    'Медиана и 90-й процентиль — по ближайшему рангу: значение с номером ⌈p × n⌉ среди n значений по возрастанию; медиана чётного числа значений — меньшее из двух средних.',
    'Пауза — рабочие минуты, когда часы стояли, до решений периода.',
    'Заявки сгруппированы по текущему приоритету: при смене приоритета сроки пересчитываются по новому.',
  ],
};

const words = {
  en: {
    title: 'SLA compliance',
    compliance: 'Compliance',
    times: 'Business time',
    breaches: 'Breaches',
    priority: 'Priority',
    agreement: 'Agreement',
    total: 'Total',
    tickets: 'Tickets',
    reactionMet: 'Reaction met',
    reactionBreached: 'Reaction breached',
    reactionCompliance: 'Reaction compliance',
    resolutionMet: 'Resolution met',
    resolutionBreached: 'Resolution breached',
    resolutionCompliance: 'Resolution compliance',
    reactionMedianMinutes: 'Reaction, median',
    reactionP90Minutes: 'Reaction, p90',
    resolutionMedianMinutes: 'Resolution, median',
    resolutionP90Minutes: 'Resolution, p90',
    pausedMinutes: 'Paused',
    ticket: 'Ticket',
    subject: 'Subject',
    client: 'Client',
    kind: 'Deadline',
    reaction: 'reaction',
    resolution: 'resolution',
    dueAt: 'Due',
    doneAt: 'Done',
    noBreaches: 'No deadline was missed in the period.',
  },
  ru: {
    title: 'Соблюдение SLA',
    compliance: 'Соблюдение сроков',
    times: 'Рабочее время',
    breaches: 'Нарушения',
    priority: 'Приоритет',
    agreement: 'Договор',
    total: 'Итого',
    tickets: 'Заявок',
    reactionMet: 'Реакция в срок',
    reactionBreached: 'Реакция нарушена',
    reactionCompliance: 'Соблюдение реакции',
    resolutionMet: 'Решение в срок',
    resolutionBreached: 'Решение нарушено',
    resolutionCompliance: 'Соблюдение решения',
    reactionMedianMinutes: 'Реакция, медиана',
    reactionP90Minutes: 'Реакция, p90',
    resolutionMedianMinutes: 'Решение, медиана',
    resolutionP90Minutes: 'Решение, p90',
    pausedMinutes: 'Пауза',
    ticket: 'Заявка',
    subject: 'Тема',
    client: 'Клиент',
    kind: 'Срок',
    reaction: 'реакция',
    resolution: 'решение',
    dueAt: 'Срок истёк',
    doneAt: 'Выполнено',
    noBreaches: 'В периоде сроки не нарушались.',
  },
} as const;

/** "6 Nov 2026, 19:00" / "6 нояб. 2026 г., 19:00" in the agreement calendar's zone, where the deadline lives. */
function localTime(iso: string, zone: string, language: Language): string {
  return dateTimeFormat(language === 'ru' ? 'ru-RU' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: zone,
  }).format(new Date(iso));
}

const rowLabel = (row: SlaRow, groupBy: SlaGrouping, total: string) =>
  groupBy === 'priority' ? (row.priority ?? total) : (row.agreementNumber ?? total);

export function slaDocument(
  report: SlaReport,
  opts: { period: ReportPeriod; groupBy: SlaGrouping; language: Language; subtitle?: string; generatedAt: string },
): ReportDocument {
  const w = words[opts.language];
  const keyLabel = opts.groupBy === 'priority' ? w.priority : w.agreement;
  const labelled = (row: SlaRow) => ({ ...row, group: rowLabel(row, opts.groupBy, w.total) });
  const rows = report.rows.map(labelled);
  const totals = labelled(report.total);
  const pick = (keys: readonly (keyof typeof w & keyof SlaRow)[], format: 'int' | 'percent' | 'minutes') =>
    keys.map((key) => ({ key, label: w[key], align: 'right' as const, format }));
  const table = (columns: ReportTable['columns']): ReportTable => ({
    columns: [{ key: 'group', label: keyLabel, format: 'text' }, ...columns],
    rows: rows.map((r) => Object.fromEntries(['group', ...columns.map((c) => c.key)].map((k) => [k, r[k as 'group']]))),
    totals: Object.fromEntries(['group', ...columns.map((c) => c.key)].map((k) => [k, totals[k as 'group']])),
  });
  const categories = rows.map((r) => r.group);
  return {
    title: w.title,
    ...(opts.subtitle !== undefined && { subtitle: opts.subtitle }),
    periodLabel: periodLabel(opts.period, opts.language),
    generatedAt: opts.generatedAt,
    language: opts.language,
    sections: [
      {
        heading: w.compliance,
        definitions: slaDefinitions[opts.language],
        table: table([
          ...pick(['tickets', 'reactionMet', 'reactionBreached'], 'int'),
          ...pick(['reactionCompliance'], 'percent'),
          ...pick(['resolutionMet', 'resolutionBreached'], 'int'),
          ...pick(['resolutionCompliance'], 'percent'),
        ]),
        chart: {
          kind: 'bar',
          title: w.compliance,
          categories,
          series: [
            { name: w.reactionCompliance, values: rows.map((r) => r.reactionCompliance ?? 0) },
            { name: w.resolutionCompliance, values: rows.map((r) => r.resolutionCompliance ?? 0) },
          ],
          unit: 'percent',
        },
      },
      {
        heading: w.times,
        table: table(
          pick(
            [
              'reactionMedianMinutes',
              'reactionP90Minutes',
              'resolutionMedianMinutes',
              'resolutionP90Minutes',
              'pausedMinutes',
            ],
            'minutes',
          ),
        ),
        chart: {
          kind: 'bar',
          title: w.times,
          categories,
          series: [
            { name: w.reactionMedianMinutes, values: rows.map((r) => r.reactionMedianMinutes ?? 0) },
            { name: w.resolutionMedianMinutes, values: rows.map((r) => r.resolutionMedianMinutes ?? 0) },
          ],
          unit: 'minutes',
        },
      },
      {
        heading: w.breaches,
        ...(report.breaches.length === 0 && { definitions: [w.noBreaches] }),
        table: {
          columns: [
            { key: 'number', label: w.ticket, align: 'right', format: 'int' },
            { key: 'subject', label: w.subject, format: 'text' },
            { key: 'organizationName', label: w.client, format: 'text' },
            { key: 'agreementNumber', label: w.agreement, format: 'text' },
            { key: 'priority', label: w.priority, format: 'text' },
            { key: 'kind', label: w.kind, format: 'text' },
            { key: 'dueAt', label: w.dueAt, format: 'text' },
            { key: 'doneAt', label: w.doneAt, format: 'text' },
          ],
          rows: report.breaches.map((b) => ({
            number: b.number,
            subject: b.subject,
            organizationName: b.organizationName,
            agreementNumber: b.agreementNumber,
            priority: b.priority,
            kind: w[b.kind],
            dueAt: localTime(b.dueAt, b.zone, opts.language),
            doneAt: b.doneAt === null ? null : localTime(b.doneAt, b.zone, opts.language),
          })),
        },
      },
    ],
  };
}
