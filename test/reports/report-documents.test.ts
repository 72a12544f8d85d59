import t from 'tap';
import { slaReport } from '../../server/modules/reports/sla-report.js';
import { slaDefinitions, slaDocument } from '../../server/modules/reports/sla-document.js';
import { ticketDefinitions, ticketsDocument } from '../../server/modules/reports/tickets-document.js';
import { TicketsReportBuilder } from '../../server/modules/reports/tickets-report.js';
import { periodInstants } from '../../server/modules/reports/report-period.js';
import { summaryCsv } from '../../server/modules/reports/report-exports.js';
import { moscow8x5 } from '../calendars/helpers.js';

const period = { from: '2026-12-01', to: '2026-12-31' };
const created = Date.parse('2026-12-07T07:00:00Z'); // Mon 10:00 in Moscow

const sla = slaReport(
  [
    {
      id: 1,
      number: 101,
      subject: '=cmd|"/c calc"',
      organizationId: 1,
      organizationName: 'ООО «Ромашка»',
      agreementId: 7,
      agreementNumber: '2026-014',
      priority: 'P2',
      calendar: moscow8x5(),
      createdAt: created,
      firstResponseAt: created + 150 * 60_000,
      resolvedAt: created + 300 * 60_000,
      reactionDue: created + 120 * 60_000,
      resolutionDue: created + 540 * 60_000,
      reactionBreachedAt: created + 120 * 60_000,
      resolutionBreachedAt: null,
      pauses: [],
    },
  ],
  period,
  'priority',
);

t.test('the SLA document: figures, definitions and charts in both languages', async (t) => {
  for (const language of ['en', 'ru'] as const) {
    const doc = slaDocument(sla, { period, groupBy: 'priority', language, generatedAt: '2026-12-31T00:00:00.000Z' });
    t.equal(doc.language, language);
    t.equal(doc.sections.length, 3, 'compliance, business time, breaches');
    const [compliance, times, breaches] = doc.sections;
    t.strictSame(compliance!.definitions, slaDefinitions[language]);
    t.same(
      compliance!.table!.rows.map((r) => r.group),
      ['P1', 'P2', 'P3', 'P4'],
    );
    t.match(compliance!.table!.rows[1], { tickets: 1, reactionCompliance: 0, resolutionCompliance: 1 });
    t.equal(compliance!.table!.totals!.group, language === 'ru' ? 'Итого' : 'Total');
    t.same(compliance!.chart!.categories, ['P1', 'P2', 'P3', 'P4']);
    t.equal(compliance!.chart!.unit, 'percent');
    t.match(times!.table!.rows[1], { reactionMedianMinutes: 150, resolutionMedianMinutes: 300 });
    t.equal(breaches!.table!.rows.length, 1);
    t.match(breaches!.table!.rows[0], {
      number: 101,
      kind: language === 'ru' ? 'реакция' : 'reaction',
      // The deadline in the agreement calendar's zone: Mon 7 Dec 10:00 + 120 business minutes.
      dueAt: language === 'ru' ? '7 дек. 2026 г., 12:00' : '7 Dec 2026, 12:00',
    });
  }
  t.equal(slaDefinitions.en.length, slaDefinitions.ru.length, 'every definition in both languages');
  t.equal(ticketDefinitions.en.length, ticketDefinitions.ru.length);
});

t.test('the tickets document and the CSV of its summary', async (t) => {
  const builder = new TicketsReportBuilder(periodInstants(period, 'Europe/Moscow'), 'organization', 'ru');
  builder.add({
    id: 1,
    number: 1,
    subject: 's',
    status: 'open',
    priority: 'P2',
    type: 'incident',
    channel: 'email',
    createdAt: created,
    doneAt: null,
    service: null,
    team: null,
    organization: { id: 3, name: '=SUM(A1), "Ромашка"' },
  });
  const doc = ticketsDocument(builder.result(), {
    period,
    groupBy: 'organization',
    language: 'ru',
    generatedAt: '2026-12-31T00:00:00.000Z',
  });
  t.equal(doc.title, 'Заявки: клиент');
  t.match(doc.periodLabel, /^1 декабря 2026 г\. – 31 декабря 2026 г\.$/);
  const csv = summaryCsv(doc.sections[0]!.table!);
  t.ok(csv.startsWith('\uFEFFКлиент,Создано,Решено,Очередь,'), 'a BOM, then the headings');
  t.match(csv, /\r\n"'=SUM\(A1\), ""Ромашка""",1,0,1,0,0,0,1,0\r\n/, 'a formula stays text, quotes doubled');
  t.match(csv, /\r\nИтого,1,0,1,0,0,0,1,0\r\n$/);
});
