import { bilateralFilter, bilateralKernel, bilateralSweep, COLOUR_DISTANCE_STEPS } from './bilateral.js';

/** Deterministic noise, roughly Gaussian (sum of three uniforms), standard deviation about `sigma`. */
function noiseSource(seed: number, sigma: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  // The sum of three U(0,1) has variance 3/12 = 1/4, so doubling it gives unit variance.
  return () => (uniform() + uniform() + uniform() - 1.5) * 2 * sigma;
}

function greyImage(width: number, height: number, valueAt: (x: number, y: number) => number) {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = Math.max(0, Math.min(255, Math.round(valueAt(x, y))));
      data.fill(v, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  return { width, height, data };
}

function redChannelStats(data: Uint8Array, width: number, height: number, columns: (x: number) => boolean) {
  let sum = 0;
  let sumSquares = 0;
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!columns(x)) continue;
      const v = data[(y * width + x) * 3];
      sum += v;
      sumSquares += v * v;
      count++;
    }
  }
  const mean = sum / count;
  return { mean, variance: sumSquares / count - mean * mean };
}

const defaults = { radius: 3, sigmaSpace: 2, sigmaColor: 24 };

describe('bilateralKernel', () => {
  it('combines the spatial and range Gaussians in one table', () => {
    const kernel = bilateralKernel({ radius: 2, sigmaSpace: 1, sigmaColor: 10 });
    expect(kernel.weights).toHaveLength(5 * COLOUR_DISTANCE_STEPS);
    // Centre tap, identical colour.
    expect(kernel.weights[2 * COLOUR_DISTANCE_STEPS]).toBe(1);
    // Offset 1, identical colour: exp(-1 / 2).
    expect(kernel.weights[3 * COLOUR_DISTANCE_STEPS]).toBeCloseTo(0.60653, 5);
    // Centre tap, L1 distance 30 = mean per-channel difference 10 = one sigmaColor: exp(-1 / 2).
    expect(kernel.weights[2 * COLOUR_DISTANCE_STEPS + 30]).toBeCloseTo(0.60653, 5);
    // Offset -2 and distance 60: exp(-4 / 2) * exp(-4 / 2) = exp(-4).
    expect(kernel.weights[0 * COLOUR_DISTANCE_STEPS + 60]).toBeCloseTo(0.018316, 6);
  });

  it('rejects a zero radius and non-positive sigmas', () => {
    expect(() => bilateralKernel({ radius: 0, sigmaSpace: 1, sigmaColor: 1 })).toThrow(/radius/);
    expect(() => bilateralKernel({ radius: 1, sigmaSpace: 0, sigmaColor: 1 })).toThrow(/sigmaSpace/);
  });
});

describe('bilateralSweep', () => {
  it('matches a hand-computed horizontal sweep on a 3x1 image', () => {
    // Grey pixels 0, 30, 0 with radius 2, sigmaSpace 1, sigmaColor 10.
    const src = new Uint8Array([0, 0, 0, 30, 30, 30, 0, 0, 0]);
    const dst = new Uint8Array(9);
    bilateralSweep(src, dst, 3, 1, bilateralKernel({ radius: 2, sigmaSpace: 1, sigmaColor: 10 }), 'horizontal');
    // Left pixel: neighbour at +1 is 30 away per channel (3 sigmaColor): weight exp(-0.5) * exp(-4.5) = exp(-5);
    // neighbour at +2 is equal: weight exp(-2). 30 e^-5 / (1 + e^-5 + e^-2) = 0.2020 / 1.1420 = 0.177 -> 0.
    // Middle pixel: both neighbours weight e^-5: 30 / (1 + 2 e^-5) = 29.60 -> 30.
    expect(Array.from(dst)).toEqual([0, 0, 0, 30, 30, 30, 0, 0, 0]);

    // With sigmaColor 30 the range weight at 30 per channel is exp(-0.5), so the neighbour at +1 weighs
    // exp(-0.5) * exp(-0.5) = e^-1. Left pixel: 30 e^-1 / (1 + e^-1 + e^-2) = 11.036 / 1.5032 = 7.34 -> 7.
    // Middle pixel: 30 / (1 + 2 e^-1) = 30 / 1.7358 = 17.28 -> 17.
    bilateralSweep(src, dst, 3, 1, bilateralKernel({ radius: 2, sigmaSpace: 1, sigmaColor: 30 }), 'horizontal');
    expect(Array.from(dst)).toEqual([7, 7, 7, 17, 17, 17, 7, 7, 7]);
  });

  it('runs along columns for the vertical axis', () => {
    const src = new Uint8Array([0, 0, 0, 30, 30, 30, 0, 0, 0]);
    const dst = new Uint8Array(9);
    bilateralSweep(src, dst, 1, 3, bilateralKernel({ radius: 2, sigmaSpace: 1, sigmaColor: 30 }), 'vertical');
    expect(Array.from(dst)).toEqual([7, 7, 7, 17, 17, 17, 7, 7, 7]);
    // A horizontal sweep of a 1-pixel-wide image has no neighbours and copies it.
    bilateralSweep(src, dst, 1, 3, bilateralKernel({ radius: 2, sigmaSpace: 1, sigmaColor: 30 }), 'horizontal');
    expect(Array.from(dst)).toEqual(Array.from(src));
  });
});

describe('bilateralSweep against the per-pixel definition', () => {
  // The definition, tap by tap from k = -r to r for each pixel: what the pair-wise sweep must reproduce.
  function referenceSweep(src: Uint8Array, width: number, height: number, kernel: ReturnType<typeof bilateralKernel>, horizontal: boolean): Uint8Array {
    const dst = new Uint8Array(src.length);
    const { radius, weights } = kernel;
    const step = horizontal ? 3 : width * 3;
    const length = horizontal ? width : height;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const centre = (y * width + x) * 3;
        const position = horizontal ? x : y;
        let r = 0;
        let g = 0;
        let b = 0;
        let sum = 0;
        for (let k = -radius; k <= radius; k++) {
          if (position + k < 0 || position + k >= length) continue;
          const p = centre + k * step;
          const d = Math.abs(src[p] - src[centre]) + Math.abs(src[p + 1] - src[centre + 1]) + Math.abs(src[p + 2] - src[centre + 2]);
          const w = weights[(k + radius) * COLOUR_DISTANCE_STEPS + d];
          r += w * src[p];
          g += w * src[p + 1];
          b += w * src[p + 2];
          sum += w;
        }
        dst[centre] = Math.round(r / sum);
        dst[centre + 1] = Math.round(g / sum);
        dst[centre + 2] = Math.round(b / sum);
      }
    }
    return dst;
  }

  it.each([
    [1, 1, 8],
    [3, 2, 24],
    [5, 3, 60],
    [8, 1.5, 4],
  ])('gives the same bytes as the per-pixel loop (radius %d, sigmaSpace %d, sigmaColor %d)', (radius, sigmaSpace, sigmaColor) => {
    const kernel = bilateralKernel({ radius, sigmaSpace, sigmaColor });
    // Odd sizes, lines shorter than the kernel included, textured and noisy content.
    for (const [width, height] of [[37, 23], [5, 41], [2, 3]] as const) {
      const noise = noiseSource(radius * 31 + width, 40);
      const src = new Uint8Array(width * height * 3);
      for (let i = 0; i < src.length; i++) src[i] = Math.max(0, Math.min(255, ((i * 7) % 200) + noise()));
      for (const horizontal of [true, false]) {
        const dst = new Uint8Array(src.length);
        bilateralSweep(src, dst, width, height, kernel, horizontal ? 'horizontal' : 'vertical');
        expect(Array.from(dst)).toEqual(Array.from(referenceSweep(src, width, height, kernel, horizontal)));
      }
    }
  });
});

describe('bilateralFilter', () => {
  it('leaves a constant image unchanged', () => {
    const data = new Uint8Array(9 * 7 * 3);
    for (let i = 0; i < data.length; i += 3) data.set([10, 200, 77], i);
    const out = bilateralFilter({ width: 9, height: 7, data }, defaults, 3);
    expect(Array.from(out.data)).toEqual(Array.from(data));
  });

  it('keeps a clean step edge exactly', () => {
    // 160 levels per channel apart: range weight exp(-(160/24)^2 / 2) = 2.3e-10, nothing crosses the step.
    const image = greyImage(40, 20, (x) => (x < 20 ? 40 : 200));
    const out = bilateralFilter(image, defaults, 2);
    expect(Array.from(out.data)).toEqual(Array.from(image.data));
  });

  it('reduces noise in flat areas while the step stays sharp', () => {
    const noise = noiseSource(7, 6);
    const image = greyImage(64, 48, (x) => (x < 32 ? 60 : 190) + noise());
    const out = bilateralFilter(image, defaults, 2);
    const flatLeft = (x: number) => x < 28;
    const flatRight = (x: number) => x >= 36;
    const before = redChannelStats(image.data, 64, 48, flatLeft);
    const after = redChannelStats(out.data, 64, 48, flatLeft);
    const beforeRight = redChannelStats(image.data, 64, 48, flatRight);
    const afterRight = redChannelStats(out.data, 64, 48, flatRight);
    // The noise has variance about 36; two passes should remove most of it.
    expect(before.variance).toBeGreaterThan(25);
    expect(after.variance).toBeLessThan(before.variance / 10);
    expect(afterRight.variance).toBeLessThan(beforeRight.variance / 10);
    expect(Math.abs(after.mean - before.mean)).toBeLessThan(1);
    // The columns touching the step keep their side's level (no blur across 130 levels).
    const stepLeft = redChannelStats(out.data, 64, 48, (x) => x === 31);
    const stepRight = redChannelStats(out.data, 64, 48, (x) => x === 32);
    expect(Math.abs(stepLeft.mean - 60)).toBeLessThan(1.5);
    expect(Math.abs(stepRight.mean - 190)).toBeLessThan(1.5);
  });

  it('returns a copy, not the input, for zero passes', () => {
    const image = greyImage(2, 2, () => 5);
    const out = bilateralFilter(image, defaults, 0);
    expect(out.data).not.toBe(image.data);
    expect(Array.from(out.data)).toEqual(Array.from(image.data));
  });
});
