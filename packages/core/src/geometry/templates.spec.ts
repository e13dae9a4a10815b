import type { FivePoints, Point2 } from '../contracts/image.js';
import { applyAffine, IDENTITY_AFFINE, similarityAffine, type AffineMatrix } from './affine.js';
import {
  ARCFACE_112_TEMPLATE,
  arcfaceTemplate,
  DCTNET_288_POINTS,
  dctnetTemplate,
  estimateArcfaceTransform,
  estimateDctnetTransform,
} from './templates.js';

function expectMatrix(actual: AffineMatrix, expected: readonly number[], tolerance: number): void {
  actual.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(tolerance));
}

function mapFive(points: FivePoints, m: AffineMatrix): FivePoints {
  const p = points.map((q) => applyAffine(m, q)) as Point2[];
  return [p[0], p[1], p[2], p[3], p[4]];
}

describe('ArcFace template (InsightFace estimate_norm)', () => {
  it('keeps the 112 template at 112 and scales it by size/112 at multiples of 112', () => {
    expect(arcfaceTemplate(112)).toEqual(ARCFACE_112_TEMPLATE);
    expect(arcfaceTemplate(224)[0][0]).toBeCloseTo(2 * 38.2946, 12);
    expect(arcfaceTemplate(224)[4][1]).toBeCloseTo(2 * 92.2041, 12);
  });

  it('at 128 uses ratio 1 and shifts x by 8; at 256 ratio 2 and shift 16', () => {
    expect(arcfaceTemplate(128)[0][0]).toBeCloseTo(38.2946 + 8, 12);
    expect(arcfaceTemplate(128)[0][1]).toBeCloseTo(51.6963, 12);
    expect(arcfaceTemplate(256)[1][0]).toBeCloseTo(73.5318 * 2 + 16, 12);
    expect(arcfaceTemplate(256)[1][1]).toBeCloseTo(51.5014 * 2, 12);
    expect(() => arcfaceTemplate(100)).toThrow(/neither a multiple of 112 nor of 128/);
  });

  it('maps the template onto itself with the identity', () => {
    expectMatrix(estimateArcfaceTransform(ARCFACE_112_TEMPLATE, 112), IDENTITY_AFFINE, 1e-12);
  });

  it('moves 112-template points by (+8·ratio, 0) for a 128-multiple crop', () => {
    expectMatrix(estimateArcfaceTransform(ARCFACE_112_TEMPLATE, 128), [1, 0, 8, 0, 1, 0], 1e-12);
    expectMatrix(estimateArcfaceTransform(ARCFACE_112_TEMPLATE, 256), [2, 0, 16, 0, 2, 0], 1e-12);
  });

  it('undoes a known similarity of the face', () => {
    const placement = similarityAffine(3.1, 0.35, [0, 0], [420, 180]);
    const detected = mapFive(ARCFACE_112_TEMPLATE, placement);
    const m = estimateArcfaceTransform(detected, 112);
    detected.forEach((p, i) => {
      const [x, y] = applyAffine(m, p);
      expect(x).toBeCloseTo(ARCFACE_112_TEMPLATE[i][0], 9);
      expect(y).toBeCloseTo(ARCFACE_112_TEMPLATE[i][1], 9);
    });
  });
});

describe('DCT-Net 288 template', () => {
  it('derives the listed points from ArcFace + 1 px, ratio 0.75 about 56, scale 288/112', () => {
    // First x by hand: (38.2946 + 1 − 56)·0.75 + 56 = 43.47095; ·288/112 = 111.78244.
    expect(dctnetTemplate()[0][0]).toBeCloseTo(111.78244, 5);
    dctnetTemplate().forEach((p, i) => {
      expect(Math.abs(p[0] - DCTNET_288_POINTS[i][0])).toBeLessThanOrEqual(1e-3);
      expect(Math.abs(p[1] - DCTNET_288_POINTS[i][1])).toBeLessThanOrEqual(1e-3);
    });
  });

  it('estimates the crop transform with cp2tform: a face placed by a known similarity comes back', () => {
    const placement = similarityAffine(1.9, -0.2, [0, 0], [150, 90]);
    const detected = mapFive(DCTNET_288_POINTS, placement);
    const m = estimateDctnetTransform(detected);
    detected.forEach((p, i) => {
      const [x, y] = applyAffine(m, p);
      expect(x).toBeCloseTo(DCTNET_288_POINTS[i][0], 9);
      expect(y).toBeCloseTo(DCTNET_288_POINTS[i][1], 9);
    });
  });
});
