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

/** Scores (real, avatar) pairs; returns typed records and never prints. */
export interface Evaluator {
  readonly apiVersion: number;
  readonly info: EvaluatorInfo;
  /** `geometryPreserving` tells whether the real face's landmarks may be reused for the avatar. */
  evaluatePair(
    real: EvaluationSubject,
    avatar: EvaluationSubject,
    context: { readonly geometryPreserving: boolean },
    options?: RunOptions,
  ): Promise<PairEvaluation>;
  dispose?(): Promise<void> | void;
}
