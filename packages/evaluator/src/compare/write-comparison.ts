import { join } from 'node:path';
import { writeFileAtomic } from '@geneava/core/util';
import { renderComparisonReport } from '../report/html/render-comparison-report.js';
import { comparisonJson } from './build-model.js';
import { formatComparisonCsv } from './comparison-csv.js';
import type { ComparisonModel } from './types.js';

export interface ComparisonFiles {
  readonly json: string;
  readonly csv: string;
  readonly html: string;
}

/**
 * Writes comparison.csv, report.html and comparison.json into `outDir` (created when missing), each
 * atomically. comparison.json goes last, so its presence means the other two are complete. The JSON is
 * the model without thumbnails (NaN, e.g. a mean over no values, is written as null).
 */
export async function writeComparisonReport(outDir: string, model: ComparisonModel): Promise<ComparisonFiles> {
  const files: ComparisonFiles = {
    json: join(outDir, 'comparison.json'),
    csv: join(outDir, 'comparison.csv'),
    html: join(outDir, 'report.html'),
  };
  await writeFileAtomic(files.csv, formatComparisonCsv(model));
  await writeFileAtomic(files.html, renderComparisonReport(model));
  await writeFileAtomic(files.json, `${JSON.stringify(comparisonJson(model), null, 2)}\n`);
  return files;
}
