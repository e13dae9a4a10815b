import type { RgbImage } from '@geneava/core/contracts';
import type { FaceCandidate } from './candidate.js';

/**
 * A face detector as the analyzer uses it: candidates in image pixel-centre coordinates, after
 * suppression, in no particular order.
 */
export interface FaceDetector {
  /** Model name for reports, e.g. "blazeface" or "scrfd". */
  readonly name: string;
  detect(image: RgbImage, options?: DetectOptions): Promise<FaceCandidate[]>;
}

export interface DetectOptions {
  /**
   * Called once, when the detector's inputs are resized and its model is about to run: the moment to
   * start background image work (the analyzer's pyramid) that would otherwise slow those resizes down
   * and can instead run while the model does.
   */
  readonly onInputsReady?: () => void;
}
