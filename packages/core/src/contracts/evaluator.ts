import type { AffineMatrix } from '../geometry/affine.js';
import type { DetectedFace, RgbImage } from './image.js';
import type { MetricRecord } from './metrics.js';
import type { RunOptions } from './progress.js';

export interface EvaluationSubject {
  readonly id: string;
  readonly image: RgbImage;
  readonly faces?: readonly DetectedFace[];
}

export interface PairEvaluation {
  readonly id: string;
  readonly metrics: readonly MetricRecord[];
  readonly notes?: readonly string[];
}

export interface EvaluatorInfo {
  readonly id: string;
  readonly version: string;
  /** Metric names this evaluator can produce. */
  readonly metrics: readonly string[];
}

/** What the evaluator is told about how the avatar was made from the real image. */
export interface EvaluationContext {
  /**
   * The stylizer's StylizedFace.faceTransforms for the faces in `real.faces` (same order): where each
   * real face went on the avatar, null when it is not there. Absent: each face is where the real frame
   * scaled to the avatar's size puts it (identity for same-size images).
   */
  readonly faceTransforms?: readonly (AffineMatrix | null)[];
}

/** Scores (real, avatar) pairs; returns typed records and never prints. */
export interface Evaluator {
  readonly apiVersion: number;
  readonly info: EvaluatorInfo;
  /**
   * Every pair is measured by the same procedure whatever the stylizer: the real face is mapped through
   * its transform (context) and the avatar's face is the one detected there.
   */
  evaluatePair(
    real: EvaluationSubject,
    avatar: EvaluationSubject,
    context?: EvaluationContext,
    options?: RunOptions,
  ): Promise<PairEvaluation>;
  dispose?(): Promise<void> | void;
}
