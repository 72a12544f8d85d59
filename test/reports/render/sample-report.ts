import type { ReportDocument, ReportTable } from '../../../server/modules/reports/report-document.js';

/** A ticket list of `count` rows: subjects, priorities, minutes and money, like a monthly pack's. */
export function ticketTable(count: number): ReportTable {
  return {
    columns: [
      { key: 'number', label: '№', format: 'text' },
      { key: 'subject', label: 'Тема', format: 'text' },
      { key: 'priority', label: 'Приоритет', format: 'text' },
      { key: 'resolution', label: 'Решение', format: 'minutes' },
      { key: 'amount', label: 'Сумма', format: 'money' },
    ],
    rows: Array.from({ length: count }, (_, i) => ({
      number: `#${1001 + i}`,
      subject: `Заявка ${i + 1}: ${i % 7 === 0 ? 'не работает печать в бухгалтерии на втором этаже после обновления' : 'настройка почты'}`,
      priority: `P${(i % 4) + 1}`,
      resolution: 30 + ((i * 37) % 600),
      amount: 150000 + ((i * 1234) % 90000),
    })),
    totals: { number: null, subject: 'Итого', priority: null, resolution: 12345, amount: 9876500 },
  };
}

/** A monthly client pack in Russian: SLA per priority (bar), trend (line), hours (stacked bar), tickets. */
export function monthlyPack(rows = 300): ReportDocument {
  return {
    title: 'Ежемесячный отчёт для клиента',
    subtitle: 'ООО «Ромашка», договор 2026-014',
    periodLabel: '1–30 ноября 2026',
    generatedAt: '2026-12-01T06:00:00Z',
    language: 'ru',
    sections: [
      {
        heading: 'Соблюдение SLA по приоритетам',
        definitions: [
          'Соблюдение — доля заявок, по которым реакция (решение) уложилась в срок в рабочем времени календаря договора.',
          'Медиана и p90 — в рабочих минутах.',
        ],
        chart: {
          kind: 'bar',
          title: 'Соблюдение SLA',
          categories: ['P1', 'P2', 'P3', 'P4'],
          series: [
            { name: 'Реакция', values: [0.95, 0.875, 1, 0.9] },
            { name: 'Решение', values: [0.8, 0.9, 0.97, 1] },
          ],
          unit: 'percent',
        },
        table: {
          columns: [
            { key: 'priority', label: 'Приоритет' },
            { key: 'tickets', label: 'Заявок', format: 'int' },
            { key: 'reaction', label: 'Реакция в срок', format: 'percent' },
            { key: 'resolution', label: 'Решение в срок', format: 'percent' },
            { key: 'median', label: 'Медиана решения', format: 'minutes' },
          ],
          rows: [
            { priority: 'P1', tickets: 20, reaction: 0.95, resolution: 0.8, median: 90 },
            { priority: 'P2', tickets: 40, reaction: 0.875, resolution: 0.9, median: 240 },
            { priority: 'P3', tickets: 1234, reaction: 1, resolution: 0.97, median: 45 },
            { priority: 'P4', tickets: 10, reaction: 0.9, resolution: 1, median: 600 },
          ],
          totals: { priority: 'Итого', tickets: 1304, reaction: 0.99, resolution: 0.96, median: 60 },
        },
      },
      {
        heading: 'Динамика заявок',
        chart: {
          kind: 'line',
          categories: Array.from({ length: 30 }, (_, i) => `${i + 1}.11`),
          series: [
            { name: 'Создано', values: Array.from({ length: 30 }, (_, i) => 5 + ((i * 7) % 11)) },
            { name: 'Решено', values: Array.from({ length: 30 }, (_, i) => 4 + ((i * 5) % 12)) },
          ],
          unit: 'count',
        },
      },
      {
        heading: 'Часы пакета',
        definitions: ['Оплачиваемые трудозатраты списываются из пакета часов договора.'],
        chart: {
          kind: 'stacked-bar',
          categories: ['Неделя 1', 'Неделя 2', 'Неделя 3', 'Неделя 4'],
          series: [
            { name: 'Оплачиваемые', values: [6, 8.5, 4, 7] },
            { name: 'Неоплачиваемые', values: [1, 2, 0.5, 1.5] },
          ],
          unit: 'hours',
        },
        table: {
          columns: [
            { key: 'item', label: 'Статья' },
            { key: 'minutes', label: 'Время', format: 'minutes' },
            { key: 'amount', label: 'Сумма', format: 'money' },
          ],
          rows: [
            { item: 'Пакет на месяц', minutes: 2400, amount: 25000000 },
            { item: 'Использовано', minutes: 1530, amount: null },
            { item: 'Сверх пакета', minutes: 90, amount: 250000 },
          ],
        },
      },
      { heading: 'Заявки периода', table: ticketTable(rows) },
    ],
  };
}
