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
   * True when faces stay where they were (same size, same landmarks within a few pixels), so an
   * evaluator may reuse the real face's landmarks for the avatar instead of re-detecting.
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
  readonly notes?: readonly string[];
}

export interface Stylizer {
  readonly apiVersion: number;
  readonly info: StylizerInfo;
  stylize(input: StylizeInput, options?: RunOptions): Promise<StylizedFace>;
  /** Releases model sessions. Called once, when the run's container is disposed. */
  dispose?(): Promise<void> | void;
}
