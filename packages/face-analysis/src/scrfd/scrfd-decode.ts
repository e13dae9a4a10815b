/**
 * SCRFD's outputs to face candidates, as InsightFace 0.7.3's `SCRFD.forward` decodes them:
 * - outputs in session order: scores for each stride, then boxes for each stride, then keypoints;
 * - anchor centres on the row-major grid (x * stride, y * stride) of the input, each centre repeated
 *   once per anchor (consecutively);
 * - scores are already probabilities; a candidate needs score >= threshold;
 * - box = (cx - d0, cy - d1, cx + d2, cy + d3) and keypoint k = (cx + d[2k], cy + d[2k+1]), with the
 *   distances multiplied by the stride.
 * Coordinates are input pixels; the caller divides by the letterbox scale (InsightFace's det_scale).
 */
import type { Point2 } from '@geneava/core/contracts';
import { SCRFD_LAYOUTS } from './scrfd-outputs.js';
import { withFivePoints, type FaceCandidate } from '../common/candidate.js';

/** InsightFace's defaults (scrfd.py): det_thresh 0.5, nms_thresh 0.4. */
export const SCRFD_SCORE_THRESHOLD = 0.5;
export const SCRFD_NMS_THRESHOLD = 0.4;

export interface ScrfdDecodeOptions {
  readonly inputWidth: number;
  readonly inputHeight: number;
  readonly scoreThreshold?: number;
}

/** `outputs`: the data of each output in session order (rank 2 [n, k] or batched [1, n, k] alike). */
export function decodeScrfd(outputs: readonly ArrayLike<number>[], options: ScrfdDecodeOptions): FaceCandidate[] {
  const layout = SCRFD_LAYOUTS.find((candidate) => candidate.outputs === outputs.length);
  if (!layout) throw new Error(`decodeScrfd: ${outputs.length} outputs is not an SCRFD layout (6, 9, 10 or 15)`);
  const threshold = options.scoreThreshold ?? SCRFD_SCORE_THRESHOLD;
  const strideCount = layout.strides.length;
  const candidates: FaceCandidate[] = [];
  layout.strides.forEach((stride, s) => {
    const columns = Math.floor(options.inputWidth / stride);
    const rows = Math.floor(options.inputHeight / stride);
    const count = rows * columns * layout.anchorsPerLocation;
    const scores = outputs[s]!;
    const boxes = outputs[s + strideCount]!;
    const keypoints = layout.keypoints ? outputs[s + 2 * strideCount]! : undefined;
    if (scores.length !== count || boxes.length !== count * 4 || (keypoints && keypoints.length !== count * 10)) {
      throw new Error(
        `decodeScrfd: stride ${stride} of a ${options.inputWidth}x${options.inputHeight} input has ${count} anchors, ` +
          `but the outputs hold ${scores.length} scores, ${boxes.length / 4} boxes${keypoints ? ` and ${keypoints.length / 10} keypoint sets` : ''}`,
      );
    }
    for (let i = 0; i < count; i++) {
      const score = scores[i]!;
      if (!(score >= threshold)) continue;
      const cell = Math.floor(i / layout.anchorsPerLocation);
      const cx = (cell % columns) * stride;
      const cy = Math.floor(cell / columns) * stride;
      const box = {
        x1: cx - boxes[4 * i]! * stride,
        y1: cy - boxes[4 * i + 1]! * stride,
        x2: cx + boxes[4 * i + 2]! * stride,
        y2: cy + boxes[4 * i + 3]! * stride,
      };
      const points: Point2[] = [];
      if (keypoints) for (let k = 0; k < 5; k++) points.push([cx + keypoints[10 * i + 2 * k]! * stride, cy + keypoints[10 * i + 2 * k + 1]! * stride]);
      candidates.push(withFivePoints({ box, score, points }));
    }
  });
  return candidates;
}
