/**
 * Holm's step-down adjustment (Holm 1979): with m p-values sorted ascending, the i-th (1-based) becomes
 * max over j <= i of min(1, (m - j + 1) p(j)). It controls the family-wise error rate over the m tests
 * without assuming they are independent, and is never less powerful than Bonferroni.
 * Returns the adjusted values in the input order.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`holmAdjust: p-value ${i} is ${p}, expected a number in [0, 1]`);
  });
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((i, j) => pValues[i]! - pValues[j]! || i - j);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((index, position) => {
    running = Math.max(running, Math.min(1, (m - position) * pValues[index]!));
    adjusted[index] = running;
  });
  return adjusted;
}
