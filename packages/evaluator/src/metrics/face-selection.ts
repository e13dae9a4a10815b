/**
 * Choosing which face of an image a pair is about, and carrying a face from the real image's pixel
 * frame into the avatar's (stylizers may return another resolution of the same framing).
 */
import type { Box, DetectedFace, FivePoints, Point2 } from '@geneava/core/contracts';

export function boxArea(box: Box): number {
  return Math.max(0, box.width) * Math.max(0, box.height);
}

/** Index of the face with the largest box (the first one on a tie); -1 for no faces. */
export function largestFaceIndex(faces: readonly DetectedFace[]): number {
  let best = -1;
  for (let i = 0; i < faces.length; i++) {
    if (best < 0 || boxArea(faces[i]!.box) > boxArea(faces[best]!.box)) best = i;
  }
  return best;
}

/** Intersection over union of two boxes; 0 when they do not overlap. */
export function boxIou(a: Box, b: Box): number {
  const left = Math.max(a.x, b.x);
  const top = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  const intersection = Math.max(0, right - left) * Math.max(0, bottom - top);
  const union = boxArea(a) + boxArea(b) - intersection;
  return union > 0 ? intersection / union : 0;
}

/** Index of the face whose box overlaps `target` most, if that overlap reaches `minIou`; else -1. */
export function bestOverlapIndex(faces: readonly DetectedFace[], target: Box, minIou: number): number {
  let best = -1;
  let bestIou = minIou;
  for (let i = 0; i < faces.length; i++) {
    const iou = boxIou(faces[i]!.box, target);
    if (iou >= bestIou && (best < 0 || iou > bestIou)) {
      best = i;
      bestIou = iou;
    }
  }
  return best;
}

/** A face's box, points and mesh scaled by (sx, sy): the same face in an image resized by that factor. */
export function scaleFace(face: DetectedFace, sx: number, sy: number): DetectedFace {
  if (sx === 1 && sy === 1) return face;
  const point = ([x, y]: Point2): Point2 => [x * sx, y * sy];
  return {
    box: { x: face.box.x * sx, y: face.box.y * sy, width: face.box.width * sx, height: face.box.height * sy },
    score: face.score,
    points5: face.points5.map(point) as unknown as FivePoints,
    ...(face.mesh ? { mesh: face.mesh.map(point) } : {}),
  };
}
