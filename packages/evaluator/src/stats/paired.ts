import { assertFinite } from './finite.js';

/** a[i] - b[i] for paired samples; throws when the samples differ in length, since pairs would be lost. */
export function pairedDifferences(a: ArrayLike<number>, b: ArrayLike<number>, what: string): Float64Array {
  if (a.length !== b.length) {
    throw new RangeError(`${what}: paired samples must have the same length, got ${a.length} and ${b.length} values`);
  }
  assertFinite(a, `${what} (first sample)`);
  assertFinite(b, `${what} (second sample)`);
  const differences = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) differences[i] = a[i]! - b[i]!;
  return differences;
}
