/**
 * The pure parts of the report pages: periods of the filter, the charts of a report's rows, a schedule in words.
 * No DOM, no requests: test/ui/report-view.test.ts checks them.
 */

const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
const dateOf = (/** @type {number} */ y, /** @type {number} */ m0, /** @type {number} */ d) => {
  const at = new Date(Date.UTC(y, m0, d));
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
};

/** @typedef {{ from: string, to: string }} Period */

/**
 * The calendar month of a date and the month before it (YYYY-MM-DD, both days included).
 * @param {string} today YYYY-MM-DD in the viewer's zone
 * @returns {{ this: Period, last: Period }}
 */
export function monthPeriods(today) {
  const [y, m] = today.split('-').map(Number);
  return {
    this: { from: dateOf(y, m - 1, 1), to: dateOf(y, m, 0) },
    last: { from: dateOf(y, m - 2, 1), to: dateOf(y, m - 1, 0) },
  };
}

/**
 * Which choice of the period filter a period is: this month, last month, or dates of one's own.
 * @param {Period} period
 * @param {string} today
 * @returns {'this' | 'last' | 'custom'}
 */
export function presetOf(period, today) {
  const months = monthPeriods(today);
  if (period.from === months.this.from && period.to === months.this.to) return 'this';
  if (period.from === months.last.from && period.to === months.last.to) return 'last';
  return 'custom';
}

/** @typedef {import('../../../server/modules/reports/report-document.js').ChartSpec} ChartSpec */

/**
 * The SLA report's chart: compliance of reaction and resolution per row, as the mailed PDF draws it.
 * @param {{ rows: any[] }} report
 * @param {(row: any) => string} label the row's group as people read it
 * @param {{ title: string, reaction: string, resolution: string }} words
 * @returns {ChartSpec | null} null when there is nothing to draw
 */
export function slaChartSpec(report, label, words) {
  // A group where nothing was due has no compliance: a bar at 0 % would read as all missed.
  const rows = report.rows.filter((r) => r.reactionCompliance !== null || r.resolutionCompliance !== null);
  if (rows.length === 0) return null;
  return {
    kind: 'bar',
    title: words.title,
    categories: rows.map(label),
    series: [
      { name: words.reaction, values: rows.map((r) => r.reactionCompliance ?? 0) },
      { name: words.resolution, values: rows.map((r) => r.resolutionCompliance ?? 0) },
    ],
    unit: 'percent',
  };
}

/**
 * The tickets report's chart: created, resolved and backlog per row.
 * @param {{ rows: { label: string, created: number, resolved: number, backlog: number }[] }} report
 * @param {{ title: string, created: string, resolved: string, backlog: string }} words
 * @returns {ChartSpec | null}
 */
export function ticketsChartSpec(report, words) {
  if (report.rows.length === 0) return null;
  return {
    kind: 'bar',
    title: words.title,
    categories: report.rows.map((r) => r.label),
    series: /** @type {const} */ (['created', 'resolved', 'backlog']).map((k) => ({
      name: words[k],
      values: report.rows.map((r) => r[k]),
    })),
    unit: 'count',
  };
}

/**
 * "1st", "2nd", "23rd" (en) or "1-й" (ru): the ordinal of a working day.
 * @param {number} n
 * @param {string} language
 */
export function ordinal(n, language) {
  if (language === 'ru') return `${n}-й`;
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/**
 * A mailed period's key as people read it: "2026-11" → "November 2026", "2026-Q4" → "Q4 2026" / "4 кв. 2026",
 * a week ("2026-W47") as it is.
 * @param {string} key
 * @param {string} language
 */
export function periodKeyText(key, language) {
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  if (month) {
    const text = new Intl.DateTimeFormat(language === 'ru' ? 'ru-RU' : 'en-GB', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1)));
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
  if (quarter) return language === 'ru' ? `${quarter[2]} кв. ${quarter[1]}` : `Q${quarter[2]} ${quarter[1]}`;
  return key;
}
