/**
 * What a pair records when the avatar's face is missing: every rate the found face would have had a
 * value for is a failure (0), so a stylizer that loses faces is never scored on the faces it kept alone.
 * Continuous measures (cosines, distances) have no value for a face that is not there; their summaries
 * are over found faces, with the miss rate (1 − detection.redetected) beside them.
 */
import type { FaceAnalysis, MetricRecord } from '@geneava/core/contracts';
import { PAIR_METRICS } from './metric-names.js';
import type { IdentityThresholdSource } from './thresholds.js';

/**
 * Why no avatar face was scored: the stylizer reported the face is not in its output, no face was
 * detected on the avatar, or faces were detected but none where the real face was mapped to.
 */
export type MissReason = 'not-in-output' | 'no-face' | 'elsewhere';

type Details = Readonly<Record<string, string | number | boolean>>;

/**
 * Zero-valued rates for a missed face: identity.verified for each of the real face's identity models
 * that has a threshold (in `order` first, then by name), expression.top1_agree when the real face has
 * emotion scores, gender.agree when it has a gender. detection.redetected is the caller's.
 */
export function missRecords(
  real: FaceAnalysis,
  thresholds: Readonly<Record<string, IdentityThresholdSource>>,
  order: readonly string[],
  details: Details,
): MetricRecord[] {
  const rank = (model: string) => (order.includes(model) ? order.indexOf(model) : order.length);
  const models = Object.keys(real.identity)
    .filter((model) => thresholds[model] !== undefined)
    .sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0));
  const records: MetricRecord[] = models.map((model) => ({
    metric: PAIR_METRICS.identityVerified,
    model,
    value: 0,
    higherIsBetter: true,
    details: { ...details, threshold: thresholds[model]!.threshold },
  }));
  if (real.expression && Object.keys(real.expression.probabilities).length > 0) {
    records.push({ metric: PAIR_METRICS.expressionTop1Agree, value: 0, higherIsBetter: true, details });
  }
  if (real.gender) records.push({ metric: PAIR_METRICS.genderAgree, value: 0, higherIsBetter: true, details });
  return records;
}
