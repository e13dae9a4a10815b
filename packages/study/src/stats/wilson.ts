/** A share with its Wilson score interval (95% by default): sound for small n and for shares near 0 or 1. */
export interface Rate {
  readonly yes: number;
  readonly n: number;
  /** yes / n; NaN when n is 0. */
  readonly rate: number;
  /** [0, 1] when n is 0 (nothing is known). */
  readonly ci95: readonly [number, number];
}

const Z95 = 1.959963984540054;

export function wilsonRate(yes: number, n: number, z = Z95): Rate {
  if (n === 0) return { yes, n, rate: Number.NaN, ci95: [0, 1] };
  const p = yes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { yes, n, rate: p, ci95: [Math.max(0, centre - half), Math.min(1, centre + half)] };
}
