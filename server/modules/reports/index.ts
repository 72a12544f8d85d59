// The reports module's public face: other modules and the composition root import only this file.
export { reportRoutes } from './reports.routes.js';
export { reportDocument, reportOutput, REPORT_NAMES } from './report-catalogue.js';
export type { ReportName } from './report-catalogue.js';
export type { ReportOutput } from './reports.service.js';
export { reportRenderers } from './report-exports.js';
export type { ReportRenderer } from './report-exports.js';
export type { ReportDocument, ReportSection, ReportTable, ChartSpec } from './report-document.js';
