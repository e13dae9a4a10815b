import { decodeRetinaface, retinafacePriors } from './retinaface-decode.js';

describe('retinafacePriors', () => {
  it('has (80^2 + 40^2 + 20^2) x 2 = 16800 priors at 640 x 640', () => {
    expect(retinafacePriors(640, 640).length / 4).toBe(16800);
  });

  it('lists per level, row, column and min size, with centres at (j + 0.5) * step / W', () => {
    const priors = retinafacePriors(32, 32);
    // 4x4x2 + 2x2x2 + 1x1x2.
    expect(priors.length / 4).toBe(42);
    const at = (p: number) => Array.from(priors.subarray(4 * p, 4 * p + 4));
    expect(at(0)).toEqual([0.125, 0.125, 0.5, 0.5]);
    expect(at(1)).toEqual([0.125, 0.125, 1, 1]);
    expect(at(2)).toEqual([0.375, 0.125, 0.5, 0.5]);
    expect(at(8)).toEqual([0.125, 0.375, 0.5, 0.5]);
    expect(at(32)).toEqual([0.25, 0.25, 2, 2]);
    expect(at(41)).toEqual([0.5, 0.5, 16, 16]);
  });
});

describe('decodeRetinaface', () => {
  it('decodes centre offsets with variance 0.1 and log sizes with variance 0.2, scaled to the input', () => {
    const priors = 42;
    const loc = new Float32Array(priors * 4);
    const conf = new Float32Array(priors * 2);
    const landms = new Float32Array(priors * 10);
    for (let p = 0; p < priors; p++) conf.set([0.9, 0.1], 2 * p);
    // Prior 0: centre (0.125, 0.125), size (0.5, 0.5).
    conf.set([0.2, 0.8], 0);
    loc.set([1, -1, 5 * Math.LN2, 0], 0);
    landms.set([2, 0, 0, 2, 0, 0, -2, 0, 0, -2], 0);
    const [face, ...rest] = decodeRetinaface({ loc, conf, landms }, 32, 32);
    expect(rest).toHaveLength(0);
    expect(face!.score).toBeCloseTo(0.8, 6);
    // Centre (0.175, 0.075), size (1.0, 0.5), times 32.
    const expected = { x1: -0.325 * 32, y1: -0.175 * 32, x2: 0.675 * 32, y2: 0.325 * 32 };
    for (const key of ['x1', 'y1', 'x2', 'y2'] as const) expect(face!.box[key]).toBeCloseTo(expected[key], 4);
    // Landmark k = prior centre + d * 0.1 * prior size: (0.125 + 0.1) * 32 = 7.2.
    expect(face!.points5![0][0]).toBeCloseTo(7.2, 4);
    expect(face!.points5![1][1]).toBeCloseTo(7.2, 4);
    expect(face!.points5![3][0]).toBeCloseTo(0.025 * 32, 4);
    expect(face!.points5![2]).toEqual([4, 4]);
  });

  it('checks the output sizes against the priors of the input size', () => {
    expect(() => decodeRetinaface({ loc: new Float32Array(4), conf: new Float32Array(2), landms: new Float32Array(10) }, 32, 32)).toThrow(/42 priors/);
  });
});
