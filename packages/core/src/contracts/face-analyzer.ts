import type { DetectedFace, RgbImage } from './image.js';

export interface ExpressionScores {
  /** Class probabilities of the expression classifier, keyed by class name; they sum to 1. */
  readonly probabilities: Readonly<Record<string, number>>;
  /** Geometric features from landmarks, normalised by inter-ocular distance (mouth opening, smile...). */
  readonly geometry: Readonly<Record<string, number>>;
}

export interface FaceAnalysis extends DetectedFace {
  /** Identity embeddings, L2-normalised, keyed by model name. */
  readonly identity: Readonly<Record<string, Float32Array>>;
  readonly expression?: ExpressionScores;
  /** Expression embeddings (e.g. POSTER features), keyed by model name; compared by distance, not class. */
  readonly expressionEmbeddings?: Readonly<Record<string, Float32Array>>;
  readonly age?: number;
  readonly gender?: { readonly label: 'male' | 'female'; readonly score: number };
}

export interface FaceAnalyzerInfo {
  readonly id: string;
  readonly version: string;
  /** Identity models this analyzer runs, e.g. ["mobileface"]. */
  readonly identityModels: readonly string[];
}

export interface FaceAnalyzer {
  readonly apiVersion: number;
  readonly info: FaceAnalyzerInfo;
  detect(image: RgbImage): Promise<DetectedFace[]>;
  /** Full analysis of every face; with `faces`, skips detection and analyses those. */
  analyze(image: RgbImage, options?: { readonly faces?: readonly DetectedFace[] }): Promise<FaceAnalysis[]>;
  dispose?(): Promise<void> | void;
}
