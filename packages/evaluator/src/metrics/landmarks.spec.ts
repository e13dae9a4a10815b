import type { DetectedFace, Point2 } from '@geneava/core/contracts';
import { landmarkNme } from './landmarks.js';

const face = (eyes: [Point2, Point2], mesh?: Point2[]): DetectedFace => ({
  box: { x: 0, y: 0, width: 10, height: 10 },
  score: 1,
  points5: [eyes[0], eyes[1], [0, 0], [0, 0], [0, 0]],
  ...(mesh ? { mesh } : {}),
});

describe('landmarkNme', () => {
  it('divides the mean point distance by the real face inter-ocular distance', () => {
    // Distances 0, 5 and 10 (mean 5) over eyes 20 px apart.
    const real = face([[0, 0], [20, 0]], [[0, 0], [10, 10], [20, 0]]);
    const avatar = face([[99, 99], [0, 0]], [[0, 0], [13, 14], [26, 8]]);
    expect(landmarkNme(real, avatar)).toBeCloseTo(0.25, 12);
  });

  it('with alignment, ignores where the face moved and counts only its shape', () => {
    const real = face([[-1, 0], [1, 0]], [[-1, 0], [1, 0], [0, 1], [0, -1]]);
    // A pure similarity copy (scale 3, turned 90 degrees, moved) aligns exactly.
    const moved = face([[0, 0], [1, 0]], [[100, 97], [100, 103], [97, 100], [103, 100]]);
    expect(landmarkNme(real, moved)).toBeGreaterThan(50);
    expect(landmarkNme(real, moved, { align: true })).toBeCloseTo(0, 12);
    // A wider face: by symmetry the fit is a scale only, 0.6 (= trace / variance = 1.5 / 2.5), leaving
    // errors 0.2, 0.2, 0.4, 0.4: mean 0.3 over an inter-ocular distance of 2.
    const wider = face([[0, 0], [1, 0]], [[-2, 0], [2, 0], [0, 1], [0, -1]]);
    expect(landmarkNme(real, wider, { align: true })).toBeCloseTo(0.15, 12);
  });

  it('has no value without two meshes of the same size', () => {
    expect(landmarkNme(face([[0, 0], [1, 0]], [[0, 0]]), face([[0, 0], [1, 0]]))).toBeUndefined();
    expect(landmarkNme(face([[0, 0], [1, 0]], [[0, 0]]), face([[0, 0], [1, 0]], [[0, 0], [1, 1]]))).toBeUndefined();
  });

  it('refuses a real face whose eye centres coincide', () => {
    expect(() => landmarkNme(face([[3, 3], [3, 3]], [[0, 0]]), face([[0, 0], [1, 0]], [[0, 0]]))).toThrow(
      "landmark NME: the real face's eye centres coincide (inter-ocular distance 0)",
    );
  });
});
