import { greedyNms } from './nms.js';
import { decodeRetinaface, retinafacePriors } from './retinaface-decode.js';
import { decodeScrfd, scaleCandidate } from './scrfd-decode.js';

/**
 * SCRFD with keypoints on a 64 x 64 input: strides 8, 16, 32 give 8x8, 4x4 and 2x2 grids with two
 * anchors per location: 128, 32 and 8 anchors.
 */
function scrfdOutputs(): Float32Array[] {
  const counts = [128, 32, 8];
  const scores = counts.map((n) => new Float32Array(n).fill(0.1));
  const boxes = counts.map((n) => new Float32Array(n * 4));
  const kps = counts.map((n) => new Float32Array(n * 10));
  // Stride 16, location (x 2, y 1), second anchor: index (1 * 4 + 2) * 2 + 1 = 13, centre (32, 16).
  scores[1]![13] = 0.9;
  boxes[1]!.set([1, 2, 3, 4], 13 * 4);
  kps[1]!.set([-1, -0.5, 1, -0.5, 0, 0.25, -0.75, 1, 0.75, 1], 13 * 10);
  // Stride 8, location (x 0, y 0), first anchor: centre (0, 0), score exactly at the threshold.
  scores[0]![0] = 0.5;
  boxes[0]!.set([0, 0, 1, 1], 0);
  return [...scores, ...boxes, ...kps];
}

describe('decodeScrfd', () => {
  it('decodes distances times the stride from anchor centres on the (x * stride, y * stride) grid', () => {
    const found = decodeScrfd(scrfdOutputs(), { inputWidth: 64, inputHeight: 64 });
    expect(found).toHaveLength(2);
    const face = found.find((c) => c.score > 0.8)!;
    expect(face.box).toEqual({ x1: 32 - 16, y1: 16 - 32, x2: 32 + 48, y2: 16 + 64 });
    expect(face.points).toEqual([
      [16, 8],
      [48, 8],
      [32, 20],
      [20, 32],
      [44, 32],
    ]);
    expect(face.points5).toEqual(face.points);
    expect(face.eyes).toEqual([
      [16, 8],
      [48, 8],
    ]);
    expect(found.find((c) => c.score === 0.5)!.box).toEqual({ x1: 0, y1: 0, x2: 8, y2: 8 });
    expect(Math.fround(0.1) >= 0.5).toBe(false);
  });

  it('uses the score threshold it is given and checks output sizes against the input size', () => {
    expect(decodeScrfd(scrfdOutputs(), { inputWidth: 64, inputHeight: 64, scoreThreshold: 0.6 })).toHaveLength(1);
    expect(() => decodeScrfd(scrfdOutputs(), { inputWidth: 128, inputHeight: 64 })).toThrow(/stride 8 of a 128x64 input has 256 anchors/);
    expect(() => decodeScrfd(scrfdOutputs().slice(0, 8), { inputWidth: 64, inputHeight: 64 })).toThrow(/8 outputs/);
  });

  it('decodes the 6-output layout (no keypoints) without five points', () => {
    const outputs = scrfdOutputs().slice(0, 6);
    const face = decodeScrfd(outputs, { inputWidth: 64, inputHeight: 64 }).find((c) => c.score > 0.8)!;
    expect(face.points).toEqual([]);
    expect(face.points5).toBeUndefined();
  });

  it('maps to the image by dividing by det_scale', () => {
    const face = decodeScrfd(scrfdOutputs(), { inputWidth: 64, inputHeight: 64 }).find((c) => c.score > 0.8)!;
    const scaled = scaleCandidate(face, 0.5);
    expect(scaled.box).toEqual({ x1: 32, y1: -32, x2: 160, y2: 160 });
    expect(scaled.points5![2]).toEqual([64, 40]);
  });

  it('then suppresses with whole-pixel IoU above 0.4, as InsightFace', () => {
    const a = { box: { x1: 0, y1: 0, x2: 9, y2: 9 }, score: 0.9, points: [] };
    // Whole-pixel IoU: overlap 6 x 10 = 60 over 100 + 100 - 60 = 0.4286 > 0.4: dropped.
    const b = { box: { x1: 4, y1: 0, x2: 13, y2: 9 }, score: 0.8, points: [] };
    // Overlap 5 x 10 = 50 over 150 = 0.333: kept.
    const c = { box: { x1: 5, y1: 0, x2: 14, y2: 9 }, score: 0.7, points: [] };
    expect(greedyNms([a, b], { iouThreshold: 0.4, plusOne: true })).toEqual([a]);
    expect(greedyNms([a, c], { iouThreshold: 0.4, plusOne: true })).toEqual([a, c]);
  });
});

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
