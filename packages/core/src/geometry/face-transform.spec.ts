import type { DetectedFace } from '../contracts/image.js';
import { applyAffine, similarityAffine } from './affine.js';
import { faceTransformOf, faceTransformsProblem, frameScaleAffine, transformFace } from './face-transform.js';
import { facesForStylizer } from './stylizer-faces.js';

const face: DetectedFace = {
  box: { x: 10, y: 20, width: 40, height: 50 },
  score: 0.98765,
  points5: [[20, 35], [40, 35], [30, 45], [22, 58], [38, 58]],
  mesh: [[30, 30], [31.333, 40.005]],
};

describe('frameScaleAffine', () => {
  it('is the identity for equal sizes', () => {
    expect(frameScaleAffine({ width: 64, height: 48 }, { width: 64, height: 48 })).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it('maps pixel centres as a resize does: the first and last pixels stay first and last', () => {
    const m = frameScaleAffine({ width: 100, height: 50 }, { width: 200, height: 25 });
    expect(applyAffine(m, [-0.5, -0.5])).toEqual([-0.5, -0.5]);
    expect(applyAffine(m, [99.5, 49.5])).toEqual([199.5, 24.5]);
  });
});

describe('faceTransformOf', () => {
  const input = { width: 100, height: 100 };
  it('defaults to the frame scaled to the output size when the stylizer reported nothing', () => {
    expect(faceTransformOf(undefined, 0, input, { width: 50, height: 50 })).toEqual(frameScaleAffine(input, { width: 50, height: 50 }));
  });

  it("returns the stylizer's entry, null included (that face is not in the output)", () => {
    const shift = [1, 0, 5, 0, 1, 0] as const;
    expect(faceTransformOf([null, shift], 1, input, input)).toBe(shift);
    expect(faceTransformOf([null, shift], 0, input, input)).toBeNull();
  });

  it('refuses an index the stylizer did not report', () => {
    expect(() => faceTransformOf([null], 1, input, input)).toThrow('no transform for face 2: the stylizer reported 1');
  });
});

describe('faceTransformsProblem', () => {
  it('accepts absence, nulls and invertible matrices, one per face', () => {
    expect(faceTransformsProblem(undefined, 3)).toBeUndefined();
    expect(faceTransformsProblem([null, [2, 0, 1, 0, 2, 1]], 2)).toBeUndefined();
  });

  it.each([
    [[[1, 0, 0, 0, 1, 0]], 2, 'faceTransforms has 1 entries for 2 input face(s)'],
    ['identity', 1, 'faceTransforms must be an array (one entry per input face), got string'],
    [[[1, 0, 0, 0, 1]], 1, 'faceTransforms[0] must be null or six finite numbers [a, b, c, d, e, f], got [1,0,0,0,1]'],
    [[[1, 0, Number.NaN, 0, 1, 0]], 1, 'faceTransforms[0] must be null or six finite numbers [a, b, c, d, e, f], got [1,0,null,0,1,0]'],
    [[[1, 2, 0, 2, 4, 0]], 1, 'faceTransforms[0] is singular (it collapses the face to a line or a point)'],
  ])('names what is wrong with %p for %p faces', (transforms, count, message) => {
    expect(faceTransformsProblem(transforms, count)).toBe(message);
  });
});

describe('transformFace', () => {
  it('moves box, points and mesh by a scale and shift exactly', () => {
    const moved = transformFace(face, [2, 0, 5, 0, 2, -10]);
    expect(moved.box).toEqual({ x: 25, y: 30, width: 80, height: 100 });
    expect(moved.points5[0]).toEqual([45, 60]);
    expect(moved.mesh?.[0]).toEqual([65, 50]);
    expect(moved.score).toBe(face.score);
  });

  it('encloses the rotated box: a quarter turn swaps width and height', () => {
    const moved = transformFace(face, similarityAffine(1, Math.PI / 2, [30, 45]));
    expect(moved.box.width).toBeCloseTo(50, 10);
    expect(moved.box.height).toBeCloseTo(40, 10);
    expect(moved.box.x + moved.box.width / 2).toBeCloseTo(30, 10);
    expect(moved.box.y + moved.box.height / 2).toBeCloseTo(45, 10);
  });
});

describe('facesForStylizer', () => {
  it('rounds to 1/100 px, keeps every face in order and drops the mesh', () => {
    const second = { ...face, box: { x: 1.23456, y: 2, width: 3, height: 4 } };
    const given = facesForStylizer([face, second]);
    expect(given).toHaveLength(2);
    expect(given[0]).toEqual({ box: face.box, score: 0.9877, points5: face.points5 });
    expect(given[1]!.box.x).toBe(1.23);
    expect('mesh' in given[0]!).toBe(false);
  });
});
