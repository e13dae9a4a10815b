/**
 * Face detection with a user-supplied SCRFD export (InsightFace det_10g and relatives), as
 * InsightFace 0.7.3 runs it: the image letterboxed at the top-left of a zero 640 x 640 canvas, RGB,
 * (x - 127.5) / 128, NCHW; decoding in scrfd-decode.ts; detections divided by det_scale; greedy NMS
 * at IoU 0.4 with whole-pixel areas.
 */
import type { OnnxSession } from '@geneava/core/onnx';
import type { RgbImage } from '@geneava/core/contracts';
import { SCRFD_DETECTION_SIZE, SCRFD_INPUT } from './scrfd-contract.js';
import { scaleCandidate, type FaceCandidate } from '../common/candidate.js';
import type { DetectOptions, FaceDetector } from '../common/face-detector.js';
import { letterboxScale, renderLetterbox, topLeftLetterbox } from '../common/letterbox.js';
import { conventionTensor } from '../common/model-tensors.js';
import { greedyNms } from '../common/nms.js';
import { SCRFD_NMS_THRESHOLD, SCRFD_SCORE_THRESHOLD, decodeScrfd } from './scrfd-decode.js';
import { floatOutputsInOrder } from '../common/session-io.js';

export interface ScrfdOptions {
  readonly scoreThreshold?: number;
  readonly nmsThreshold?: number;
  /** Square detection canvas (InsightFace's det_size). */
  readonly size?: number;
}

export class ScrfdDetector implements FaceDetector {
  readonly name = 'scrfd';

  constructor(
    private readonly session: OnnxSession,
    private readonly options: ScrfdOptions = {},
  ) {}

  async detect(image: RgbImage, options: DetectOptions = {}): Promise<FaceCandidate[]> {
    const size = this.options.size ?? SCRFD_DETECTION_SIZE;
    const box = topLeftLetterbox(image.width, image.height, size);
    const input = await renderLetterbox(image, box);
    options.onInputsReady?.();
    const tensor = conventionTensor([input], SCRFD_INPUT);
    const outputs = await this.session.run({ 'input.1': { dtype: 'float32', dims: tensor.dims, data: tensor.data } });
    const candidates = decodeScrfd(floatOutputsInOrder(outputs, this.session), {
      inputWidth: size,
      inputHeight: size,
      scoreThreshold: this.options.scoreThreshold ?? SCRFD_SCORE_THRESHOLD,
    });
    const scale = letterboxScale(box);
    return greedyNms(
      candidates.map((candidate) => scaleCandidate(candidate, scale)),
      { iouThreshold: this.options.nmsThreshold ?? SCRFD_NMS_THRESHOLD, plusOne: true },
    );
  }
}
