import { chamferDistanceTransform, euclideanDistanceTransform } from './distance-transform.js';

/** 5x5 foreground with one background pixel in the middle. */
function centreHole(): Uint8Array {
  const binary = new Uint8Array(25).fill(1);
  binary[12] = 0;
  return binary;
}

/** Deterministic pseudo-random numbers in [0, 1) (a 32-bit LCG), so the test does not depend on Math.random. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('chamferDistanceTransform (OpenCV DIST_L2, 3x3)', () => {
  it('uses 0.955 per axial step and 1.3693 per diagonal step', () => {
    const d = chamferDistanceTransform(centreHole(), 5, 5);
    expect(d[12]).toBe(0);
    expect(d[7]).toBeCloseTo(0.955, 4); // one step up
    expect(d[6]).toBeCloseTo(1.3693, 4); // one diagonal step
    expect(d[2]).toBeCloseTo(2 * 0.955, 4); // two steps up
    expect(d[1]).toBeCloseTo(0.955 + 1.3693, 4); // knight's move: one axial + one diagonal
    expect(d[0]).toBeCloseTo(2 * 1.3693, 4); // corner: two diagonals
  });

  it('does not treat the image border as background, and is Infinity with no background at all', () => {
    const row = chamferDistanceTransform(Uint8Array.from([0, 1, 1, 1]), 4, 1);
    expect(Array.from(row, (v) => Number(v.toFixed(4)))).toEqual([0, 0.955, 1.91, 2.865]);
    expect(chamferDistanceTransform(new Uint8Array(4).fill(1), 2, 2)[0]).toBe(Infinity);
  });
});

describe('euclideanDistanceTransform (Felzenszwalb–Huttenlocher)', () => {
  it('gives true distances around a single background pixel', () => {
    const d = euclideanDistanceTransform(centreHole(), 5, 5);
    expect(d[7]).toBeCloseTo(1, 6);
    expect(d[6]).toBeCloseTo(Math.SQRT2, 6);
    expect(d[1]).toBeCloseTo(Math.sqrt(5), 6);
    expect(d[0]).toBeCloseTo(Math.sqrt(8), 6);
  });

  it('agrees with brute force on random masks', () => {
    const random = lcg(7);
    for (const [width, height, density] of [[13, 9, 0.1], [7, 16, 0.5], [20, 20, 0.02]] as const) {
      const binary = Uint8Array.from({ length: width * height }, () => (random() < density ? 0 : 1));
      const d = euclideanDistanceTransform(binary, width, height);
      for (let i = 0; i < binary.length; i++) {
        let best = Infinity;
        for (let j = 0; j < binary.length; j++) {
          if (binary[j] !== 0) continue;
          best = Math.min(best, Math.hypot((i % width) - (j % width), Math.floor(i / width) - Math.floor(j / width)));
        }
        expect(d[i]).toBeCloseTo(best, 5);
      }
    }
  });

  it('is Infinity with no background and checks the size', () => {
    expect(euclideanDistanceTransform(new Uint8Array(6).fill(1), 3, 2)[5]).toBe(Infinity);
    expect(() => euclideanDistanceTransform(new Uint8Array(5), 3, 2)).toThrow(/expected 3x2 = 6/);
  });
});
