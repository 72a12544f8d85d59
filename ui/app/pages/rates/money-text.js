// Money as people type and read it, in the viewer's language ('ru' or 'en', passed in: this file stays pure). Sums are parsed from their digits into integer kopecks, never through a
// float, so "2 500,50" is exactly 250050 kopecks.

const MAX_KOPECKS = 10n ** 12n;

/**
 * "2 500,50", "2,500.50", "2500.5", "1.234,56 ₽" → kopecks; null when the text is not a sum of money. A
 * separator followed by one or two digits at the end is the decimal one; the others group thousands.
 * @param {string} text
 * @returns {number | null}
 */
export function parseRubles(text) {
  const s = String(text)
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/^₽/, '')
    .replace(/(₽|руб\.?|р\.|rub)$/i, '');
  if (!s || s.length > 24) return null;
  const decimal = /^(.*)[.,](\d{1,2})$/.exec(s);
  const whole = decimal ? decimal[1] : s;
  const fraction = decimal ? decimal[2].padEnd(2, '0') : '00';
  if (!/^\d+$/.test(whole) && !/^\d{1,3}(,\d{3})+$/.test(whole) && !/^\d{1,3}(\.\d{3})+$/.test(whole)) return null;
  const kopecks = BigInt(whole.replace(/[.,]/g, '')) * 100n + BigInt(fraction);
  return kopecks > MAX_KOPECKS ? null : Number(kopecks);
}

/** @param {string} lang */
const wholeFormat = (lang) => new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 0 });

/** Kopecks as a sum to edit: "2 500,50" (ru), "2,500.50" (en). @param {number} kopecks @param {string} lang */
export function rublesText(kopecks, lang) {
  const rubles = Math.floor(kopecks / 100);
  const rest = String(kopecks % 100).padStart(2, '0');
  return `${wholeFormat(lang).format(rubles)}${lang === 'ru' ? ',' : '.'}${rest}`;
}

/** Kopecks as money: "2 500,50 ₽" (ru), "₽2,500.50" (en). @param {number} kopecks @param {string} lang */
export const formatRubles = (kopecks, lang) =>
  lang === 'ru' ? `${rublesText(kopecks, lang)} ₽` : `₽${rublesText(kopecks, lang)}`;

/**
 * A percentage as typed, "12,5" or "12.5" → basis points (1250); null unless 0–100 with at most two decimals.
 * @param {string} text
 * @returns {number | null}
 */
export function parsePercentBp(text) {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(String(text).replace(/[\s\u00a0%]/g, ''));
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp > 10000 ? null : bp;
}

/** Basis points as a percentage: "12,5 %" (ru), "12.5%" (en). @param {number} bp @param {string} lang */
export function formatPercentBp(bp, lang) {
  const whole = Math.floor(bp / 100);
  const rest = String(bp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  const number = rest ? `${whole}${lang === 'ru' ? ',' : '.'}${rest}` : String(whole);
  return lang === 'ru' ? `${number} %` : `${number}%`;
}
