import {
  API_VERSIONS,
  type Box,
  type DetectedFace,
  type EvaluationContext,
  type EvaluationSubject,
  type Evaluator,
  type EvaluatorInfo,
  type FaceAnalysis,
  type FaceAnalyzer,
  type MetricRecord,
  type PairEvaluation,
  type RunOptions,
} from '@geneava/core/contracts';
import {
  composeAffine,
  facesForStylizer,
  faceTransformOf,
  faceTransformsProblem,
  transformFace,
  type AffineMatrix,
} from '@geneava/core/geometry';
import { attributeMetrics } from './attributes.js';
import { NoRealFaceError } from './errors.js';
import { expressionEmbeddingMetrics, expressionMetrics } from './expression.js';
import { bestOverlapIndex, boxIou, largestFaceIndex } from './face-selection.js';
import { identityMetrics } from './identity.js';
import { landmarkNme } from './landmarks.js';
import { missRecords, type MissReason } from './miss-records.js';
import { PAIR_METRIC_NAMES, PAIR_METRICS, type LandmarkSource } from './metric-names.js';
import { STRENGTH_METRIC, stylizationStrengthRecord } from './strength/strength-record.js';
import { resolveIdentityThresholds, type IdentityThresholdSource } from './thresholds.js';

/**
 * Bumped whenever a change gives different numbers for the same photo and avatar, so that a resumed
 * dataset build evaluates again (the version is part of the evaluate stage's fingerprint). 0.3.0: the
 * strength of a found face is also read through the transform corrected onto it, and a linear
 * contrast or saturation change is discounted like a colour cast.
 */
export const PRESERVATION_EVALUATOR_VERSION = '0.3.0';

export const PRESERVATION_EVALUATOR_INFO: EvaluatorInfo = Object.freeze({
  id: 'preservation',
  version: PRESERVATION_EVALUATOR_VERSION,
  metrics: [...PAIR_METRIC_NAMES, STRENGTH_METRIC],
});

export interface PreservationEvaluatorOptions {
  /** Identity thresholds by model, replacing or adding to DEFAULT_IDENTITY_THRESHOLDS. */
  readonly thresholds?: Readonly<Record<string, number>>;
  /**
   * Smallest box overlap (IoU) between a face detected on the avatar and the real face mapped through
   * the stylizer's transform for the two to be the same face (default MIN_MATCH_IOU, 0.3). Of several
   * such faces the best-overlapping one is the match.
   */
  readonly minRedetectionIou?: number;
  /** Dispose the analyzer together with the evaluator (when the evaluator created it). */
  readonly ownsAnalyzer?: boolean;
}

/**
 * The match criterion: a detected avatar face is the real face when its box and the mapped real box
 * overlap by at least this IoU. 0.3 accepts a face of the same size moved by up to about half its width,
 * or a same-centred box up to 1.8 times larger or smaller (cartoon detectors box faces loosely), and
 * rejects a face next to it.
 */
export const MIN_MATCH_IOU = 0.3;

/**
 * Scores how much identity and expression survive from a real face to its avatar, with one analyzer
 * for both images so that every number compares like with like.
 *
 * One procedure for every stylizer, whatever it declares:
 * 1. The real image's largest face is the subject (given in real.faces, else detected).
 * 2. It is mapped through the stylizer's transform for that face (context.faceTransforms; absent: the
 *    real frame scaled to the avatar's size) to where it must be on the avatar.
 * 3. Faces are detected on the avatar (avatar.faces when given); the one whose box overlaps the mapped
 *    box by at least minRedetectionIou (best first) is the avatar's face. A face elsewhere is another
 *    face; no face there is a miss.
 * 4. Found: both faces are analysed on their own detections, each as a placement (box and five points
 *    rounded as stylizers get them, no mesh: the analyzer measures each mesh itself, the same way on
 *    both sides), and every metric is recorded. Missed: the
 *    rates are recorded as failures (detection.redetected, identity.verified per model with a threshold,
 *    expression.top1_agree, gender.agree: 0, details.missed = the reason) and the continuous measures
 *    are absent; nothing is dropped.
 * 5. Found or missed: stylization.strength, how far the avatar departs from the photo over that face
 *    (see strength/strength.ts), unless the stylizer reports the face is not in its output; for a found
 *    face, the lower of the readings through the stylizer's transform and through it corrected onto the
 *    face found.
 * Every record's details say landmarks: 'redetected' (landmarks are never reused).
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
    this.minRedetectionIou = options.minRedetectionIou ?? MIN_MATCH_IOU;
    if (!(this.minRedetectionIou > 0 && this.minRedetectionIou <= 1)) {
      throw new RangeError(`minRedetectionIou must be within (0, 1], got ${this.minRedetectionIou}`);
    }
  }

  async evaluatePair(real: EvaluationSubject, avatar: EvaluationSubject, context: EvaluationContext = {}, options: RunOptions = {}): Promise<PairEvaluation> {
    options.signal?.throwIfAborted();
    const transforms = context.faceTransforms;
    if (transforms !== undefined && !real.faces?.length) {
      throw new Error(`pair ${real.id}: face transforms were given without the real faces they belong to`);
    }
    const problem = faceTransformsProblem(transforms, real.faces?.length ?? 0);
    if (problem) throw new Error(`pair ${real.id}: the stylizer's ${problem}`);
    // Detect first and analyse only the chosen faces: group photos would otherwise pay for every face.
    // Faces are used in the form every command gives stylizers, so `evaluate`, `compare` and `run`
    // measure the same pair alike.
    const realFaces = real.faces?.length ? real.faces : facesForStylizer(await this.analyzer.detect(real.image));
    if (realFaces.length === 0) throw new NoRealFaceError(real.id);
    const index = largestFaceIndex(realFaces);
    const realDetection = realFaces[index]!;
    const notes: string[] = [];
    if (realFaces.length > 1) notes.push(`the real image has ${realFaces.length} faces; the largest was evaluated`);
    const transform = faceTransformOf(transforms, index, real.image, avatar.image);
    options.signal?.throwIfAborted();

    const [realFace] = await this.analyzer.analyze(real.image, { faces: facesForStylizer([realDetection]) });
    if (!realFace) throw new NoRealFaceError(real.id);
    options.signal?.throwIfAborted();
    const expectedBox = transform === null ? undefined : transformFace(realDetection, transform).box;
    const located = await this.locate(avatar, transform === null ? undefined : transformFace(realDetection, transform));

    const landmarks: LandmarkSource = 'redetected';
    const details = { landmarks };
    const metrics: MetricRecord[] = [];
    if (located.face) {
      metrics.push(...identityMetrics(realFace, located.face, this.thresholds, this.analyzer.info.identityModels, details));
      metrics.push(...expressionMetrics(realFace.expression, located.face.expression, details));
      metrics.push(...expressionEmbeddingMetrics(realFace, located.face, details));
      // Shape, not position: the avatar's mesh is fitted onto the real one first (the position is what
      // the match above already checked).
      const nme = landmarkNme(realFace, located.face, { align: true });
      if (nme !== undefined) metrics.push({ metric: PAIR_METRICS.landmarksNme, value: nme, higherIsBetter: false, details: { ...details, aligned: true } });
      metrics.push(...attributeMetrics(realFace, located.face, details));
    } else {
      notes.push(MISS_NOTES[located.miss!]);
      metrics.push(...missRecords(realFace, this.thresholds, this.analyzer.info.identityModels, { ...details, missed: located.miss! }));
    }
    metrics.push({
      metric: PAIR_METRICS.detectionRedetected,
      value: located.face ? 1 : 0,
      higherIsBetter: true,
      details: {
        ...details,
        realFaces: realFaces.length,
        avatarFaces: located.detectedCount,
        multipleFaces: realFaces.length > 1,
        ...(located.iou === undefined ? {} : { iou: Math.round(located.iou * 1000) / 1000 }),
        ...(transform ? { transform: formatTransform(transform) } : {}),
      },
    });
    // Measured whether or not the face was found again: a stylizer that paints over the face is strong and misses.
    const strength = this.strength({ ...real, faces: realFaces }, avatar, context, index, transform, expectedBox, located.box);
    if (strength) metrics.push({ ...strength, details: { ...details, ...strength.details } });
    return { id: real.id, metrics, ...(notes.length > 0 ? { notes } : {}) };
  }

  /** The avatar face detected where the real face was mapped to, or why there is none. */
  private async locate(avatar: EvaluationSubject, expected: DetectedFace | undefined): Promise<LocatedFace> {
    if (!expected) return { face: undefined, miss: 'not-in-output', detectedCount: 0 };
    const faces = avatar.faces?.length ? avatar.faces : await this.analyzer.detect(avatar.image);
    if (faces.length === 0) return { face: undefined, miss: 'no-face', detectedCount: 0 };
    const match = bestOverlapIndex(faces, expected.box, this.minRedetectionIou);
    if (match < 0) return { face: undefined, miss: 'elsewhere', detectedCount: faces.length };
    const [face] = await this.analyzer.analyze(avatar.image, { faces: facesForStylizer([faces[match]!]) });
    if (!face) return { face: undefined, miss: 'no-face', detectedCount: faces.length };
    return { face, detectedCount: faces.length, iou: boxIou(faces[match]!.box, expected.box), box: faces[match]!.box };
  }

  /**
   * Stylization strength of the scored face: read through the stylizer's transform and, when the face was
   * found on the avatar, also through that transform corrected onto the face found (its mapped box moved
   * and scaled onto the detected box); the lower reading counts. The match accepts a face up to about half
   * its width from where the stylizer said it went, so a stylizer returning the photo with a transform a
   * little off would otherwise be read against a shifted photo and score as strongly stylized, its face
   * intact.
   */
  private strength(
    real: EvaluationSubject,
    avatar: EvaluationSubject,
    context: EvaluationContext,
    index: number,
    transform: AffineMatrix | null,
    expected: Box | undefined,
    found: Box | undefined,
  ): MetricRecord | undefined {
    const claimed = stylizationStrengthRecord(real, avatar, context);
    if (!claimed || transform === null || !expected || !found || !(expected.width > 0 && expected.height > 0)) return claimed;
    const sx = found.width / expected.width;
    const sy = found.height / expected.height;
    const onto: AffineMatrix = [sx, 0, found.x - sx * expected.x, 0, sy, found.y - sy * expected.y];
    const corrected = composeAffine(onto, transform);
    const faceTransforms = real.faces!.map((_, i) => (i === index ? corrected : null));
    const detected = stylizationStrengthRecord(real, avatar, { ...context, faceTransforms });
    if (!detected || detected.value >= claimed.value) return claimed;
    return { ...detected, details: { ...detected.details, alignment: 'face found' } };
  }

  async dispose(): Promise<void> {
    if (this.options.ownsAnalyzer) await this.analyzer.dispose?.();
  }
}

const MISS_NOTES: Readonly<Record<MissReason, string>> = {
  'not-in-output': 'the stylizer reports this face is not in its output: counted as a miss',
  'no-face': 'no face found on the avatar: counted as a miss',
  elsewhere: 'faces were found on the avatar, but none where the stylizer put the real face: counted as a miss',
};

/** A transform in the records: six numbers to 1/1000. */
function formatTransform(m: AffineMatrix): string {
  return m.map((v) => Math.round(v * 1000) / 1000).join(' ');
}

interface LocatedFace {
  readonly face: FaceAnalysis | undefined;
  readonly miss?: MissReason;
  readonly detectedCount: number;
  readonly iou?: number;
  /** The matched detection's box on the avatar. */
  readonly box?: Box;
}
