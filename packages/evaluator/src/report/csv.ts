// The evaluator's CSV names for core's RFC 4180 reader and writer (one implementation for dataset
// metadata, label files and reports).
export { csvCell as csvField, parseCsvRows, toCsv as formatCsv, type CsvCell as CsvValue } from '@geneava/core/util';
import { parseCsvRows } from '@geneava/core/util';

/** Parses CSV text into rows; errors name `source` and the line. */
export function parseCsv(text: string, source = 'CSV'): string[][] {
  return parseCsvRows(text, source);
}
