/**
 * Turns BlazeFace's raw outputs into candidates, as MediaPipe's TensorsToDetectionsCalculator does
 * for the back-camera model (x/y/w/h scale 256, 6 keypoints, 2 values each):
 * - per anchor, 16 regressors: box centre offset (cx, cy), box size (w, h), then the 6 keypoints as
 *   (x, y) offsets; all in pixels of the 256 input, so each is divided by 256 and the centre and
 *   keypoint offsets are added to the anchor centre;
 * - the score is the sigmoid of the logit clamped to [-100, 100] (score_clipping_thresh 100).
 * Keypoints, in MediaPipe's order: right eye, left eye, nose tip, mouth centre, right ear tragion,
 * left ear tragion ("right" is the subject's right: the image left of an upright, unmirrored face).
 * Output coordinates are normalised to the input (0..1, continuous: 0 is the input's left edge).
 */
import type { Point2 } from '@geneava/core/contracts';
import { BLAZEFACE_INPUT_SIZE, blazefaceAnchors } from './blazeface-anchors.js';
import type { FaceCandidate } from '../common/candidate.js';
import { sigmoid } from '../common/vector-math.js';

export const BLAZEFACE_KEYPOINTS = 6;
export const BLAZEFACE_VALUES = 4 + 2 * BLAZEFACE_KEYPOINTS;
export const BLAZEFACE_SCORE_CLIP = 100;
/** Keypoint indices of the subject's right and left eye. */
export const BLAZEFACE_EYES = [0, 1] as const;

export interface BlazefaceRaw {
  /** Logits of all 896 anchors (the 512-anchor output then the 384-anchor one). */
  readonly logits: ArrayLike<number>;
  /** 896 x 16 regressors in the same anchor order. */
  readonly regressors: ArrayLike<number>;
}

/** Candidates scoring at least `minScore`, unsorted and not yet suppressed. */
export function decodeBlazeface(raw: BlazefaceRaw, minScore: number, anchors: Float32Array = blazefaceAnchors()): FaceCandidate[] {
  const count = anchors.length / 2;
  if (raw.logits.length !== count || raw.regressors.length !== count * BLAZEFACE_VALUES) {
    throw new Error(
      `decodeBlazeface: expected ${count} logits and ${count} x ${BLAZEFACE_VALUES} regressors, got ${raw.logits.length} and ${raw.regressors.length}`,
    );
  }
  const scale = BLAZEFACE_INPUT_SIZE;
  const out: FaceCandidate[] = [];
  for (let i = 0; i < count; i++) {
    const logit = Math.min(BLAZEFACE_SCORE_CLIP, Math.max(-BLAZEFACE_SCORE_CLIP, raw.logits[i]));
    const score = sigmoid(logit);
    if (!(score >= minScore)) continue;
    const ax = anchors[2 * i];
    const ay = anchors[2 * i + 1];
    const r = i * BLAZEFACE_VALUES;
    const cx = ax + raw.regressors[r] / scale;
    const cy = ay + raw.regressors[r + 1] / scale;
    const w = raw.regressors[r + 2] / scale;
    const h = raw.regressors[r + 3] / scale;
    const points: Point2[] = [];
    for (let k = 0; k < BLAZEFACE_KEYPOINTS; k++) {
      points.push([ax + raw.regressors[r + 4 + 2 * k] / scale, ay + raw.regressors[r + 5 + 2 * k] / scale]);
    }
    out.push({ box: { x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2 }, score, points });
  }
  return out;
}

/** Joins the model's two output pairs (512 anchors, then 384) into one anchor-ordered set. */
export function joinBlazefaceOutputs(
  logits512: ArrayLike<number>,
  logits384: ArrayLike<number>,
  regressors512: ArrayLike<number>,
  regressors384: ArrayLike<number>,
): BlazefaceRaw {
  const logits = new Float32Array(logits512.length + logits384.length);
  logits.set(logits512, 0);
  logits.set(logits384, logits512.length);
  const regressors = new Float32Array(regressors512.length + regressors384.length);
  regressors.set(regressors512, 0);
  regressors.set(regressors384, regressors512.length);
  return { logits, regressors };
}
