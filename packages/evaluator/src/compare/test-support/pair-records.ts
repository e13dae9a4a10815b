/** Hand-made pair records for tests of the comparison and its report. */
import type { MetricRecord } from '@geneava/core/contracts';
import type { ComparisonPair } from '../types.js';

export interface PairValues {
  readonly cosine?: number;
  readonly verified?: number;
  readonly top1?: number;
  readonly probCosine?: number;
  readonly geometry?: number;
  readonly redetected?: number;
  readonly faceres?: number;
  readonly ms?: number;
  /** stylization.strength (no direction, as the evaluator records it). */
  readonly strength?: number;
}

/** A scored pair with the evaluator's record names; only the values given are recorded. */
export function scoredPair(id: string, stylizer: string, values: PairValues): ComparisonPair {
  const metrics: MetricRecord[] = [];
  const add = (metric: string, value: number | undefined, higherIsBetter: boolean, model?: string) => {
    if (value !== undefined) metrics.push({ metric, value, higherIsBetter, ...(model ? { model } : {}) });
  };
  add('identity.cosine', values.cosine, true, 'mobileface');
  add('identity.verified', values.verified ?? (values.cosine === undefined ? undefined : values.cosine >= 0.51 ? 1 : 0), true, 'mobileface');
  add('identity.cosine', values.faceres, true, 'faceres');
  add('expression.top1_agree', values.top1, true);
  add('expression.prob_cosine', values.probCosine, true);
  add('expression.geometry_distance', values.geometry, false);
  if (values.geometry !== undefined) add('expression.geometry.mouthOpen', values.geometry / 2, false);
  add('detection.redetected', values.redetected ?? 1, true);
  if (values.strength !== undefined) metrics.push({ metric: 'stylization.strength', value: values.strength });
  return { id, stylizer, status: 'ok', metrics, ...(values.ms === undefined ? {} : { stylizeMs: values.ms }) };
}

export function failedPair(id: string, stylizer: string, reason = 'boom', stage: 'stylize' | 'save' | 'evaluate' = 'stylize'): ComparisonPair {
  return { id, stylizer, status: 'failed', stage, reason, stylizeMs: 1 };
}
