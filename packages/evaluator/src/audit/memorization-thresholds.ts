/**
 * When a generated face counts as a memorized identity: its nearest reference face has cosine
 * similarity >= the identity model's threshold. A threshold belongs to one model and one set of
 * weights, so the defaults are keyed by the identity model the audit embeds with.
 *
 * The GenEAva paper calls a pair the same identity when the ArcFace similarity "exceeds 0.68". That
 * number is most likely DeepFace's ArcFace threshold, which is a cosine *distance* (same person when
 * 1 - cos <= 0.68, i.e. cos >= 0.32) for DeepFace's own Keras ArcFace weights. Neither reading carries
 * over to other weights, so neither is a default here; pass it explicitly to reproduce the paper.
 */
import type { IdentityThresholdSource } from '../metrics/thresholds.js';

export const MEMORIZATION_THRESHOLDS: Readonly<Record<string, IdentityThresholdSource>> = Object.freeze({
  // Photo against photo is the memorization case. On the 22 sample faces, every different-person
  // cosine was <= 0.49 (<= 0.48 with the TF.js original), every photo against its flipped or blurred
  // self >= 0.84, and a face against its cartoon >= 0.53: 0.51 sits just above every different-person
  // pair measured, the same cut the preservation metrics use.
  mobileface: {
    threshold: 0.51,
    basis: 'provisional: above every different-person cosine measured on 22 faces (max 0.49); same-person photos scored >= 0.84',
  },
  // InsightFace's recognition demo for buffalo_l w600k_r50: >= 0.28 "the same person".
  arcface: {
    threshold: 0.28,
    basis: 'InsightFace recognition demo cut for buffalo_l w600k_r50 (>= 0.28 same person)',
  },
});

/** The threshold in force for `model`: the override when given (a cosine in [-1, 1]), else the default. */
export function memorizationThreshold(model: string, override?: number): IdentityThresholdSource {
  if (override !== undefined) {
    if (!(Number.isFinite(override) && override >= -1 && override <= 1)) {
      throw new RangeError(`memorization threshold must be a cosine similarity in [-1, 1], got ${override}`);
    }
    return { threshold: override, basis: 'configured' };
  }
  const known = MEMORIZATION_THRESHOLDS[model];
  if (!known) {
    throw new RangeError(
      `no default memorization threshold for identity model '${model}' (defaults exist for ${Object.keys(MEMORIZATION_THRESHOLDS).join(', ')}); give one`,
    );
  }
  return known;
}
