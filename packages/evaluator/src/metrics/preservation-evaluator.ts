import {
  API_VERSIONS,
  type DetectedFace,
  type EvaluationSubject,
  type Evaluator,
  type EvaluatorInfo,
  type FaceAnalysis,
  type FaceAnalyzer,
  type MetricRecord,
  type PairEvaluation,
  type RunOptions,
} from '@geneava/core';
import { attributeMetrics } from './attributes.js';
import { NoRealFaceError } from './errors.js';
import { expressionEmbeddingMetrics, expressionMetrics } from './expression.js';
import { bestOverlapIndex, largestFaceIndex, scaleFace } from './face-selection.js';
import { identityMetrics } from './identity.js';
import { landmarkNme } from './landmarks.js';
import { PAIR_METRIC_NAMES, PAIR_METRICS, type LandmarkSource } from './metric-names.js';
import { resolveIdentityThresholds, type IdentityThresholdSource } from './thresholds.js';

export const PRESERVATION_EVALUATOR_VERSION = '0.1.0';

export const PRESERVATION_EVALUATOR_INFO: EvaluatorInfo = Object.freeze({
  id: 'preservation',
  version: PRESERVATION_EVALUATOR_VERSION,
  metrics: PAIR_METRIC_NAMES,
});

export interface PreservationEvaluatorOptions {
  /** Identity thresholds by model, replacing or adding to DEFAULT_IDENTITY_THRESHOLDS. */
  readonly thresholds?: Readonly<Record<string, number>>;
  /**
   * Smallest box overlap (IoU) for a face found on the avatar to count as the real face found again
   * (default 0.3). Where the avatar has several faces, the best-overlapping one is chosen.
   */
  readonly minRedetectionIou?: number;
  /** Dispose the analyzer together with the evaluator (when the evaluator created it). */
  readonly ownsAnalyzer?: boolean;
}

/**
 * Scores how much identity and expression survive from a real face to its avatar, with one analyzer
 * for both images so that every number compares like with like.
 *
 * The real image's largest detected face is the subject (only the chosen faces are analysed). On the
 * avatar:
 * - geometry-preserving stylizers: the real face's box and five points (scaled to the avatar's size) are
 *   handed to the analyzer, which skips detection and measures the avatar's own mesh on that placement
 *   (the real face is analysed on the same placement, so both meshes come from the same crop); a
 *   separate detection run still measures whether the face would have been found again;
 * - others: the avatar is detected from scratch; the face overlapping the real face's position wins,
 *   else the largest (stylizers that re-frame move the face). No face found: only
 *   detection.redetected = 0 is recorded, with a note.
 * Every record's details say which way the avatar face was located ('landmarks': reused | redetected).
 */
export class PreservationEvaluator implements Evaluator {
  readonly apiVersion = API_VERSIONS.evaluator;
  readonly info: EvaluatorInfo = PRESERVATION_EVALUATOR_INFO;
  readonly thresholds: Readonly<Record<string, IdentityThresholdSource>>;
  private readonly minRedetectionIou: number;

  constructor(
    readonly analyzer: FaceAnalyzer,
    private readonly options: PreservationEvaluatorOptions = {},
  ) {
    this.thresholds = resolveIdentityThresholds(options.thresholds);
    this.minRedetectionIou = options.minRedetectionIou ?? 0.3;
    if (!(this.minRedetectionIou > 0 && this.minRedetectionIou <= 1)) {
      throw new RangeError(`minRedetectionIou must be within (0, 1], got ${this.minRedetectionIou}`);
    }
  }

  async evaluatePair(
    real: EvaluationSubject,
    avatar: EvaluationSubject,
    context: { readonly geometryPreserving: boolean },
    options: RunOptions = {},
  ): Promise<PairEvaluation> {
    options.signal?.throwIfAborted();
    // Detect first and analyse only the chosen faces: group photos would otherwise pay for every face.
    const realFaces = real.faces?.length ? real.faces : await this.analyzer.detect(real.image);
    if (realFaces.length === 0) throw new NoRealFaceError(real.id);
    const realDetection = realFaces[largestFaceIndex(realFaces)]!;
    const notes: string[] = [];
    if (realFaces.length > 1) notes.push(`the real image has ${realFaces.length} faces; the largest was evaluated`);

    const sx = avatar.image.width / real.image.width;
    const sy = avatar.image.height / real.image.height;
    const expected = scaleFace(realDetection, sx, sy);
    options.signal?.throwIfAborted();

    // Reused landmarks: both faces are analysed on the same placement (box and five points, no mesh),
    // so each mesh is measured the same way on its own image. Re-detection: each face keeps the mesh its
    // detection found, again the same procedure on both sides.
    const [realFace] = await this.analyzer.analyze(real.image, {
      faces: [context.geometryPreserving ? placement(realDetection) : realDetection],
    });
    if (!realFace) throw new NoRealFaceError(real.id);
    options.signal?.throwIfAborted();
    const located = context.geometryPreserving ? await this.reuseRealFace(avatar, expected) : await this.redetect(avatar, expected);

    const landmarks: LandmarkSource = context.geometryPreserving ? 'reused' : 'redetected';
    const details = { landmarks };
    const metrics: MetricRecord[] = [];
    if (located.face) {
      metrics.push(...identityMetrics(realFace, located.face, this.thresholds, this.analyzer.info.identityModels, details));
      metrics.push(...expressionMetrics(realFace.expression, located.face.expression, details));
      metrics.push(...expressionEmbeddingMetrics(realFace, located.face, details));
      // Re-detected faces may have moved (re-framing stylizers): compare their shape, not their position.
      const aligned = !context.geometryPreserving;
      const nme = landmarkNme(realFace, scaleFace(located.face, 1 / sx, 1 / sy), { align: aligned });
      if (nme !== undefined) metrics.push({ metric: PAIR_METRICS.landmarksNme, value: nme, higherIsBetter: false, details: { ...details, aligned } });
      metrics.push(...attributeMetrics(realFace, located.face, details));
    } else {
      notes.push('no face found on the avatar, so identity and expression were not measured');
    }
    metrics.push({
      metric: PAIR_METRICS.detectionRedetected,
      value: located.redetected ? 1 : 0,
      higherIsBetter: true,
      details: { ...details, realFaces: realFaces.length, avatarFaces: located.detectedCount, multipleFaces: realFaces.length > 1 },
    });
    return { id: real.id, metrics, ...(notes.length > 0 ? { notes } : {}) };
  }

  /** The real face's placement on the avatar; detection runs only to measure re-detection. */
  private async reuseRealFace(avatar: EvaluationSubject, expected: DetectedFace): Promise<LocatedFace> {
    const detected = await this.analyzer.detect(avatar.image);
    const [face] = await this.analyzer.analyze(avatar.image, { faces: [placement(expected)] });
    return {
      face,
      redetected: bestOverlapIndex(detected, expected.box, this.minRedetectionIou) >= 0,
      detectedCount: detected.length,
    };
  }

  /** The avatar's own face: the one over the real face's position, else the largest (re-framing stylizers). */
  private async redetect(avatar: EvaluationSubject, expected: DetectedFace): Promise<LocatedFace> {
    const faces = avatar.faces?.length ? avatar.faces : await this.analyzer.detect(avatar.image);
    const overlapping = bestOverlapIndex(faces, expected.box, this.minRedetectionIou);
    const index = overlapping >= 0 ? overlapping : largestFaceIndex(faces);
    const [face] = index >= 0 ? await this.analyzer.analyze(avatar.image, { faces: [faces[index]!] }) : [];
    return { face, redetected: face !== undefined, detectedCount: faces.length };
  }

  async dispose(): Promise<void> {
    if (this.options.ownsAnalyzer) await this.analyzer.dispose?.();
  }
}

/** Where a face is (box and five points) without its mesh, so the analyzer measures the mesh itself. */
function placement(face: DetectedFace): DetectedFace {
  return { box: face.box, score: face.score, points5: face.points5 };
}

interface LocatedFace {
  readonly face: FaceAnalysis | undefined;
  readonly redetected: boolean;
  readonly detectedCount: number;
}
