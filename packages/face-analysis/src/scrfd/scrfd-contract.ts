/**
 * IO contract of SCRFD det_10g.onnx from InsightFace's buffalo_l pack (python-package 0.7.3), with the
 * input convention it was trained with. What a contract cannot say (how many outputs, their layout) is
 * checked by scrfd-outputs.ts.
 */
import { tensor, type ModelIoContract } from '@geneava/core/onnx';
import type { InputConvention } from '../common/input-convention.js';

export const SCRFD_CONTRACT: ModelIoContract = {
  model: 'SCRFD face detector',
  // Batch fixed at 1, height and width free (det_10g declares [1, 3, ?, ?]); outputs are checked by layout.
  inputs: [tensor('input.1', 'float32', [1, 3, 'height', 'width'])],
  outputs: [],
  allowExtraOutputs: true,
  hint: 'expected an InsightFace SCRFD export such as buffalo_l/det_10g.onnx (input "input.1", 6, 9, 10 or 15 outputs)',
};

/**
 * blobFromImage(scale 1/128, mean 127.5, swapRB) on a BGR image: RGB, (x - 127.5) / 128. The input size
 * is free; InsightFace resizes keeping the aspect ratio into the top-left of a zero 640 x 640 canvas.
 */
export const SCRFD_INPUT: InputConvention = {
  layout: 'NCHW',
  colour: 'rgb',
  pixelRange: [0, 255],
  mean: [127.5, 127.5, 127.5],
  std: [128, 128, 128],
};

/** The detection canvas InsightFace's FaceAnalysis uses (det_size). */
export const SCRFD_DETECTION_SIZE = 640;
