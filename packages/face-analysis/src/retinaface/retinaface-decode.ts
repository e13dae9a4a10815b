/**
 * RetinaFace (biubug6/Pytorch_Retinaface export) outputs to face candidates:
 * - priors (layers/functions/prior_box.py, cfg_mnet / cfg_re50): for steps 8, 16, 32 with min sizes
 *   [16, 32], [64, 128], [256, 512]: a ceil(H/step) x ceil(W/step) grid, row by row, and per cell one
 *   prior per min size: centre ((j + 0.5) * step / W, (i + 0.5) * step / H), size (min / W, min / H);
 * - decoding (utils/box_utils.py, variances 0.1 and 0.2): centre = prior centre + loc[0:2] * 0.1 *
 *   prior size, size = prior size * exp(loc[2:4] * 0.2), landmark k = prior centre + landms[2k:2k+2] *
 *   0.1 * prior size; then scaled by the input's width and height;
 * - the score is conf[:, 1] (the export applies the softmax).
 * Coordinates are input pixels; the caller divides by the letterbox scale.
 */
import type { Point2 } from '@geneava/core/contracts';
import { withFivePoints, type FaceCandidate } from '../common/candidate.js';

export const RETINAFACE_MIN_SIZES = [
  [16, 32],
  [64, 128],
  [256, 512],
] as const;
export const RETINAFACE_PRIOR_STEPS = [8, 16, 32] as const;
export const RETINAFACE_VARIANCES = [0.1, 0.2] as const;
/** detect.py draws faces above vis_thres 0.6; its NMS threshold is 0.4. */
export const RETINAFACE_SCORE_THRESHOLD = 0.6;
export const RETINAFACE_NMS_THRESHOLD = 0.4;

/** Priors as [cx, cy, w, h] rows, normalised to the input size. */
export function retinafacePriors(height: number, width: number): Float32Array {
  const priors: number[] = [];
  RETINAFACE_PRIOR_STEPS.forEach((step, k) => {
    const rows = Math.ceil(height / step);
    const columns = Math.ceil(width / step);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < columns; j++) {
        for (const min of RETINAFACE_MIN_SIZES[k]!) priors.push(((j + 0.5) * step) / width, ((i + 0.5) * step) / height, min / width, min / height);
      }
    }
  });
  return Float32Array.from(priors);
}

export interface RetinafaceRaw {
  readonly loc: ArrayLike<number>;
  readonly conf: ArrayLike<number>;
  readonly landms: ArrayLike<number>;
}

export function decodeRetinaface(raw: RetinafaceRaw, inputHeight: number, inputWidth: number, scoreThreshold = RETINAFACE_SCORE_THRESHOLD): FaceCandidate[] {
  const priors = retinafacePriors(inputHeight, inputWidth);
  const count = priors.length / 4;
  if (raw.loc.length !== count * 4 || raw.conf.length !== count * 2 || raw.landms.length !== count * 10) {
    throw new Error(
      `decodeRetinaface: a ${inputWidth}x${inputHeight} input has ${count} priors, but the outputs hold ` +
        `${raw.loc.length / 4} boxes, ${raw.conf.length / 2} scores and ${raw.landms.length / 10} landmark sets`,
    );
  }
  const [v0, v1] = RETINAFACE_VARIANCES;
  const out: FaceCandidate[] = [];
  for (let p = 0; p < count; p++) {
    const score = raw.conf[2 * p + 1]!;
    if (!(score >= scoreThreshold)) continue;
    const [pcx, pcy, pw, ph] = [priors[4 * p]!, priors[4 * p + 1]!, priors[4 * p + 2]!, priors[4 * p + 3]!];
    const cx = pcx + raw.loc[4 * p]! * v0 * pw;
    const cy = pcy + raw.loc[4 * p + 1]! * v0 * ph;
    const w = pw * Math.exp(raw.loc[4 * p + 2]! * v1);
    const h = ph * Math.exp(raw.loc[4 * p + 3]! * v1);
    const box = { x1: (cx - w / 2) * inputWidth, y1: (cy - h / 2) * inputHeight, x2: (cx + w / 2) * inputWidth, y2: (cy + h / 2) * inputHeight };
    const points: Point2[] = [];
    for (let k = 0; k < 5; k++) {
      points.push([(pcx + raw.landms[10 * p + 2 * k]! * v0 * pw) * inputWidth, (pcy + raw.landms[10 * p + 2 * k + 1]! * v0 * ph) * inputHeight]);
    }
    out.push(withFivePoints({ box, score, points }));
  }
  return out;
}
