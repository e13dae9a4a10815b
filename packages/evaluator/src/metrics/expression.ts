import type { ExpressionScores, FaceAnalysis, MetricRecord } from '@geneava/core/contracts';
import { DEFAULT_GEOMETRY_SCALE, standardizedGeometryDistance, type GeometryScale } from './geometry/geometry-scale.js';
import { PAIR_METRICS } from './metric-names.js';
import { cosineSimilarity, euclideanDistance } from './vectors.js';

type Details = Readonly<Record<string, string | number | boolean>>;

/** The class with the highest probability (the first in key order on a tie). */
export function topClass(probabilities: Readonly<Record<string, number>>): string | undefined {
  let best: string | undefined;
  for (const [label, p] of Object.entries(probabilities)) {
    if (best === undefined || p > probabilities[best]!) best = label;
  }
  return best;
}

/**
 * Expression agreement between the real face and the avatar:
 * - expression.top1_agree and expression.prob_cosine from the classifier probabilities (classes missing
 *   on one side count as probability 0 there);
 * - expression.geometry_distance, the weighted root-mean-square of the standardised feature differences
 *   (see geometry/geometry-scale.ts: each difference over the feature's spread across real faces, the
 *   face-shape features at half weight), over the features both carry that the scale knows;
 * - expression.geometry.<feature>, each feature's absolute difference in its own units (inter-ocular
 *   distances), with both values and the standardised difference `z` in details.
 */
export function expressionMetrics(
  real: ExpressionScores | undefined,
  avatar: ExpressionScores | undefined,
  details: Details,
  scale: GeometryScale = DEFAULT_GEOMETRY_SCALE,
): MetricRecord[] {
  if (!real || !avatar) return [];
  const records: MetricRecord[] = [];
  const classes = [...new Set([...Object.keys(real.probabilities), ...Object.keys(avatar.probabilities)])];
  if (classes.length > 0) {
    const realTop = topClass(real.probabilities)!;
    const avatarTop = topClass(avatar.probabilities)!;
    records.push({
      metric: PAIR_METRICS.expressionTop1Agree,
      value: realTop === avatarTop ? 1 : 0,
      higherIsBetter: true,
      details: { ...details, real: realTop, avatar: avatarTop },
    });
    const vector = (p: Readonly<Record<string, number>>) => classes.map((label) => p[label] ?? 0);
    records.push({
      metric: PAIR_METRICS.expressionProbCosine,
      value: cosineSimilarity(vector(real.probabilities), vector(avatar.probabilities), 'expression probabilities'),
      higherIsBetter: true,
      details,
    });
  }

  const features = Object.keys(real.geometry).filter((name) => avatar.geometry[name] !== undefined);
  if (features.length > 0) {
    const perFeature: MetricRecord[] = [];
    for (const name of features) {
      const r = real.geometry[name]!;
      const a = avatar.geometry[name]!;
      if (!Number.isFinite(r) || !Number.isFinite(a)) throw new RangeError(`expression geometry feature ${name} is not finite (real ${r}, avatar ${a})`);
      const sd = scale.features[name]?.sd;
      perFeature.push({
        metric: `${PAIR_METRICS.expressionGeometryFeaturePrefix}${name}`,
        value: Math.abs(a - r),
        higherIsBetter: false,
        details: { ...details, real: r, avatar: a, ...(sd ? { z: (a - r) / sd } : {}) },
      });
    }
    const distance = standardizedGeometryDistance(real.geometry, avatar.geometry, scale);
    if (distance) {
      records.push({
        metric: PAIR_METRICS.expressionGeometryDistance,
        value: distance.value,
        higherIsBetter: false,
        details: { ...details, features: distance.features.length, scale: scale.basis },
      });
    }
    records.push(...perFeature);
  }
  return records;
}

/** Analyzers may add expression embeddings by model (e.g. POSTER's feature vector) beyond core's FaceAnalysis. */
type WithExpressionEmbeddings = FaceAnalysis & { readonly expressionEmbeddings?: Readonly<Record<string, Float32Array>> };

/**
 * expression.embedding_distance per expression-embedding model both faces carry: the Euclidean
 * distance between the raw embeddings, GenEAva's "expression error" when the model is POSTER.
 */
export function expressionEmbeddingMetrics(real: FaceAnalysis, avatar: FaceAnalysis, details: Details): MetricRecord[] {
  const a = (real as WithExpressionEmbeddings).expressionEmbeddings ?? {};
  const b = (avatar as WithExpressionEmbeddings).expressionEmbeddings ?? {};
  return Object.keys(a)
    .filter((model) => b[model] !== undefined)
    .sort()
    .map((model) => ({
      metric: PAIR_METRICS.expressionEmbeddingDistance,
      model,
      value: euclideanDistance(a[model]!, b[model]!, `expression embeddings (${model})`),
      higherIsBetter: false,
      details,
    }));
}
