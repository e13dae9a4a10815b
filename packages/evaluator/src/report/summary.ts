import type { EvaluatorInfo, FaceAnalyzerInfo, SetMetric } from '@geneava/core/contracts';
import type { IdentityThresholdSource } from '../metrics/thresholds.js';
import type { PairOutcome } from '../pairing/evaluate-pairs.js';
import type { UnpairedImage } from '../pairing/pair-files.js';

/** What summary.json holds: how the run was set up, what happened to every input, and the set metrics. */
export interface EvaluationSummary {
  readonly evaluator: EvaluatorInfo;
  readonly analyzer?: FaceAnalyzerInfo;
  readonly thresholds: Readonly<Record<string, IdentityThresholdSource>>;
  readonly counts: {
    readonly pairs: number;
    readonly ok: number;
    readonly failed: number;
    readonly unpaired: number;
    /** Files in the folders that are not images (by extension). */
    readonly ignoredFiles: number;
  };
  readonly labels?: { readonly file: string; readonly entries: number; readonly matched: number };
  /** The placements file the pairs were scored with (the stylizer's faces and transforms), when one was. */
  readonly placements?: { readonly file: string; readonly avatars: number };
  readonly failed: readonly { readonly id: string; readonly reason: string }[];
  readonly unpaired: readonly UnpairedImage[];
  readonly sets: readonly SetMetric[];
}

export interface SummaryInput {
  readonly evaluator: EvaluatorInfo;
  readonly analyzer?: FaceAnalyzerInfo;
  readonly thresholds: Readonly<Record<string, IdentityThresholdSource>>;
  readonly outcomes: readonly PairOutcome[];
  readonly unpaired: readonly UnpairedImage[];
  readonly ignoredFiles?: number;
  readonly labels?: EvaluationSummary['labels'];
  readonly placements?: EvaluationSummary['placements'];
  readonly sets: readonly SetMetric[];
}

export function buildSummary(input: SummaryInput): EvaluationSummary {
  const failed = input.outcomes.flatMap((outcome) => (outcome.status === 'failed' ? [{ id: outcome.id, reason: outcome.reason }] : []));
  return {
    evaluator: input.evaluator,
    ...(input.analyzer ? { analyzer: input.analyzer } : {}),
    thresholds: input.thresholds,
    counts: {
      pairs: input.outcomes.length,
      ok: input.outcomes.length - failed.length,
      failed: failed.length,
      unpaired: input.unpaired.length,
      ignoredFiles: input.ignoredFiles ?? 0,
    },
    ...(input.labels ? { labels: input.labels } : {}),
    ...(input.placements ? { placements: input.placements } : {}),
    failed,
    unpaired: input.unpaired,
    sets: input.sets,
  };
}
