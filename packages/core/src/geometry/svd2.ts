/** A 2x2 matrix, row-major: [m00, m01, m10, m11]. */
export type Matrix2 = readonly [number, number, number, number];

/** `a = u · diag(s) · vt`, with `s[0] >= s[1] >= 0` and `u`, `vt` orthogonal (numpy's `svd` layout). */
export interface Svd2 {
  readonly u: Matrix2;
  readonly s: readonly [number, number];
  readonly vt: Matrix2;
}

/**
 * Closed-form SVD of a 2x2 matrix. Any 2x2 matrix factors as rot(φ) · diag(σ1, σ2) · rot(θ) with
 * σ1 = Q + R, σ2 = Q − R, where Q and R are the lengths of its "rotation-like" part ((a+d)/2, (c−b)/2)
 * and "reflection-like" part ((a−d)/2, (c+b)/2). σ2 is negative exactly when det < 0; its sign is then
 * moved into the second row of vt so that both singular values are non-negative.
 * Singular vectors may differ in sign from LAPACK's, which changes no product u·diag(d)·vt that uses them
 * in matched pairs (as Umeyama does).
 */
export function svd2(a: Matrix2): Svd2 {
  const [m00, m01, m10, m11] = a;
  const e = (m00 + m11) / 2;
  const f = (m00 - m11) / 2;
  const g = (m10 + m01) / 2;
  const h = (m10 - m01) / 2;
  const q = Math.hypot(e, h);
  const r = Math.hypot(f, g);
  const sx = q + r;
  const sy = q - r;
  const a1 = Math.atan2(g, f);
  const a2 = Math.atan2(h, e);
  const theta = (a2 - a1) / 2;
  const phi = (a2 + a1) / 2;
  const cp = Math.cos(phi);
  const sp = Math.sin(phi);
  const ct = Math.cos(theta);
  const st = Math.sin(theta);
  const flip = sy < 0 ? -1 : 1;
  return {
    u: [cp, -sp, sp, cp],
    s: [sx, Math.abs(sy)],
    vt: [ct, -st, flip * st, flip * ct],
  };
}

export function det2(m: Matrix2): number {
  return m[0] * m[3] - m[1] * m[2];
}

export function multiply2(a: Matrix2, b: Matrix2): Matrix2 {
  return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3]];
}

/** numpy's `matrix_rank`: singular values above `max(s) · 2 · eps` count. */
export function rank2(s: readonly [number, number]): number {
  const tol = Math.max(s[0], s[1]) * 2 * Number.EPSILON;
  return (s[0] > tol ? 1 : 0) + (s[1] > tol ? 1 : 0);
}
