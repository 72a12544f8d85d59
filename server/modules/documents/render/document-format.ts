import { dateTimeFormat } from '../../../shared/date-format.js';

/**
 * How figures and dates read on a printed document, one way per language. Pure: no pdfkit, no database.
 * Money is integer kopecks everywhere until here; only the printed text has a decimal separator.
 */
export type DocumentLanguage = 'ru' | 'en';

const groupFormats = {
  ru: new Intl.NumberFormat('ru-RU'),
  en: new Intl.NumberFormat('en-US'),
};
const quantityFormats = {
  ru: new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 3 }),
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 }),
};

/**
 * "42 000,50" / "42,000.50". Formatted from whole roubles and the kopeck remainder, not from a float division,
 * so 1e15 kopecks still print every digit. A negative amount (a storno act) gets a minus sign.
 */
export function formatMoney(kopecks: number, language: DocumentLanguage): string {
  const sign = kopecks < 0 ? '−' : '';
  const abs = Math.abs(Math.trunc(kopecks));
  const roubles = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  const whole = groupFormats[language].format(roubles);
  return `${sign}${whole}${language === 'ru' ? ',' : '.'}${cents}`;
}

/** 1.5 → "1,5" / "1.5"; up to the thousandths the lines are stored in. */
export const formatQuantity = (quantity: number, language: DocumentLanguage) =>
  quantityFormats[language].format(quantity);

/** A VAT rate as printed in a column: "22 %" / "22%", «Без НДС» / "No VAT". */
export function formatVatRate(rate: number | null, language: DocumentLanguage): string {
  if (rate === null) return language === 'ru' ? 'Без НДС' : 'No VAT';
  return language === 'ru' ? `${rate} %` : `${rate}%`;
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtcDate(date: string): Date | null {
  const m = isoDate.exec(date);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** «4 декабря 2026 г.» / "December 4, 2026": the date in a document's title and its sentences. */
export function formatLongDate(date: string, language: DocumentLanguage): string {
  const d = toUtcDate(date);
  if (!d) return date;
  const options = { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' } as const;
  return dateTimeFormat(language === 'ru' ? 'ru-RU' : 'en-US', options).format(d);
}

/** «04.12.2026» / "Dec 4, 2026": dates in tables and references. */
export function formatShortDate(date: string, language: DocumentLanguage): string {
  const d = toUtcDate(date);
  if (!d) return date;
  if (language === 'ru') {
    const [y, m, day] = date.split('-');
    return `${day}.${m}.${y}`;
  }
  return dateTimeFormat('en-US', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** Business-time minutes of an SLA target: «4 ч», «1 ч 30 мин», «30 мин» / "4 h", "1 h 30 min". */
export function formatTargetMinutes(minutes: number | null, language: DocumentLanguage): string {
  if (minutes === null) return '—';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const [hu, mu] = language === 'ru' ? ['ч', 'мин'] : ['h', 'min'];
  if (h && m) return `${h} ${hu} ${m} ${mu}`;
  if (h) return `${h} ${hu}`;
  return `${m} ${mu}`;
}
