/**
 * Vector comparisons for embeddings and score vectors. They refuse mismatched or empty inputs instead
 * of returning a number: a silent NaN would later poison a set mean far from its cause.
 */

/** Cosine similarity of two vectors of the same length; throws for a zero vector. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>, what = 'vectors'): number {
  if (a.length !== b.length) throw new RangeError(`${what}: cannot compare vectors of length ${a.length} and ${b.length}`);
  if (a.length === 0) throw new RangeError(`${what}: cannot compare empty vectors`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  if (!(normA > 0 && normB > 0)) throw new RangeError(`${what}: cosine is undefined for a zero vector`);
  if (!Number.isFinite(dot + normA + normB)) throw new RangeError(`${what}: vectors hold non-finite values`);
  // Rounding can push |cos| of parallel vectors a hair past 1; clamp so thresholds at 1 behave.
  return Math.max(-1, Math.min(1, dot / Math.sqrt(normA * normB)));
}

/** Euclidean distance of two vectors of the same length. */
export function euclideanDistance(a: ArrayLike<number>, b: ArrayLike<number>, what = 'vectors'): number {
  if (a.length !== b.length) throw new RangeError(`${what}: cannot compare vectors of length ${a.length} and ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  return Math.sqrt(sum);
}
