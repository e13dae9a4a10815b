/**
 * IO contract of RetinaFace as biubug6/Pytorch_Retinaface's convert_to_onnx.py exports it, with the input
 * convention it was trained with. Prior totals are checked by retinaface-outputs.ts.
 */
import { tensor, type ModelIoContract } from '@geneava/core/onnx';
import type { InputConvention } from '../common/input-convention.js';

export const RETINAFACE_CONTRACT: ModelIoContract = {
  model: 'RetinaFace face detector',
  // The export is static at [1, 3, 640, 640] (--long_side 640); other static sizes are accepted and
  // their prior count is checked against the input size.
  inputs: [tensor('input0', 'float32', [1, 3, 'height', 'width'])],
  // loc; the conf and landmark outputs have exporter-generated names and are found by position.
  outputs: [tensor('output0', 'float32', [1, 'priors', 4])],
  allowExtraOutputs: true,
  hint: 'expected the biubug6/Pytorch_Retinaface export (convert_to_onnx.py: input "input0", outputs loc "output0", conf, landms)',
};

/** detect.py: BGR float, minus (104, 117, 123), no scaling. */
export const RETINAFACE_INPUT: InputConvention = {
  layout: 'NCHW',
  colour: 'bgr',
  pixelRange: [0, 255],
  mean: [104, 117, 123],
  std: [1, 1, 1],
  size: 640,
};
