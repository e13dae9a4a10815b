/**
 * Non-maximum suppression over face candidates, in the two flavours the supported detectors were
 * published with: greedy (InsightFace SCRFD, RetinaFace) and weighted (MediaPipe BlazeFace).
 */
import type { Point2 } from '@geneava/core/contracts';
import { iou, type Corners, type FaceCandidate } from './candidate.js';

export interface GreedyNmsOptions {
  /** A candidate is dropped when its IoU with a kept one is above this. */
  readonly iouThreshold: number;
  /** Whole-pixel areas (`+1`), as InsightFace's and RetinaFace's Python `nms` compute them. */
  readonly plusOne?: boolean;
}

/**
 * Greedy NMS: highest score first; a candidate survives when its IoU with every kept one is
 * `<= iouThreshold` (InsightFace keeps `ovr <= thresh`). Returns the kept candidates, best first.
 */
export function greedyNms<T extends { readonly box: Corners; readonly score: number }>(candidates: readonly T[], options: GreedyNmsOptions): T[] {
  const sorted = [...candidates].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  for (const candidate of sorted) {
    if (kept.every((k) => iou(k.box, candidate.box, options.plusOne) <= options.iouThreshold)) kept.push(candidate);
  }
  return kept;
}

/**
 * MediaPipe's weighted NMS (NonMaxSuppressionCalculator, overlap type WEIGHTED): take the best
 * remaining candidate, gather every remaining candidate whose IoU with it is above `iouThreshold`
 * (itself included), and replace the group by its score-weighted mean box and keypoints. The group
 * keeps the best score. Averaging the overlapping anchors steadies the box, which matters at 256 px.
 * It runs on raw decoded candidates (box, score, keypoints); `eyes` and `points5` are not carried.
 */
export function weightedNms(candidates: readonly FaceCandidate[], iouThreshold: number): FaceCandidate[] {
  let remaining = [...candidates].sort((a, b) => b.score - a.score);
  const out: FaceCandidate[] = [];
  while (remaining.length > 0) {
    const best = remaining[0]!;
    const group: FaceCandidate[] = [];
    const rest: FaceCandidate[] = [];
    for (const candidate of remaining) (iou(best.box, candidate.box) > iouThreshold || candidate === best ? group : rest).push(candidate);
    out.push(weightedMean(group, best.score));
    remaining = rest;
  }
  return out;
}

function weightedMean(group: readonly FaceCandidate[], score: number): FaceCandidate {
  const total = group.reduce((sum, c) => sum + c.score, 0);
  const mean = (get: (c: FaceCandidate) => number): number => group.reduce((sum, c) => sum + get(c) * c.score, 0) / total;
  const box = { x1: mean((c) => c.box.x1), y1: mean((c) => c.box.y1), x2: mean((c) => c.box.x2), y2: mean((c) => c.box.y2) };
  const points: Point2[] = group[0]!.points.map((_, k) => [mean((c) => c.points[k]![0]), mean((c) => c.points[k]![1])]);
  return { box, score, points };
}
