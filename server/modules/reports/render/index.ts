// Rendering of report documents: charts (one ECharts option for the UI and the server's SVG) and the PDF.
export { renderReportPdf } from './report-pdf.js';
export { chartSvg, pdfChartSize } from './chart-svg.js';
export { chartOption, formatChartValue } from './chart-option.js';
export { formatCell, formatMinutes } from './cell-format.js';
export { PDF_TABLE_ROW_LIMIT } from './pdf-table.js';
