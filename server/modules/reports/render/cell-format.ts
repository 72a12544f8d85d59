import type { ReportTable } from '../report-document.js';

export type CellFormat = NonNullable<ReportTable['columns'][number]['format']>;
export type ReportLanguage = 'ru' | 'en';

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(language: ReportLanguage, kind: 'int' | 'percent' | 'money'): Intl.NumberFormat {
  const key = `${language}:${kind}`;
  let format = numberFormats.get(key);
  if (!format) {
    const locale = language === 'ru' ? 'ru-RU' : 'en-US';
    format =
      kind === 'money'
        ? new Intl.NumberFormat(locale, { style: 'currency', currency: 'RUB', currencyDisplay: 'narrowSymbol' })
        : kind === 'percent'
          ? new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
          : new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    numberFormats.set(key, format);
  }
  return format;
}

/** Whole minutes as "1 ч 30 мин" / "1 h 30 min", "45 мин", "2 ч". */
export function formatMinutes(minutes: number, language: ReportLanguage): string {
  const total = Math.round(Math.abs(minutes));
  const h = Math.floor(total / 60);
  const m = total % 60;
  const [hu, mu] = language === 'ru' ? ['ч', 'мин'] : ['h', 'min'];
  const sign = minutes < 0 && total > 0 ? '−' : '';
  const hours = numberFormat(language, 'int').format(h);
  if (h && m) return `${sign}${hours}\u00a0${hu} ${m}\u00a0${mu}`;
  if (h) return `${sign}${hours}\u00a0${hu}`;
  return `${sign}${m}\u00a0${mu}`;
}

/**
 * A raw table value as the reader reads it: percent from a 0..1 fraction ("95,0 %" / "95.0%"), minutes as
 * hours and minutes, money from kopecks ("2 500,00 ₽" / "₽2,500.00"), integers with digit grouping. No value
 * is a dash. Pure: the PDF uses it, and the XLSX and the screen can.
 */
export function formatCell(
  value: string | number | null | undefined,
  format: CellFormat | undefined,
  language: ReportLanguage,
): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string' || format === 'text' || !Number.isFinite(value)) return String(value);
  switch (format) {
    case 'percent': {
      const figure = numberFormat(language, 'percent').format(value * 100);
      return language === 'ru' ? `${figure}\u00a0%` : `${figure}%`;
    }
    case 'minutes':
      return formatMinutes(value, language);
    case 'money':
      // Integer kopecks to roubles: the division is exact for display (two decimals are all there is).
      return numberFormat(language, 'money').format(value / 100);
    default:
      return numberFormat(language, 'int').format(value);
  }
}
