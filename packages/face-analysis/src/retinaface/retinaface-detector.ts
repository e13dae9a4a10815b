/**
 * Face detection with a user-supplied RetinaFace export (biubug6/Pytorch_Retinaface, static input,
 * 640 x 640 by default). detect.py feeds the whole image unresized; a static export cannot take that,
 * so the image is letterboxed at the top-left of a zero canvas of the export's size, as InsightFace
 * does for SCRFD, and detections are divided by the resize scale. Pixels: BGR minus (104, 117, 123),
 * NCHW. Outputs by position: loc, conf (softmax), landms. NMS: greedy at IoU 0.4 with whole-pixel
 * areas (py_cpu_nms); faces are kept from score 0.6 (detect.py's vis_thres).
 */
import type { OnnxSession } from '@geneava/core/onnx';
import type { RgbImage } from '@geneava/core/contracts';
import { RETINAFACE_INPUT } from './retinaface-contract.js';
import { scaleCandidate, type FaceCandidate } from '../common/candidate.js';
import type { DetectOptions, FaceDetector } from '../common/face-detector.js';
import { letterboxScale, renderLetterbox, topLeftLetterbox } from '../common/letterbox.js';
import { conventionTensor } from '../common/model-tensors.js';
import { greedyNms } from '../common/nms.js';
import { RETINAFACE_NMS_THRESHOLD, RETINAFACE_SCORE_THRESHOLD, decodeRetinaface } from './retinaface-decode.js';
import { declaredDim, floatOutputsInOrder } from '../common/session-io.js';

export interface RetinafaceOptions {
  readonly scoreThreshold?: number;
  readonly nmsThreshold?: number;
}

export class RetinafaceDetector implements FaceDetector {
  readonly name = 'retinaface';

  constructor(
    private readonly session: OnnxSession,
    private readonly options: RetinafaceOptions = {},
  ) {}

  async detect(image: RgbImage, options: DetectOptions = {}): Promise<FaceCandidate[]> {
    const fallback = RETINAFACE_INPUT.size ?? 640;
    const height = declaredDim(this.session, 'input0', 2, fallback);
    const width = declaredDim(this.session, 'input0', 3, fallback);
    const box = topLeftLetterbox(image.width, image.height, width, height);
    const input = await renderLetterbox(image, box);
    options.onInputsReady?.();
    const tensor = conventionTensor([input], RETINAFACE_INPUT);
    const outputs = await this.session.run({ input0: { dtype: 'float32', dims: tensor.dims, data: tensor.data } });
    const [loc, conf, landms] = floatOutputsInOrder(outputs, this.session);
    if (!loc || !conf || !landms) throw new Error(`${this.session.label}: expected 3 outputs (loc, conf, landms), got ${this.session.outputs.length}`);
    const candidates = decodeRetinaface({ loc, conf, landms }, height, width, this.options.scoreThreshold ?? RETINAFACE_SCORE_THRESHOLD);
    const scale = letterboxScale(box);
    return greedyNms(
      candidates.map((candidate) => scaleCandidate(candidate, scale)),
      { iouThreshold: this.options.nmsThreshold ?? RETINAFACE_NMS_THRESHOLD, plusOne: true },
    );
  }
}
