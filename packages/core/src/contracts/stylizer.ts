import type { AffineMatrix } from '../geometry/affine.js';
import type { DetectedFace, RgbImage } from './image.js';
import type { RunOptions } from './progress.js';

export interface StylizerInfo {
  /** Unique name used on the command line and in output folders, e.g. "classic", "dctnet-3d". */
  readonly id: string;
  /** Human name of the style, e.g. "3D cartoon". */
  readonly style: string;
  readonly version: string;
  /** True when the stylizer cannot run without user-supplied model files. */
  readonly needsWeights: boolean;
  /**
   * True when faces stay where they were (same size, same landmarks within a few pixels). A declaration
   * that the conformance suite checks and reports show; it never changes how a stylizer is measured
   * (the evaluator follows StylizedFace.faceTransforms and re-detects every avatar face).
   */
  readonly geometryPreserving: boolean;
  readonly description?: string;
}

export interface StylizeInput {
  /** Caller's name for the item, used in error messages. */
  readonly id?: string;
  readonly image: RgbImage;
  /** Faces already found in `image` when the caller knows them; stylizers that need faces use these first. */
  readonly faces?: readonly DetectedFace[];
}

export interface StylizedFace {
  readonly image: RgbImage;
  /**
   * "stylized" when the style was applied to the face(s); "no-face" when a face-based stylizer found no
   * face and returned its background-only result; "whole-image" when the stylizer does not look for faces.
   */
  readonly outcome: 'stylized' | 'no-face' | 'whole-image';
  readonly facesStylized: number;
  /**
   * Where each face of StylizeInput.faces went, in the same order: the 2x3 affine taking that face's
   * input pixel coordinates to output pixel coordinates (pixel centres on integers, as Point2), or null
   * when the face is not in the output. Identity for in-place styles; the alignment transform (and any
   * resize after it) for aligned-crop outputs. Absent (optional since stylizer API 1, so older plugins
   * still load): every face is where the input frame scaled to the output's size puts it, which is the
   * identity for a same-size output; see faceTransformOf().
   */
  readonly faceTransforms?: readonly (AffineMatrix | null)[];
  readonly notes?: readonly string[];
}

export interface Stylizer {
  readonly apiVersion: number;
  readonly info: StylizerInfo;
  stylize(input: StylizeInput, options?: RunOptions): Promise<StylizedFace>;
  /** Releases model sessions. Called once, when the run's container is disposed. */
  dispose?(): Promise<void> | void;
}
