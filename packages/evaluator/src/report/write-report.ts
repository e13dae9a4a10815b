import { join } from 'node:path';
import { toJsonl, writeFileAtomic } from '@geneava/core/util';
import { formatCsv } from './csv.js';
import { pairTable, type PairRecord } from './pair-rows.js';
import type { EvaluationSummary } from './summary.js';

export interface ReportFiles {
  readonly pairsJsonl: string;
  readonly pairsCsv: string;
  readonly summaryJson: string;
}

/**
 * Writes pairs.jsonl, pairs.csv and summary.json into `outDir` (created when missing). Each file is
 * written atomically, so a reader never sees half a report; summary.json is written last, so its
 * presence means the other two are complete.
 */
export async function writeEvaluationReport(outDir: string, records: readonly PairRecord[], summary: EvaluationSummary): Promise<ReportFiles> {
  const files: ReportFiles = {
    pairsJsonl: join(outDir, 'pairs.jsonl'),
    pairsCsv: join(outDir, 'pairs.csv'),
    summaryJson: join(outDir, 'summary.json'),
  };
  const table = pairTable(records);
  await writeFileAtomic(files.pairsJsonl, toJsonl(records));
  await writeFileAtomic(files.pairsCsv, formatCsv(table.header, table.rows));
  await writeFileAtomic(files.summaryJson, `${JSON.stringify(summary, null, 2)}\n`);
  return files;
}
