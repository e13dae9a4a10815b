import { applyAffine, ARCFACE_112_TEMPLATE } from '@geneava/core/geometry';
import type { FivePoints, Point2 } from '@geneava/core/contracts';
import { cropPointsToImage, eyeLineAngle, roiAroundPoints, roiFromBox, roiFromFivePoints, roiToCropMatrix } from './face-roi.js';

function close(actual: readonly number[], expected: readonly number[], digits = 9): void {
  actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, digits));
}

describe('roiFromBox', () => {
  it('takes the box centre, the longer side times the scale and the eye-line angle', () => {
    const roi = roiFromBox({ x1: 10, y1: 20, x2: 50, y2: 80 }, 1.5, [
      [0, 0],
      [10, 10],
    ]);
    expect(roi.centre).toEqual([30, 50]);
    expect(roi.side).toBe(90);
    expect(roi.angle).toBeCloseTo(Math.PI / 4, 12);
    expect(roiFromBox({ x1: 0, y1: 0, x2: 4, y2: 2 }, 1).angle).toBe(0);
  });
});

describe('roiToCropMatrix', () => {
  it('maps the ROI centre to the crop centre and its side to the crop size', () => {
    const m = roiToCropMatrix({ centre: [100, 60], side: 50, angle: 0 }, 200);
    // Pixel-centre coordinates: the crop's centre is at 99.5.
    close(applyAffine(m, [100, 60]), [99.5, 99.5]);
    close(applyAffine(m, [125, 60]), [199.5, 99.5]);
  });

  it('undoes the face rotation: a point along the tilted eye line lands straight to the right', () => {
    const angle = Math.PI / 6;
    const m = roiToCropMatrix({ centre: [0, 0], side: 10, angle }, 10);
    close(applyAffine(m, [Math.cos(angle) * 2, Math.sin(angle) * 2]), [4.5 + 2, 4.5]);
  });

  it('maps continuous crop coordinates back to the image (cropPointsToImage)', () => {
    const m = roiToCropMatrix({ centre: [40, 30], side: 20, angle: 0.3 }, 192);
    // The crop's continuous centre (96, 96) is the ROI centre; its top-left corner (0, 0) is a corner of the ROI.
    const [centre, corner] = cropPointsToImage(m, [
      [96, 96],
      [0, 0],
    ]);
    close(centre!, [40, 30]);
    const half = 10;
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    close(corner!, [40 + c * -half - s * -half, 30 + s * -half + c * -half]);
  });
});

describe('roiAroundPoints', () => {
  it('bounds the points in the rotated frame', () => {
    const angle = Math.PI / 3;
    const rotate = ([u, v]: Point2): Point2 => [Math.cos(angle) * u - Math.sin(angle) * v + 7, Math.sin(angle) * u + Math.cos(angle) * v - 3];
    // A 4 x 2 rectangle centred at (1, 1) in the face frame.
    const points = [
      [-1, 0],
      [3, 0],
      [3, 2],
      [-1, 2],
    ].map((p) => rotate(p as unknown as Point2));
    const roi = roiAroundPoints(points, angle, 1.5);
    close(roi.centre, rotate([1, 1]));
    expect(roi.side).toBeCloseTo(6, 9);
    expect(roi.angle).toBe(angle);
  });
});

describe('roiFromFivePoints', () => {
  it('maps a template square through the alignment similarity', () => {
    const square = { centre: [55.5, 64] as Point2, side: 112 };
    const same = roiFromFivePoints(ARCFACE_112_TEMPLATE, square);
    close(same.centre, [55.5, 64], 6);
    expect(same.side).toBeCloseTo(112, 6);
    expect(same.angle).toBeCloseTo(0, 9);

    // The template scaled 3x, turned by 0.2 rad and moved: the ROI follows.
    const a = 0.2;
    const move = ([x, y]: Point2): Point2 => [3 * (Math.cos(a) * x - Math.sin(a) * y) + 500, 3 * (Math.sin(a) * x + Math.cos(a) * y) + 200];
    const moved = ARCFACE_112_TEMPLATE.map(move) as unknown as FivePoints;
    const roi = roiFromFivePoints(moved, square);
    close(roi.centre, move([55.5, 64]), 6);
    expect(roi.side).toBeCloseTo(336, 6);
    expect(roi.angle).toBeCloseTo(a, 9);
    // The crop of that ROI puts the moved template back where the template is (scaled to the crop).
    const m = roiToCropMatrix(roi, 112);
    close(applyAffine(m, moved[0]), [ARCFACE_112_TEMPLATE[0][0], ARCFACE_112_TEMPLATE[0][1] - (64 - 55.5)], 6);
  });
});

describe('eyeLineAngle', () => {
  it('is the screen angle from the first to the second point, y down', () => {
    expect(eyeLineAngle([0, 0], [1, 0])).toBe(0);
    expect(eyeLineAngle([0, 0], [0, 1])).toBeCloseTo(Math.PI / 2, 12);
  });
});
