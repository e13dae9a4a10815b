/**
 * Face detection with the embedded BlazeFace (back-camera, 256 x 256, input in [-1, 1]).
 * The image is letterboxed onto the square input twice, once padded only to a square and once with a
 * border of half the canvas (padFactor 2), and the candidates of both passes are merged by MediaPipe's
 * weighted NMS at IoU 0.3. The padded pass finds faces that fill the frame or touch its border (the
 * back-camera model was trained on small faces; stylised avatars and close-ups are re-detected
 * reliably only this way, 22/22 against 12/22 in the reference's measurement); the unpadded pass
 * keeps resolution for small faces in group photos. What counts is the face's size on the 256 input:
 * the sample photos' faces, 23 to 31 px there (1/11 to 1/8 of the longer side), are all found at any
 * image size; faces much smaller than that relative to the image (crowds) may be missed.
 *
 * minScore 0.5 (MediaPipe's default): on the six sample photos the 22 real faces score 0.72 to 0.95
 * and the spurious candidates at most 0.39.
 */
import { faceModel } from '@geneava/face-models';
import type { OnnxSession } from '@geneava/core/onnx';
import type { Point2, RgbImage } from '@geneava/core/contracts';
import { BLAZEFACE_INPUT_SIZE, blazefaceAnchors } from './blazeface-anchors.js';
import { BLAZEFACE_EYES, decodeBlazeface, joinBlazefaceOutputs } from './blazeface-decode.js';
import type { FaceCandidate } from '../common/candidate.js';
import type { DetectOptions, FaceDetector } from '../common/face-detector.js';
import { centredLetterbox, letterboxCornersToImage, letterboxToImage, renderLetterbox, type Letterbox } from '../common/letterbox.js';
import { weightedNms } from '../common/nms.js';
import { withImagesTensor } from '../common/scratch-tensors.js';
import { floatOutput } from '../common/session-io.js';

export interface BlazefaceOptions {
  /** Lowest face score kept (sigmoid of the logit). */
  readonly minScore?: number;
  /** IoU above which candidates are merged (MediaPipe: 0.3). */
  readonly iouThreshold?: number;
  /** Letterbox pad factors, one detection pass each. */
  readonly padFactors?: readonly number[];
  /** Colour of the letterbox border. */
  readonly padColour?: readonly [number, number, number];
}

export const BLAZEFACE_DEFAULTS = {
  minScore: 0.5,
  iouThreshold: 0.3,
  padFactors: [1, 2],
  padColour: [0, 0, 0],
} as const satisfies Required<BlazefaceOptions>;

const OUTPUT_NAMES = faceModel('blazeface').outputs.map((output) => output.name);
const INPUT_NAME = faceModel('blazeface').input.name;

export class BlazefaceDetector implements FaceDetector {
  readonly name = 'blazeface';
  private readonly anchors = blazefaceAnchors();
  private readonly options: Required<BlazefaceOptions>;

  constructor(
    private readonly session: OnnxSession,
    options: BlazefaceOptions = {},
  ) {
    this.options = { ...BLAZEFACE_DEFAULTS, ...options };
  }

  async detect(image: RgbImage, options: DetectOptions = {}): Promise<FaceCandidate[]> {
    // Every pass's input is resized at once (sharp works off the main thread, one resize per core);
    // the model then runs on every input at once (one run each: its batch size is fixed at 1), which
    // with model workers puts the passes on different cores. Candidates keep the order of the passes.
    const boxes = this.options.padFactors.map((padFactor) => centredLetterbox(image.width, image.height, BLAZEFACE_INPUT_SIZE, padFactor));
    const inputs = await Promise.all(boxes.map((box) => renderLetterbox(image, box, this.options.padColour)));
    options.onInputsReady?.();
    const passes = await Promise.all(boxes.map((box, pass) => this.detectOn(inputs[pass]!, box)));
    return weightedNms(passes.flat(), this.options.iouThreshold).map((candidate) => ({
      ...candidate,
      eyes: [candidate.points[BLAZEFACE_EYES[0]]!, candidate.points[BLAZEFACE_EYES[1]]!],
    }));
  }

  /** One pass on a letterboxed input: candidates in image coordinates. */
  private async detectOn(input: RgbImage, box: Letterbox): Promise<FaceCandidate[]> {
    const outputs = await withImagesTensor([input], { layout: 'NHWC', range: [-1, 1] }, (tensor) =>
      this.session.run({ [INPUT_NAME]: { dtype: 'float32', dims: tensor.dims, data: tensor.data } }, OUTPUT_NAMES),
    );
    const [logits512, logits384, regressors512, regressors384] = OUTPUT_NAMES.map((name) => floatOutput(outputs, name, this.session));
    const raw = joinBlazefaceOutputs(logits512!, logits384!, regressors512!, regressors384!);
    const size = BLAZEFACE_INPUT_SIZE;
    return decodeBlazeface(raw, this.options.minScore, this.anchors).map((candidate) => ({
      box: letterboxCornersToImage(box, { x1: candidate.box.x1 * size, y1: candidate.box.y1 * size, x2: candidate.box.x2 * size, y2: candidate.box.y2 * size }),
      score: candidate.score,
      points: candidate.points.map(([x, y]): Point2 => letterboxToImage(box, [x * size, y * size])),
    }));
  }
}
