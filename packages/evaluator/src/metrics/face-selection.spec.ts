import type { DetectedFace } from '@geneava/core/contracts';
import { bestOverlapIndex, boxIou, largestFaceIndex, scaleFace } from './face-selection.js';

const face = (x: number, y: number, size: number): DetectedFace => ({
  box: { x, y, width: size, height: size },
  score: 0.9,
  points5: [[x, y], [x + size, y], [x, y], [x, y], [x, y]],
});

describe('face selection', () => {
  it('computes IoU by hand', () => {
    // Two 10x10 boxes overlapping in a 5x10 strip: 50 / (100 + 100 - 50).
    expect(boxIou({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 0, width: 10, height: 10 })).toBeCloseTo(1 / 3, 12);
    expect(boxIou({ x: 0, y: 0, width: 10, height: 10 }, { x: 20, y: 0, width: 10, height: 10 })).toBe(0);
    expect(boxIou({ x: 0, y: 0, width: 0, height: 0 }, { x: 0, y: 0, width: 0, height: 0 })).toBe(0);
  });

  it('picks the largest face, the first on a tie, and -1 for none', () => {
    expect(largestFaceIndex([face(0, 0, 10), face(50, 0, 30), face(90, 0, 30)])).toBe(1);
    expect(largestFaceIndex([])).toBe(-1);
  });

  it('picks the best-overlapping face above the minimum overlap', () => {
    const faces = [face(0, 0, 10), face(4, 0, 10), face(2, 0, 10)];
    expect(bestOverlapIndex(faces, { x: 3, y: 0, width: 10, height: 10 }, 0.3)).toBe(1);
    expect(bestOverlapIndex(faces, { x: 100, y: 0, width: 10, height: 10 }, 0.3)).toBe(-1);
  });

  it('scales box, points and mesh together', () => {
    const scaled = scaleFace({ ...face(10, 20, 30), mesh: [[1, 2], [3, 4]] }, 2, 0.5);
    expect(scaled.box).toEqual({ x: 20, y: 10, width: 60, height: 15 });
    expect(scaled.points5[1]).toEqual([80, 10]);
    expect(scaled.mesh).toEqual([[2, 1], [6, 2]]);
  });
});
