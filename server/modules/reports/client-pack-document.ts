import { shortLocal } from './breach-explanation.js';
import type { ClientPack } from './client-pack.js';
import type { ReportDocument } from './report-document.js';
import { statusLabels } from './report-labels.js';
import { periodLabel, type Language, type ReportPeriod } from './report-period.js';
import { PRIORITIES } from './sla-report.js';

const words = {
  en: {
    title: 'Monthly service report',
    agreement: 'agreement',
    tickets: 'Tickets of the period',
    ticketsDefinition:
      'Tickets under the agreement created before the period ended and not resolved or closed before it began: created, worked on or resolved in the period. Times in the agreement calendar’s zone.',
    noTickets: 'There were no tickets under the agreement in the period.',
    number: 'Ticket',
    subject: 'Subject',
    priority: 'Priority',
    status: 'Status',
    created: 'Created',
    resolved: 'Resolved',
    sla: 'SLA compliance per priority',
    slaDefinition:
      'Each deadline counts in the period its outcome was decided: met when the first public reply (the last resolution) came by the deadline, breached when the deadline passed in the period. Compliance = met ÷ (met + breached); “—” when nothing was due. Business time of the agreement’s calendar, paused time left out.',
    total: 'Total',
    count: 'Deadlines',
    reactionMet: 'Reaction met',
    reactionBreached: 'Reaction breached',
    reactionCompliance: 'Reaction compliance',
    resolutionMet: 'Resolution met',
    resolutionBreached: 'Resolution breached',
    resolutionCompliance: 'Resolution compliance',
    breaches: 'Breaches explained',
    breachesDefinition:
      'How late each missed deadline was, in business time of the agreement’s calendar; the time the clock stood still (waiting for the client) does not count.',
    noBreaches: 'No deadline was missed in the period.',
    kind: 'Deadline',
    reaction: 'reaction',
    resolution: 'resolution',
    explanation: 'Explanation',
    package: 'Hours used vs the package',
    packageDefinition:
      'Package periods that overlap the month: hours granted, used (billed minutes after the agreement’s rounding) and the balance left.',
    noPackage: 'The agreement has no hour package: the hours below are all the work logged.',
    packagePeriod: 'Package period',
    granted: 'Granted',
    used: 'Used',
    balance: 'Balance',
    hours: 'Hours per engineer',
    hoursDefinition:
      'Time logged on the agreement’s tickets on the days of the period, as entered, and of it billable.',
    noHours: 'No work was logged on the agreement in the period.',
    engineer: 'Engineer',
    minutes: 'Logged',
    billableMinutes: 'Billable',
    satisfaction: 'Client satisfaction',
    satisfactionDefinition:
      'Scores (1–5) the client’s contacts gave in the satisfaction surveys of the agreement’s tickets, answered in the period.',
    satisfactionAverage: 'Average score: {average} of 5 from {answers} answers.',
    noSatisfaction: 'No survey was answered in the period.',
    score: 'Score',
    answers: 'Answers',
    scores: ['very poor', 'poor', 'fair', 'good', 'excellent'],
  },
  ru: {
    title: 'Ежемесячный отчёт об обслуживании',
    agreement: 'договор',
    tickets: 'Заявки периода',
    ticketsDefinition:
      'Заявки по договору, созданные до конца периода и не решённые и не закрытые до его начала: созданные, бывшие в работе или решённые в периоде. Время — в часовом поясе графика договора.',
    noTickets: 'В периоде заявок по договору не было.',
    number: 'Заявка',
    subject: 'Тема',
    priority: 'Приоритет',
    status: 'Статус',
    created: 'Создана',
    resolved: 'Решена',
    sla: 'Соблюдение SLA по приоритетам',
    slaDefinition:
      'Каждый срок учитывается в периоде, когда решился его исход: соблюдён — первый публичный ответ (последнее решение) пришёл не позже срока, нарушен — срок истёк в периоде. Соблюдение = соблюдено ÷ (соблюдено + нарушено); «—», если сроков не было. Рабочее время графика договора без пауз.',
    total: 'Итого',
    count: 'Сроков',
    reactionMet: 'Реакция в срок',
    reactionBreached: 'Реакция нарушена',
    reactionCompliance: 'Соблюдение реакции',
    resolutionMet: 'Решение в срок',
    resolutionBreached: 'Решение нарушено',
    resolutionCompliance: 'Соблюдение решения',
    breaches: 'Нарушения с пояснениями',
    breachesDefinition:
      'На сколько просрочен каждый срок — в рабочем времени графика договора; время, когда часы стояли (ожидание клиента), не в счёт.',
    noBreaches: 'В периоде сроки не нарушались.',
    kind: 'Срок',
    reaction: 'реакция',
    resolution: 'решение',
    explanation: 'Пояснение',
    package: 'Часы и пакет',
    packageDefinition:
      'Периоды пакета, пересекающие месяц: выделено часов, израсходовано (минуты к оплате после округления по договору) и остаток.',
    noPackage: 'У договора нет пакета часов: ниже — вся учтённая работа.',
    packagePeriod: 'Период пакета',
    granted: 'Выделено',
    used: 'Израсходовано',
    balance: 'Остаток',
    hours: 'Часы по сотрудникам',
    hoursDefinition: 'Время в журнале работ по заявкам договора за дни периода, как внесено, и из него оплачиваемое.',
    noHours: 'В периоде работа по договору не учитывалась.',
    engineer: 'Сотрудник',
    minutes: 'Учтено',
    billableMinutes: 'Оплачиваемое',
    satisfaction: 'Удовлетворённость клиента',
    satisfactionDefinition:
      'Оценки (1–5), которые контакты клиента поставили в опросах удовлетворённости по заявкам договора, заполненных в периоде.',
    satisfactionAverage: 'Средняя оценка: {average} из 5, ответов: {answers}.',
    noSatisfaction: 'В периоде на опросы не отвечали.',
    score: 'Оценка',
    answers: 'Ответов',
    scores: ['очень плохо', 'плохо', 'удовлетворительно', 'хорошо', 'отлично'],
  },
} as const;

const localDate = (date: string, language: Language) => {
  const [y, m, d] = date.split('-');
  return language === 'ru' ? `${d}.${m}.${y}` : `${d}/${m}/${y}`;
};

export function clientPackDocument(
  pack: ClientPack,
  opts: {
    period: ReportPeriod;
    language: Language;
    generatedAt: string;
    organizationName: string;
    agreementNumber: string;
    zone: string;
  },
): ReportDocument {
  const w = words[opts.language];
  const lang = opts.language;
  const right = (key: string, label: string, format: 'int' | 'percent' | 'minutes') => ({
    key,
    label,
    align: 'right' as const,
    format,
  });
  const slaRows = pack.sla.rows.map((r) => ({
    priority: r.priority,
    reactionMet: r.reactionMet,
    reactionBreached: r.reactionBreached,
    reactionCompliance: r.reactionCompliance,
    resolutionMet: r.resolutionMet,
    resolutionBreached: r.resolutionBreached,
    resolutionCompliance: r.resolutionCompliance,
  }));
  const charted = slaRows.filter((r) => r.reactionCompliance !== null || r.resolutionCompliance !== null);
  const t = pack.sla.total;
  const minutesOf = (key: 'grantedMinutes' | 'usedMinutes' | 'balanceMinutes') =>
    pack.packages.reduce((s, p) => s + p[key], 0);
  const perPriority = (p: string) => pack.tickets.filter((x) => x.priority === p).length;
  return {
    title: w.title,
    subtitle: `${opts.organizationName}, ${w.agreement} ${opts.agreementNumber}`,
    periodLabel: periodLabel(opts.period, lang),
    generatedAt: opts.generatedAt,
    language: lang,
    sections: [
      {
        heading: w.tickets,
        definitions: [...(pack.tickets.length === 0 ? [w.noTickets] : []), w.ticketsDefinition],
        table: {
          columns: [
            right('number', w.number, 'int'),
            { key: 'subject', label: w.subject, format: 'text' },
            { key: 'priority', label: w.priority, format: 'text' },
            { key: 'status', label: w.status, format: 'text' },
            { key: 'created', label: w.created, format: 'text' },
            { key: 'resolved', label: w.resolved, format: 'text' },
          ],
          rows: pack.tickets.map((x) => ({
            number: x.number,
            subject: x.subject,
            priority: x.priority,
            status: statusLabels[x.status][lang],
            created: shortLocal(x.createdAt, opts.zone),
            resolved: x.doneAt === null ? null : shortLocal(x.doneAt, opts.zone),
          })),
        },
        chart: {
          kind: 'bar',
          title: w.tickets,
          categories: [...PRIORITIES],
          series: [{ name: w.tickets, values: PRIORITIES.map(perPriority) }],
          unit: 'count',
        },
      },
      {
        heading: w.sla,
        definitions: [w.slaDefinition],
        table: {
          columns: [
            { key: 'priority', label: w.priority, format: 'text' },
            right('reactionMet', w.reactionMet, 'int'),
            right('reactionBreached', w.reactionBreached, 'int'),
            right('reactionCompliance', w.reactionCompliance, 'percent'),
            right('resolutionMet', w.resolutionMet, 'int'),
            right('resolutionBreached', w.resolutionBreached, 'int'),
            right('resolutionCompliance', w.resolutionCompliance, 'percent'),
          ],
          rows: slaRows,
          totals: {
            priority: w.total,
            reactionMet: t.reactionMet,
            reactionBreached: t.reactionBreached,
            reactionCompliance: t.reactionCompliance,
            resolutionMet: t.resolutionMet,
            resolutionBreached: t.resolutionBreached,
            resolutionCompliance: t.resolutionCompliance,
          },
        },
        chart: {
          kind: 'bar',
          title: w.sla,
          // Only the priorities that had something due: an empty one would read as a 0 % bar.
          categories: charted.map((r) => r.priority ?? ''),
          series: [
            { name: w.reactionCompliance, values: charted.map((r) => r.reactionCompliance ?? 0) },
            { name: w.resolutionCompliance, values: charted.map((r) => r.resolutionCompliance ?? 0) },
          ],
          unit: 'percent',
        },
      },
      {
        heading: w.breaches,
        definitions: pack.breaches.length === 0 ? [w.noBreaches] : [w.breachesDefinition],
        table: {
          columns: [
            right('number', w.number, 'int'),
            { key: 'subject', label: w.subject, format: 'text' },
            { key: 'priority', label: w.priority, format: 'text' },
            { key: 'kind', label: w.kind, format: 'text' },
            { key: 'explanation', label: w.explanation, format: 'text' },
          ],
          rows: pack.breaches.map((b) => ({
            number: b.number,
            subject: b.subject,
            priority: b.priority,
            kind: w[b.kind],
            explanation: b.explanation,
          })),
        },
      },
      {
        heading: w.package,
        definitions: pack.packages.length === 0 ? [w.noPackage] : [w.packageDefinition],
        table: {
          columns: [
            { key: 'period', label: w.packagePeriod, format: 'text' },
            right('granted', w.granted, 'minutes'),
            right('used', w.used, 'minutes'),
            right('balance', w.balance, 'minutes'),
          ],
          rows: pack.packages.map((p) => ({
            period: `${localDate(p.start, lang)} – ${localDate(p.end, lang)}`,
            granted: p.grantedMinutes,
            used: p.usedMinutes,
            balance: p.balanceMinutes,
          })),
          ...(pack.packages.length > 1 && {
            totals: {
              period: w.total,
              granted: minutesOf('grantedMinutes'),
              used: minutesOf('usedMinutes'),
              balance: minutesOf('balanceMinutes'),
            },
          }),
        },
        ...(pack.packages.length > 0 && {
          chart: {
            kind: 'bar' as const,
            title: w.package,
            categories: pack.packages.map((p) => `${localDate(p.start, lang)} – ${localDate(p.end, lang)}`),
            series: [
              { name: w.granted, values: pack.packages.map((p) => p.grantedMinutes / 60) },
              { name: w.used, values: pack.packages.map((p) => p.usedMinutes / 60) },
            ],
            unit: 'hours' as const,
          },
        }),
      },
      {
        heading: w.hours,
        definitions: pack.hours.length === 0 ? [w.noHours] : [w.hoursDefinition],
        table: {
          columns: [
            { key: 'agentName', label: w.engineer, format: 'text' },
            right('minutes', w.minutes, 'minutes'),
            right('billableMinutes', w.billableMinutes, 'minutes'),
          ],
          rows: pack.hours.map((h) => ({ ...h })),
          totals: {
            agentName: w.total,
            minutes: pack.hours.reduce((s, h) => s + h.minutes, 0),
            billableMinutes: pack.hours.reduce((s, h) => s + h.billableMinutes, 0),
          },
        },
        ...(pack.hours.length > 0 && {
          chart: {
            kind: 'bar' as const,
            title: w.hours,
            categories: pack.hours.map((h) => h.agentName),
            series: [{ name: w.minutes, values: pack.hours.map((h) => h.minutes / 60) }],
            unit: 'hours' as const,
          },
        }),
      },
      {
        heading: w.satisfaction,
        definitions:
          pack.satisfaction.answers === 0
            ? [w.noSatisfaction]
            : [
                w.satisfactionDefinition,
                w.satisfactionAverage
                  .replace('{average}', pack.satisfaction.average!.toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-US'))
                  .replace('{answers}', String(pack.satisfaction.answers)),
              ],
        ...(pack.satisfaction.answers > 0 && {
          table: {
            columns: [{ key: 'score', label: w.score, format: 'text' as const }, right('answers', w.answers, 'int')],
            rows: [5, 4, 3, 2, 1].map((s) => ({
              score: `${s} — ${w.scores[s - 1]}`,
              answers: pack.satisfaction.distribution[s - 1]!,
            })),
            totals: { score: w.total, answers: pack.satisfaction.answers },
          },
        }),
      },
    ],
  };
}
