/**
 * Average pairwise cosine similarity between two sets of embeddings (the paper's CLIP and DINO
 * scores), computed exactly in O((n + m) d) instead of O(n m d):
 *
 *   (1 / nm) sum_i sum_j <a_i/|a_i|, b_j/|b_j|> = < (1/n) sum_i a_i/|a_i| , (1/m) sum_j b_j/|b_j| >
 *
 * by linearity of the dot product: the mean over all pairs is the dot product of the two sets' mean
 * unit vectors. (It is NOT the cosine of the two mean vectors, which would divide by their lengths.)
 */

/** Running sum of the unit vectors of one set, in float64. */
export class UnitVectorSum {
  readonly sum: Float64Array;
  count = 0;

  constructor(readonly dim: number) {
    this.sum = new Float64Array(dim);
  }

  add(vector: ArrayLike<number>, what = 'embedding'): void {
    if (vector.length !== this.dim) throw new Error(`${what}: ${vector.length} values, expected ${this.dim}`);
    let norm = 0;
    for (let k = 0; k < this.dim; k++) norm += vector[k]! * vector[k]!;
    norm = Math.sqrt(norm);
    if (!(norm > 0) || !Number.isFinite(norm)) throw new Error(`${what}: a zero or non-finite vector has no direction`);
    for (let k = 0; k < this.dim; k++) this.sum[k]! += vector[k]! / norm;
    this.count++;
  }
}

/** Mean over all (a, b) pairs of the cosine similarity; NaN when either set is empty. */
export function averagePairwiseCosine(a: UnitVectorSum, b: UnitVectorSum): number {
  if (a.dim !== b.dim) throw new Error(`average pairwise cosine: ${a.dim}-d and ${b.dim}-d embeddings`);
  if (a.count === 0 || b.count === 0) return Number.NaN;
  let dot = 0;
  for (let k = 0; k < a.dim; k++) dot += a.sum[k]! * b.sum[k]!;
  return dot / (a.count * b.count);
}

/** The same mean by the definition, over every pair: the test oracle. */
export function averagePairwiseCosineNaive(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[]): number {
  let total = 0;
  for (const x of a) {
    for (const y of b) {
      let dot = 0;
      let nx = 0;
      let ny = 0;
      for (let k = 0; k < x.length; k++) {
        dot += x[k]! * y[k]!;
        nx += x[k]! * x[k]!;
        ny += y[k]! * y[k]!;
      }
      total += dot / Math.sqrt(nx * ny);
    }
  }
  return total / (a.length * b.length);
}
