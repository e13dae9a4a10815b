import { iou } from './candidate.js';
import { greedyNms, weightedNms } from './nms.js';

describe('iou', () => {
  it('is intersection over union of continuous areas, or of whole pixels with plusOne', () => {
    const a = { x1: 0, y1: 0, x2: 10, y2: 10 };
    const b = { x1: 5, y1: 0, x2: 15, y2: 10 };
    expect(iou(a, b)).toBeCloseTo(50 / 150, 12);
    // InsightFace: (10 - 5 + 1) * 11 = 66 over 121 + 121 - 66.
    expect(iou(a, b, true)).toBeCloseTo(66 / 176, 12);
    expect(iou(a, { x1: 20, y1: 20, x2: 30, y2: 30 })).toBe(0);
  });
});

describe('greedyNms', () => {
  it('keeps the best box and drops boxes overlapping a kept one above the threshold', () => {
    const boxes = [
      { box: { x1: 0, y1: 0, x2: 10, y2: 10 }, score: 0.8 },
      { box: { x1: 1, y1: 0, x2: 11, y2: 10 }, score: 0.9 },
      { box: { x1: 5, y1: 0, x2: 15, y2: 10 }, score: 0.7 },
      { box: { x1: 50, y1: 50, x2: 60, y2: 60 }, score: 0.6 },
    ];
    // IoU(0.9 box, 0.8 box) = 90/110 > 0.4: dropped; IoU(0.9 box, 0.7 box) = 60/140 = 0.43 > 0.4: dropped.
    expect(greedyNms(boxes, { iouThreshold: 0.4 }).map((b) => b.score)).toEqual([0.9, 0.6]);
    // At 0.45 the 0.7 box survives (0.43 <= 0.45).
    expect(greedyNms(boxes, { iouThreshold: 0.45 }).map((b) => b.score)).toEqual([0.9, 0.7, 0.6]);
  });
});

describe('weightedNms', () => {
  it('replaces an overlapping group by its score-weighted mean box and keypoints, keeping the best score', () => {
    const merged = weightedNms(
      [
        { box: { x1: 0, y1: 0, x2: 10, y2: 10 }, score: 0.75, points: [[2, 2]] },
        { box: { x1: 2, y1: 0, x2: 12, y2: 10 }, score: 0.25, points: [[6, 2]] },
        { box: { x1: 40, y1: 40, x2: 50, y2: 50 }, score: 0.5, points: [[45, 45]] },
      ],
      0.3,
    );
    expect(merged).toHaveLength(2);
    expect(merged[0]!.score).toBe(0.75);
    expect(merged[0]!.box).toEqual({ x1: 0.5, y1: 0, x2: 10.5, y2: 10 });
    expect(merged[0]!.points).toEqual([[3, 2]]);
    expect(merged[1]!.box).toEqual({ x1: 40, y1: 40, x2: 50, y2: 50 });
  });
});
