import type { RgbImage } from '@geneava/core';
import type { FaceCandidate } from './candidate.js';

/**
 * A face detector as the analyzer uses it: candidates in image pixel-centre coordinates, after
 * suppression, in no particular order.
 */
export interface FaceDetector {
  /** Model name for reports, e.g. "blazeface" or "scrfd". */
  readonly name: string;
  detect(image: RgbImage): Promise<FaceCandidate[]>;
}
