/**
 * A report as people read it, whatever the output: the screen, CSV, XLSX or a PDF with charts. Each report of
 * the catalogue turns its figures into one of these (in the reader's language); the renderers know nothing of
 * tickets or SLAs.
 */
export interface ReportDocument {
  /** e.g. "SLA compliance" / "Соблюдение SLA". */
  title: string;
  /** e.g. "ООО «Ромашка», agreement 2026-014". */
  subtitle?: string;
  /** The period as people read it, e.g. "1–30 November 2026". */
  periodLabel: string;
  /** When it was made, ISO instant (shown in the footer). */
  generatedAt: string;
  language: 'ru' | 'en';
  sections: ReportSection[];
}

export interface ReportSection {
  heading: string;
  /** What the figures mean, written next to them (e.g. how compliance is counted). */
  definitions?: string[];
  table?: ReportTable;
  chart?: ChartSpec;
}

export interface ReportTable {
  columns: Array<{
    key: string;
    label: string;
    align?: 'left' | 'right';
    format?: 'text' | 'int' | 'percent' | 'minutes' | 'money';
  }>;
  /** Values raw: numbers stay numbers (percent as a 0..1 fraction, minutes as integers, money in kopecks). */
  rows: Array<Record<string, string | number | null>>;
  /** A totals row, same keys. */
  totals?: Record<string, string | number | null>;
}

/** One chart, drawn by the same library on the screen and in mailed PDFs. */
export interface ChartSpec {
  kind: 'bar' | 'line' | 'pie' | 'stacked-bar';
  title?: string;
  categories: string[];
  series: Array<{ name: string; values: number[] }>;
  /** How values read on the axis and labels. */
  unit?: 'count' | 'percent' | 'minutes' | 'hours';
}
