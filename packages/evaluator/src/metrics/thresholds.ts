/**
 * Identity-verification thresholds on cosine similarity, per identity model. A pair counts as the same
 * person when cosine >= threshold. Thresholds never carry over between models (or between weights of
 * one architecture), so each is keyed by the model name the analyzer reports.
 */

import { SHIPPED_THRESHOLD_RECORDS, shippedBasis, shippedThreshold } from '../calibration/default-thresholds.js';

export interface IdentityThresholdSource {
  readonly threshold: number;
  /** How the number was obtained, so a report can say what "verified" means. */
  readonly basis: string;
}

/**
 * Defaults. Calibrate on your own (same person, different person) pairs with `geneava calibrate
 * identity` (calibrateIdentity()) and pass the result as a threshold override.
 *
 * - mobileface: fitted by maximum information gain on photo/avatar pairs of the 22 sample faces
 *   stylized by the classic stylizer (calibration/defaults/mobileface.json holds the whole basis);
 *   rounded to 0.01. Few people: the record's interval and caveats say how uncertain it is.
 * - arcface 0.28: the "same person" cut of InsightFace's recognition demo for buffalo_l w600k_r50
 *   (0.20-0.28 "likely", >= 0.28 "same"). It is not the GenEAva paper's 0.68, which is DeepFace's cosine
 *   *distance* for its own ArcFace weights (similarity >= 0.32) and does not apply to other weights.
 * - faceres has none: its same- and different-person cosines overlap (cartoon same-person minimum 0.20,
 *   different-person maximum 0.66), so no cut separates them; its cosine is reported, not verified.
 */
export const DEFAULT_IDENTITY_THRESHOLDS: Readonly<Record<string, IdentityThresholdSource>> = Object.freeze({
  mobileface: {
    threshold: shippedThreshold(SHIPPED_THRESHOLD_RECORDS['mobileface']!),
    basis: shippedBasis(SHIPPED_THRESHOLD_RECORDS['mobileface']!),
  },
  arcface: {
    threshold: 0.28,
    basis: 'InsightFace recognition demo cut for buffalo_l w600k_r50 (>= 0.28 same person)',
  },
});

/**
 * The thresholds in force: the defaults, with `overrides` (model -> threshold) replacing or adding
 * entries. A threshold must be a finite number in [-1, 1], the range of a cosine.
 */
export function resolveIdentityThresholds(
  overrides: Readonly<Record<string, number>> = {},
): Readonly<Record<string, IdentityThresholdSource>> {
  const resolved: Record<string, IdentityThresholdSource> = { ...DEFAULT_IDENTITY_THRESHOLDS };
  for (const [model, threshold] of Object.entries(overrides)) {
    if (!(Number.isFinite(threshold) && threshold >= -1 && threshold <= 1)) {
      throw new RangeError(`identity threshold for ${model} must be a cosine in [-1, 1], got ${threshold}`);
    }
    resolved[model] = { threshold, basis: 'configured' };
  }
  return Object.freeze(resolved);
}
