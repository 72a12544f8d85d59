import type { ClientRow, ExpiringService } from './clients-report.js';
import type { ReportDocument } from './report-document.js';
import { periodLabel, type Language, type ReportPeriod } from './report-period.js';

/** How far past the period's end the report looks for expiring services. */
export const EXPIRY_LOOKAHEAD_DAYS = 30;

export const clientDefinitions: Record<Language, string[]> = {
  en: [
    'Period: the dates from and to, both included, Moscow time.',
    'Created and resolved: the client’s tickets created (resolved, by their last resolution) in the period.',
    'Reaction and resolution compliance and breaches: as in the SLA report — each deadline counted in the period its outcome was decided; only tickets under an agreement.',
    'Package: hours granted and used over the package periods of the client’s agreements that overlap the report’s period; “—” without a package.',
    `Expiring: active recurring services (domains, certificates, licences…) that expire from the first day of the period to ${EXPIRY_LOOKAHEAD_DAYS} days after its last.`,
    'Satisfaction: the average score (1–5) the client’s contacts gave in satisfaction surveys answered in the period; answers: how many; “—” when none.',
  ],
  ru: [
    'Период — даты «с» и «по» включительно, по московскому времени.',
    'Создано и решено — заявки клиента, созданные (решённые, по последнему решению) в периоде.',
    'Соблюдение реакции и решения и нарушения — как в отчёте SLA: каждый срок учитывается в периоде, когда решился его исход; только заявки по договору.',
    'Пакет — часы, выделенные и израсходованные в периодах пакетов договоров клиента, пересекающих период отчёта; «—», если пакета нет.',
    `Истекают — активные регулярные услуги (домены, сертификаты, лицензии…), срок которых истекает с первого дня периода до ${EXPIRY_LOOKAHEAD_DAYS} дней после последнего.`,
    'Удовлетворённость — средняя оценка (1–5), которую контакты клиента поставили в опросах удовлетворённости, заполненных в периоде; ответов — сколько; «—», если их не было.',
  ],
};

const words = {
  en: {
    title: 'Clients',
    summary: 'Tickets, SLA and hours per client',
    expiringHeading: 'Expiring recurring services',
    client: 'Client',
    created: 'Created',
    resolved: 'Resolved',
    reactionCompliance: 'Reaction compliance',
    resolutionCompliance: 'Resolution compliance',
    breaches: 'Breaches',
    packageGrantedMinutes: 'Package, granted',
    packageUsedMinutes: 'Package, used',
    expiringServices: 'Expiring services',
    satisfactionAverage: 'Satisfaction',
    satisfactionAnswers: 'Survey answers',
    service: 'Service',
    kind: 'Kind',
    expiresOn: 'Expires',
    total: 'Total',
    empty: 'No client had tickets, a package or expiring services in the period: pick another period.',
    noExpiring: 'No recurring service expires in this window.',
  },
  ru: {
    title: 'Клиенты',
    summary: 'Заявки, SLA и часы по клиентам',
    expiringHeading: 'Истекающие регулярные услуги',
    client: 'Клиент',
    created: 'Создано',
    resolved: 'Решено',
    reactionCompliance: 'Соблюдение реакции',
    resolutionCompliance: 'Соблюдение решения',
    breaches: 'Нарушений',
    packageGrantedMinutes: 'Пакет, выделено',
    packageUsedMinutes: 'Пакет, израсходовано',
    expiringServices: 'Истекают услуг',
    satisfactionAverage: 'Удовлетворённость',
    satisfactionAnswers: 'Ответов на опросы',
    service: 'Услуга',
    kind: 'Вид',
    expiresOn: 'Истекает',
    total: 'Итого',
    empty: 'В периоде ни у одного клиента не было заявок, пакета или истекающих услуг: выберите другой период.',
    noExpiring: 'В этом окне регулярные услуги не истекают.',
  },
} as const;

/** "2026-12-05" as "05.12.2026" / "05/12/2026": the desk's one date format per language. */
const localDate = (date: string, language: Language) => {
  const [y, m, d] = date.split('-');
  return language === 'ru' ? `${d}.${m}.${y}` : `${d}/${m}/${y}`;
};

/** The average over every answer of the table: each client's average weighted by its answers. */
function average(rows: readonly ClientRow[]): number | null {
  const n = rows.reduce((s, r) => s + r.satisfactionAnswers, 0);
  if (n === 0) return null;
  const sum = rows.reduce((s, r) => s + (r.satisfactionAverage ?? 0) * r.satisfactionAnswers, 0);
  return Math.round((sum / n) * 100) / 100;
}

export function clientsDocument(
  report: { rows: ClientRow[]; expiring: ExpiringService[] },
  opts: { period: ReportPeriod; language: Language; generatedAt: string },
): ReportDocument {
  const w = words[opts.language];
  const num = (key: keyof typeof w & keyof ClientRow, format: 'int' | 'percent' | 'minutes') => ({
    key,
    label: w[key],
    align: 'right' as const,
    format,
  });
  const columns = [
    { key: 'organizationName', label: w.client, format: 'text' as const },
    num('created', 'int'),
    num('resolved', 'int'),
    num('reactionCompliance', 'percent'),
    num('resolutionCompliance', 'percent'),
    num('breaches', 'int'),
    num('packageGrantedMinutes', 'minutes'),
    num('packageUsedMinutes', 'minutes'),
    num('expiringServices', 'int'),
    // The average is a decimal of 1–5: the 'int' format writes numbers with up to two decimals.
    num('satisfactionAverage', 'int'),
    num('satisfactionAnswers', 'int'),
  ];
  const pick = (r: ClientRow) => Object.fromEntries(columns.map((c) => [c.key, r[c.key as keyof ClientRow]]));
  const sum = (key: 'created' | 'resolved' | 'breaches' | 'expiringServices' | 'satisfactionAnswers') =>
    report.rows.reduce((s, r) => s + r[key], 0);
  return {
    title: w.title,
    periodLabel: periodLabel(opts.period, opts.language),
    generatedAt: opts.generatedAt,
    language: opts.language,
    sections: [
      {
        heading: w.summary,
        definitions: [...(report.rows.length === 0 ? [w.empty] : []), ...clientDefinitions[opts.language]],
        table: {
          columns,
          rows: report.rows.map(pick),
          totals: {
            organizationName: w.total,
            created: sum('created'),
            resolved: sum('resolved'),
            reactionCompliance: null,
            resolutionCompliance: null,
            breaches: sum('breaches'),
            packageGrantedMinutes: null,
            packageUsedMinutes: null,
            expiringServices: sum('expiringServices'),
            satisfactionAverage: average(report.rows),
            satisfactionAnswers: sum('satisfactionAnswers'),
          },
        },
        chart: {
          kind: 'bar',
          title: w.summary,
          categories: report.rows.map((r) => r.organizationName),
          series: [
            { name: w.created, values: report.rows.map((r) => r.created) },
            { name: w.resolved, values: report.rows.map((r) => r.resolved) },
          ],
          unit: 'count',
        },
      },
      {
        heading: w.expiringHeading,
        ...(report.expiring.length === 0 && { definitions: [w.noExpiring] }),
        table: {
          columns: [
            { key: 'expiresOn', label: w.expiresOn, format: 'text' },
            { key: 'organizationName', label: w.client, format: 'text' },
            { key: 'name', label: w.service, format: 'text' },
            { key: 'kind', label: w.kind, format: 'text' },
          ],
          rows: report.expiring.map((e) => ({
            expiresOn: localDate(e.expiresOn, opts.language),
            organizationName: e.organizationName,
            name: e.name,
            kind: e.kind,
          })),
        },
      },
    ],
  };
}
