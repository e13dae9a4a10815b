import type { DatasetBuildResult } from '@geneava/pipeline';
import type { IdentitySetEvaluation } from '@geneava/evaluator';

/** Lines per status shown before "... and N more" (the metadata holds them all). */
const SHOWN = 10;

function listed(kind: string, rows: readonly { id: string; reasons: readonly string[] }[], file: string): string[] {
  const lines = rows.slice(0, SHOWN).map((row) => `${kind}: ${row.id}: ${row.reasons.join('; ')}`);
  if (rows.length > SHOWN) lines.push(`${kind}: ... and ${rows.length - SHOWN} more (see ${file})`);
  return lines;
}

/** The human summary of a run: what was built where, what was resumed, and why items were dropped or failed. */
export function renderRunSummary(result: DatasetBuildResult): string {
  const { counts, stages, files } = result;
  const lines = [
    `Dataset ${result.out}: ${counts.items} item${counts.items === 1 ? '' : 's'}, ${counts.kept} kept, ${counts.dropped} dropped, ${counts.failed} failed in ${result.seconds} s`,
    `Stages: ${stages.ran} run now, ${stages.resumed} found done by an earlier run, ${stages.failed} failed${result.staleTempFiles ? `; ${result.staleTempFiles} unfinished temporary file(s) removed` : ''}`,
    `Files: ${[files.metadataJsonl, files.metadataCsv, files.card, ...(files.report ? [files.report] : [])].join(', ')}`,
    ...listed('dropped', result.records.filter((r) => r.status === 'dropped'), files.metadataCsv),
    ...listed('failed', result.records.filter((r) => r.status === 'failed'), files.metadataCsv),
    ...(result.replay.truncatedTail ? ['journal: its last entry was cut short by an interrupted write; it was dropped and that step redone'] : []),
    ...(result.replay.healedTail ? ['journal: its last entry had lost its line ending; the line ending was restored'] : []),
    ...(result.reportError ? [`report: not written: ${result.reportError}`] : []),
    ...(result.referenceProblems?.length ? [`reference sets: ${result.referenceProblems.length} file(s) not in the sets (unreadable, no face or not an image), listed in ${files.card}`] : []),
    ...(counts.items === 0 ? ['No items to build: check the source folder, --expressions and --max-items.'] : []),
    ...(counts.failed > 0 ? ['Run the same command again to retry the failed items.'] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** The --json summary: counts, files and every item's status and reasons (the records themselves are in metadata.jsonl). */
export function runSummaryJson(result: DatasetBuildResult): Record<string, unknown> {
  return {
    out: result.out,
    counts: result.counts,
    stages: result.stages,
    files: result.files,
    seconds: result.seconds,
    resumed: { journalEntries: result.replay.entries, truncatedTail: result.replay.truncatedTail, healedTail: result.replay.healedTail, staleTempFiles: result.staleTempFiles },
    items: result.records.map((r) => ({ id: r.id, expression: r.expression, status: r.status, reasons: r.reasons })),
    failedPhotos: result.failedPhotos,
    ...(result.reportError ? { reportError: result.reportError } : {}),
    ...(result.referenceProblems?.length ? { referenceProblems: result.referenceProblems } : {}),
  };
}

const three = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(3));
const ci = (interval: readonly [number, number] | undefined) => (interval && Number.isFinite(interval[0]) ? ` [${three(interval[0])}, ${three(interval[1])}]` : '');

/** One line per view and identity model: within-set and across-set identity similarity, their difference, and expression accuracy. */
export function renderIdentitySetLines(evaluation: IdentitySetEvaluation): string {
  const lines = evaluation.views.flatMap((view) => {
    const accuracy = view.expression ? `expression ${view.expression.k}/${view.expression.n} (${view.expression.level})` : 'expression n/a';
    const found = `${view.faces} faces, ${view.misses} without a face`;
    if (view.identity.length === 0) return [`identity sets, ${view.view}: no face found to compare; ${accuracy}; ${found}`];
    return view.identity.map(
      (c) =>
        `identity sets, ${view.view} [${c.model}]: within ${three(c.within.mean)}${ci(c.within.ci95)}, across ${three(c.across?.mean)}${ci(c.across?.ci95)}, ` +
        `difference ${three(c.difference?.value)}${ci(c.difference?.ci95)}; ${accuracy}; ${found}`,
    );
  });
  return `${lines.join('\n')}\n`;
}
