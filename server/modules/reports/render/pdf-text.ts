import type { ReportLanguage } from './cell-format.js';
import { dateTimeFormat } from '../../../shared/date-format.js';

/** The PDF's own words (the report's words come in its ReportDocument, already in its language). */
const words = {
  ru: {
    page: (n: number, of: number) => `Страница ${n} из ${of}`,
    generated: (at: string) => `Сформировано ${at}`,
    period: 'Период',
    noData: 'За этот период данных нет.',
    truncated: (shown: string, total: string) =>
      `Показаны первые ${shown} строк из ${total}. Полный список — в файле XLSX этого отчёта.`,
  },
  en: {
    page: (n: number, of: number) => `Page ${n} of ${of}`,
    generated: (at: string) => `Generated ${at}`,
    period: 'Period',
    noData: 'No data for this period.',
    truncated: (shown: string, total: string) =>
      `The first ${shown} rows of ${total} are shown. The full list is in this report's XLSX file.`,
  },
} as const;

export const pdfText = (language: ReportLanguage) => words[language];

/** The instant a report was made, one format per language, in UTC (the PDF has no reader's zone). */
export function formatGeneratedAt(iso: string, language: ReportLanguage): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const text = dateTimeFormat(language === 'ru' ? 'ru-RU' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(at);
  return `${text} UTC`;
}

export const formatCount = (n: number, language: ReportLanguage) =>
  new Intl.NumberFormat(language === 'ru' ? 'ru-RU' : 'en-US').format(n);
