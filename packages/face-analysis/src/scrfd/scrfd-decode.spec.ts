import { scaleCandidate } from '../common/candidate.js';
import { greedyNms } from '../common/nms.js';
import { decodeScrfd } from './scrfd-decode.js';

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
