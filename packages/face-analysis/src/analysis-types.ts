import type { Box, DetectedFace, FaceAnalysis } from '@geneava/core/contracts';
import type { GeometryFeature } from './facemesh/expression-geometry.js';

/** A face found by EmbeddedFaceAnalyzer.detect: core's DetectedFace plus what the detector and mesh said. */
export interface EmbeddedDetectedFace extends DetectedFace {
  /** Which detector found it ("blazeface", "scrfd", "retinaface"). */
  readonly detector: string;
  /** The detector's own box; `box` is the extent of the 468-point mesh. */
  readonly detectorBox: Box;
  /** FaceMesh's face-flag probability for the crop. */
  readonly meshConfidence: number;
}

/**
 * Per-face results of EmbeddedFaceAnalyzer.analyze, beyond core's FaceAnalysis. `detector` and
 * `detectorBox` are there when the face came from detect() (or a given face carried them).
 */
export interface EmbeddedFaceAnalysis extends FaceAnalysis, Partial<Pick<EmbeddedDetectedFace, 'detector' | 'detectorBox'>> {
  readonly expression: {
    /** The emotion model's probabilities over angry, disgust, fear, happy, sad, surprise, neutral. */
    readonly probabilities: Readonly<Record<string, number>>;
    readonly geometry: Readonly<Record<GeometryFeature, number>>;
  };
  /** Expression embeddings by model ('poster' when a POSTER file was given), as the model outputs them. */
  readonly expressionEmbeddings: Readonly<Record<string, Float32Array>>;
  /** Every expression classifier's probabilities by model ('emotion', and 'poster' when given). */
  readonly expressionClassifiers: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** FaceMesh's face-flag probability (for given faces whose mesh was computed here, or from detection). */
  readonly meshConfidence?: number;
}
