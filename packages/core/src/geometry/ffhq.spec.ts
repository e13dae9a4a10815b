import type { FivePoints, Point2 } from '../contracts/image.js';
import { applyAffine, similarityAffine } from './affine.js';
import { ffhqAffine, ffhqQuadFrom5, ffhqQuadFrom68, ffhqQuadFromPoints } from './ffhq.js';

function expectPoint(actual: Point2, expected: Point2, digits = 9): void {
  expect(actual[0]).toBeCloseTo(expected[0], digits);
  expect(actual[1]).toBeCloseTo(expected[1], digits);
}

describe('FFHQ quad', () => {
  it('is axis-aligned for a symmetric face, with the hand-computed size', () => {
    // eye_to_eye = (40, 0); eye_avg = (60, 50); mouth_avg = (60, 90); eye_to_mouth = (0, 40).
    // x = (40, 0) − (−40, 0) = (80, 0), unit (1, 0), times max(2·40, 1.8·40) = 80 → (80, 0); y = (0, 80).
    // c = (60, 50) + 0.1·(0, 40) = (60, 54); qsize = 160.
    const { quad, qsize } = ffhqQuadFromPoints([40, 50], [80, 50], [45, 90], [75, 90]);
    expect(qsize).toBeCloseTo(160, 12);
    expectPoint(quad[0], [-20, -26]);
    expectPoint(quad[1], [-20, 134]);
    expectPoint(quad[2], [140, 134]);
    expectPoint(quad[3], [140, -26]);
  });

  it('sizes by 1.8·eye-to-mouth when that is larger', () => {
    // eye_to_eye = (10, 0), eye_to_mouth = (0, 50): max(20, 90) = 90; c = (55, 50 + 5).
    const { quad, qsize } = ffhqQuadFromPoints([50, 50], [60, 50], [50, 100], [60, 100]);
    expect(qsize).toBeCloseTo(180, 12);
    expectPoint(quad[0], [-35, -35]);
    expectPoint(quad[2], [145, 145]);
  });

  it('turns with the face', () => {
    const turn = similarityAffine(1, 0.3, [60, 70]);
    const points: Point2[] = [[40, 50], [80, 50], [45, 90], [75, 90]];
    const [a, b, c, d] = points.map((p) => applyAffine(turn, p));
    const upright = ffhqQuadFromPoints(points[0], points[1], points[2], points[3]);
    const turned = ffhqQuadFromPoints(a, b, c, d);
    expect(turned.qsize).toBeCloseTo(upright.qsize, 9);
    turned.quad.forEach((corner, i) => expectPoint(corner, applyAffine(turn, upright.quad[i])));
  });

  it('uses eyes and mouth corners of the five points and ignores the nose', () => {
    const five: FivePoints = [[40, 50], [80, 50], [60, 70], [45, 90], [75, 90]];
    const otherNose: FivePoints = [[40, 50], [80, 50], [10, 10], [45, 90], [75, 90]];
    expect(ffhqQuadFrom5(five)).toEqual(ffhqQuadFrom5(otherNose));
    expect(ffhqQuadFrom5(five).qsize).toBeCloseTo(160, 12);
  });

  it('averages dlib eye contours 36–41 and 42–47 and takes mouth corners 48 and 54', () => {
    const landmarks: Point2[] = Array.from({ length: 68 }, () => [0, 0] as Point2);
    for (let i = 0; i < 6; i++) {
      landmarks[36 + i] = [40 + (i % 2 === 0 ? -3 : 3), 50 + (i < 3 ? -1 : 1)];
      landmarks[42 + i] = [80 + (i % 2 === 0 ? 2 : -2), 50 + (i < 3 ? 2 : -2)];
    }
    landmarks[48] = [45, 90];
    landmarks[54] = [75, 90];
    expect(ffhqQuadFrom68(landmarks)).toEqual(ffhqQuadFromPoints([40, 50], [80, 50], [45, 90], [75, 90]));
    expect(() => ffhqQuadFrom68(landmarks.slice(0, 5))).toThrow(/68/);
  });
});

describe('ffhqAffine', () => {
  it('maps the quad corners onto the outer pixel edges of the output square', () => {
    const { quad } = ffhqQuadFromPoints([40, 50], [80, 50], [45, 90], [75, 90]);
    const m = ffhqAffine(quad, 256);
    // Scale 256/160 = 1.6; TL (−20, −26) → (−0.5, −0.5): tx = −0.5 + 32 = 31.5, ty = −0.5 + 41.6 = 41.1.
    [1.6, 0, 31.5, 0, 1.6, 41.1].forEach((v, i) => expect(m[i]).toBeCloseTo(v, 9));
    expectPoint(applyAffine(m, quad[1]), [-0.5, 255.5]);
    expectPoint(applyAffine(m, quad[2]), [255.5, 255.5]);
    expectPoint(applyAffine(m, quad[3]), [255.5, -0.5]);
  });

  it('is a similarity that undoes the face rotation', () => {
    const turn = similarityAffine(1, -0.5, [0, 0]);
    const [a, b, c, d] = ([[40, 50], [80, 50], [45, 90], [75, 90]] as Point2[]).map((p) => applyAffine(turn, p));
    const m = ffhqAffine(ffhqQuadFromPoints(a, b, c, d).quad, 512);
    // Both eyes land on one output row.
    expect(applyAffine(m, a)[1]).toBeCloseTo(applyAffine(m, b)[1], 9);
    expect(m[0]).toBeCloseTo(m[4], 12);
    expect(m[1]).toBeCloseTo(-m[3], 12);
  });
});
