/**
 * Which (generated, reference) pairs a pairwise metric averages over. All pairs when there are at most
 * `maxPairs`; otherwise a uniform random sample of `maxPairs` distinct pairs (Floyd's algorithm over
 * the pair indices), whose mean is an unbiased estimate of the mean over all pairs.
 */
import { mulberry32, type Random } from '../../stats/random.js';

/** Pairs are formed within each group only (all images in one group pairs everything with everything). */
export interface PairGroup {
  readonly name: string;
  /** Indices of the group's generated and reference images. */
  readonly generated: readonly number[];
  readonly reference: readonly number[];
}

export interface PairSample {
  /** [group index, generated index, reference index], sorted by group, then generated, then reference. */
  readonly pairs: readonly (readonly [number, number, number])[];
  /** Pairs there are in all. */
  readonly total: number;
  readonly sampled: boolean;
}

/** A uniform integer in [0, n) from two 32-bit draws, so indices up to 2^53 are all reachable. */
function uniformBelow(random: Random, n: number): number {
  return Math.min(n - 1, Math.floor((random() + random() / 4294967296) * n));
}

/** `k` distinct integers of [0, n), uniformly (Floyd's algorithm: k draws, k-entry set). */
export function sampleDistinct(n: number, k: number, random: Random): number[] {
  if (!(Number.isInteger(n) && Number.isInteger(k) && k >= 0 && k <= n)) throw new RangeError(`sampleDistinct: cannot draw ${k} of ${n}`);
  const chosen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = uniformBelow(random, j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b);
}

export function samplePairs(groups: readonly PairGroup[], maxPairs: number, seed: number): PairSample {
  if (!(Number.isInteger(maxPairs) && maxPairs >= 1)) throw new RangeError(`maximum pairs must be a positive integer, got ${maxPairs}`);
  const sizes = groups.map((g) => g.generated.length * g.reference.length);
  const total = sizes.reduce((a, b) => a + b, 0);
  const pairAt = (index: number): [number, number, number] => {
    let g = 0;
    while (index >= sizes[g]!) index -= sizes[g++]!;
    const m = groups[g]!.reference.length;
    return [g, groups[g]!.generated[Math.floor(index / m)]!, groups[g]!.reference[index % m]!];
  };
  const sampled = total > maxPairs;
  // Sorted indices map to pairs sorted by group and generated image, so each image is loaded once in a run.
  const indices = sampled ? sampleDistinct(total, maxPairs, mulberry32(seed)) : Array.from({ length: total }, (_, i) => i);
  return { pairs: indices.map(pairAt), total, sampled };
}
