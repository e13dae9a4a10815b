import type { Box, FivePoints, Point2 } from '@geneava/core/contracts';

/** A box by its corners; coordinates in whatever frame the producer states (detector input, image). */
export interface Corners {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/**
 * One face a detector proposes, before landmarks: box, score, and the detector's own keypoints.
 * `points` are detector-specific (BlazeFace: 6 keypoints; SCRFD and RetinaFace: the 5 InsightFace points).
 */
export interface FaceCandidate {
  readonly box: Corners;
  readonly score: number;
  readonly points: readonly Point2[];
  /** The 5 alignment points when the detector gives them in InsightFace order (SCRFD, RetinaFace). */
  readonly points5?: FivePoints;
  /**
   * The subject's right eye then left eye (image left then image right for an upright face): their
   * line gives the in-plane rotation of the landmark crop.
   */
  readonly eyes?: readonly [Point2, Point2];
}

export function cornersToBox(c: Corners): Box {
  return { x: c.x1, y: c.y1, width: c.x2 - c.x1, height: c.y2 - c.y1 };
}

export function boxToCorners(b: Box): Corners {
  return { x1: b.x, y1: b.y, x2: b.x + b.width, y2: b.y + b.height };
}

export function cornersArea(c: Corners, plusOne = false): number {
  const extra = plusOne ? 1 : 0;
  return Math.max(0, c.x2 - c.x1 + extra) * Math.max(0, c.y2 - c.y1 + extra);
}

/**
 * Intersection over union. `plusOne` counts boxes in whole pixels as InsightFace's and RetinaFace's
 * `nms` do (`(x2 - x1 + 1) * (y2 - y1 + 1)`); without it boxes are continuous areas (MediaPipe).
 */
export function iou(a: Corners, b: Corners, plusOne = false): number {
  const extra = plusOne ? 1 : 0;
  const w = Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) + extra);
  const h = Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) + extra);
  const inter = w * h;
  const union = cornersArea(a, plusOne) + cornersArea(b, plusOne) - inter;
  return union > 0 ? inter / union : 0;
}

/** SCRFD's and RetinaFace's five keypoints are InsightFace's alignment points; the first two are the eyes. */
export function withFivePoints(candidate: FaceCandidate): FaceCandidate {
  if (candidate.points.length !== 5) return candidate;
  const points5 = candidate.points as unknown as FivePoints;
  return { ...candidate, points5, eyes: [points5[0], points5[1]] };
}

/** A candidate in input pixels mapped to the image by dividing by the letterbox scale. */
export function scaleCandidate(candidate: FaceCandidate, scale: number): FaceCandidate {
  const box = { x1: candidate.box.x1 / scale, y1: candidate.box.y1 / scale, x2: candidate.box.x2 / scale, y2: candidate.box.y2 / scale };
  const points = candidate.points.map(([x, y]): Point2 => [x / scale, y / scale]);
  return withFivePoints({ box, score: candidate.score, points });
}
