export { csvField, formatCsv, parseCsv, type CsvValue } from './csv.js';
export { metricColumn, pairRecords, pairTable, type PairRecord } from './pair-rows.js';
export { buildSummary, type EvaluationSummary, type SummaryInput } from './summary.js';
export { writeEvaluationReport, type ReportFiles } from './write-report.js';
