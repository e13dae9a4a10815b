import type { FaceAnalysis, MetricRecord } from '@geneava/core/contracts';
import { PAIR_METRICS } from './metric-names.js';
import type { IdentityThresholdSource } from './thresholds.js';
import { cosineSimilarity } from './vectors.js';

type Details = Readonly<Record<string, string | number | boolean>>;

/**
 * identity.cosine for every identity model both analyses carry (in `order` first, then the rest by
 * name), and identity.verified for those with a threshold.
 */
export function identityMetrics(
  real: FaceAnalysis,
  avatar: FaceAnalysis,
  thresholds: Readonly<Record<string, IdentityThresholdSource>>,
  order: readonly string[],
  details: Details,
): MetricRecord[] {
  const shared = Object.keys(real.identity).filter((model) => avatar.identity[model] !== undefined);
  const rank = (model: string) => (order.includes(model) ? order.indexOf(model) : order.length);
  shared.sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0));
  const records: MetricRecord[] = [];
  for (const model of shared) {
    const cosine = cosineSimilarity(real.identity[model]!, avatar.identity[model]!, `identity embeddings (${model})`);
    records.push({ metric: PAIR_METRICS.identityCosine, model, value: cosine, higherIsBetter: true, details });
    const threshold = thresholds[model];
    if (threshold) {
      records.push({
        metric: PAIR_METRICS.identityVerified,
        model,
        value: cosine >= threshold.threshold ? 1 : 0,
        higherIsBetter: true,
        details: { ...details, threshold: threshold.threshold },
      });
    }
  }
  return records;
}
