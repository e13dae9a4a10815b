/**
 * Square, possibly rotated face regions and the affine maps that cut them out. An ROI is given in
 * image pixel-centre coordinates; its crop is `size` x `size` pixels with the ROI's rotation undone,
 * so a face whose eye line is tilted by `angle` comes out upright.
 */
import { applyAffine, estimateArcfaceTransform, invertAffine, type AffineMatrix } from '@geneava/core/geometry';
import type { FivePoints, Point2 } from '@geneava/core/contracts';
import type { Corners } from './candidate.js';

export interface FaceRoi {
  readonly centre: Point2;
  /** Side of the square in image pixels. */
  readonly side: number;
  /** In-plane rotation of the face in radians: the angle of its eye line (subject's right to left eye), y down. */
  readonly angle: number;
}

/**
 * MediaPipe's landmark ROI from a detection: the box centre, the longer box side times `scale`
 * (RectTransformationCalculator, square_long; MediaPipe uses 1.5, Human 1.4), rotated by the eye line
 * when the detector gives eyes.
 */
export function roiFromBox(box: Corners, scale: number, eyes?: readonly [Point2, Point2]): FaceRoi {
  return {
    centre: [(box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2],
    side: Math.max(box.x2 - box.x1, box.y2 - box.y1) * scale,
    angle: eyes ? eyeLineAngle(eyes[0], eyes[1]) : 0,
  };
}

/**
 * An ROI around a set of points (a face mesh) in the frame rotated by `angle`: the centre of their
 * rotated bounding box, and its longer side times `scale`.
 */
export function roiAroundPoints(points: readonly Point2[], angle: number, scale: number): FaceRoi {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  let minU = Infinity;
  let maxU = -Infinity;
  let minV = Infinity;
  let maxV = -Infinity;
  for (const [x, y] of points) {
    // Coordinates along the eye line (u) and across it (v).
    const u = cos * x + sin * y;
    const v = -sin * x + cos * y;
    minU = Math.min(minU, u);
    maxU = Math.max(maxU, u);
    minV = Math.min(minV, v);
    maxV = Math.max(maxV, v);
  }
  const cu = (minU + maxU) / 2;
  const cv = (minV + maxV) / 2;
  return { centre: [cos * cu - sin * cv, sin * cu + cos * cv], side: Math.max(maxU - minU, maxV - minV) * scale, angle };
}

/** Angle of the line from `from` to `to`, y down (0 for a horizontal line going right). */
export function eyeLineAngle(from: Point2, to: Point2): number {
  return Math.atan2(to[1] - from[1], to[0] - from[0]);
}

/**
 * The image -> crop map for `warpAffine` (pixel centres on integers on both sides): the ROI's centre
 * goes to the crop's centre, its side to `size` pixels, its rotation is undone.
 */
export function roiToCropMatrix(roi: FaceRoi, size: number): AffineMatrix {
  const k = size / roi.side;
  const cos = Math.cos(roi.angle) * k;
  const sin = Math.sin(roi.angle) * k;
  const [cx, cy] = roi.centre;
  // Continuous crop coordinates have the ROI centre at size / 2; pixel centres are half a pixel less.
  const mid = size / 2 - 0.5;
  return [cos, sin, mid - (cos * cx + sin * cy), -sin, cos, mid - (-sin * cx + cos * cy)];
}

/** Maps points given in continuous crop coordinates (as landmark models output them) back to the image. */
export function cropPointsToImage(matrix: AffineMatrix, points: readonly Point2[]): Point2[] {
  const inverse = invertAffine(matrix);
  return points.map(([x, y]) => applyAffine(inverse, [x - 0.5, y - 0.5]));
}

/**
 * A square ROI placed by the five alignment points: `square` is given in the 112 px ArcFace
 * template's frame (centre and side), and mapped to the image through the similarity that aligns the
 * face, turned as that similarity turns the face. Faces that come without a detector box of known meaning
 * (given faces, stylised images) get crops that depend only on where their eyes, nose and mouth are.
 */
export function roiFromFivePoints(points5: FivePoints, square: TemplateSquare): FaceRoi {
  const toTemplate = estimateArcfaceTransform(points5, 112);
  const scale = Math.hypot(toTemplate[0], toTemplate[3]);
  return {
    centre: applyAffine(invertAffine(toTemplate), square.centre),
    side: square.side / scale,
    // toTemplate = [s cos(-a), -s sin(-a), ., s sin(-a), s cos(-a), .] undoes the face's angle a.
    angle: Math.atan2(toTemplate[1], toTemplate[0]),
  };
}

/** A square in the ArcFace 112 template's pixel-centre coordinates. */
export interface TemplateSquare {
  readonly centre: Point2;
  readonly side: number;
}
