/** The balance audit's result as one record, and its files: balance.json and cells.csv. */
import { join } from 'node:path';
import { writeFileAtomic } from '@geneava/core/util';
import { formatCsv } from '../../report/csv.js';
import { attributeAgreement, type AgreementRow, type AttributeEstimates } from './attribute-check.js';
import { balanceCounts, countedStatus, type BalanceCounts, type BalanceScope } from './balance-counts.js';
import type { BalanceSource } from './balance-items.js';

export interface BalanceReport {
  readonly source: { readonly kind: 'dataset' | 'plan'; readonly file: string };
  /** Rows read. */
  readonly items: number;
  readonly counts: BalanceCounts;
  /** The analyzer's age and gender against the labels, when images were checked. */
  readonly attributes?: {
    readonly checked: number;
    readonly estimated: number;
    readonly noFace: readonly string[];
    readonly failed: readonly { readonly id: string; readonly reason: string }[];
    readonly agreement: readonly AgreementRow[];
  };
}

/** `scope` narrows the expected values of an axis (e.g. the expressions a plan was made for); default the whole taxonomy. */
export function balanceReport(source: BalanceSource, estimates?: AttributeEstimates, scope: BalanceScope = {}): BalanceReport {
  const counts = balanceCounts(source.items, scope);
  const counted = countedStatus(source.items);
  return {
    source: { kind: source.kind, file: source.file },
    items: source.items.length,
    counts,
    ...(estimates
      ? {
          attributes: {
            checked: estimates.checked,
            estimated: estimates.estimates.size,
            noFace: estimates.noFace,
            failed: estimates.failed,
            agreement: attributeAgreement(source.items.filter(counted), estimates.estimates, counts.levels),
          },
        }
      : {}),
  };
}

export interface BalanceReportFiles {
  readonly json: string;
  readonly cellsCsv: string;
}

export async function writeBalanceReport(outDir: string, report: BalanceReport): Promise<BalanceReportFiles> {
  const files = { json: join(outDir, 'balance.json'), cellsCsv: join(outDir, 'cells.csv') };
  await writeFileAtomic(files.json, `${JSON.stringify(report, null, 2)}\n`);
  const target = report.counts.summary.target;
  await writeFileAtomic(
    files.cellsCsv,
    formatCsv(
      ['expression', 'gender', 'race', 'age_group', 'count', 'deviation'],
      report.counts.cells.map((c) => [c.expression, c.gender, c.race, c.ageGroup, c.count, Math.round((c.count - target) * 1e6) / 1e6]),
    ),
  );
  return files;
}
