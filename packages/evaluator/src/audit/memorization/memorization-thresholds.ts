/**
 * When a generated face counts as a memorized identity: its nearest reference face has cosine
 * similarity >= the identity model's threshold. A threshold belongs to one model and one set of
 * weights, so the defaults are keyed by the identity model the audit embeds with.
 *
 * The GenEAva paper (section IV-C) calls two faces the same identity when the ArcFace cosine
 * *similarity* exceeds 0.68, a threshold it fitted by maximum information gain. PAPER_MEMORIZATION_THRESHOLD
 * is that setting (ArcFace, nearest neighbour, similarity > 0.68). The number resembles DeepFace's
 * ArcFace cosine-*distance* threshold, but the paper's text and results (mean nearest-neighbour
 * similarity 0.39, nothing above the threshold) read it as a similarity. For other models the
 * threshold comes from calibration (`geneava calibrate identity`).
 */
import type { IdentityThresholdSource } from '../../metrics/thresholds.js';

export interface MemorizationThreshold extends IdentityThresholdSource {
  /** Flag only similarity > threshold ("exceeds", the paper's wording); default >=. */
  readonly strict?: boolean;
}

/** The paper-faithful setting; for the `arcface` identity model only. */
export const PAPER_MEMORIZATION_THRESHOLD: MemorizationThreshold = Object.freeze({
  threshold: 0.68,
  strict: true,
  basis: 'GenEAva paper, section IV-C: same identity when the ArcFace cosine similarity exceeds 0.68 (fitted there by maximum information gain)',
});

export const MEMORIZATION_THRESHOLDS: Readonly<Record<string, MemorizationThreshold>> = Object.freeze({
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
export function memorizationThreshold(model: string, override?: number): MemorizationThreshold {
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
