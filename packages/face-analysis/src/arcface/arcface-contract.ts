/**
 * IO contract of ArcFace w600k_r50.onnx from InsightFace's buffalo_l pack (python-package 0.7.3), with
 * the input convention it was trained with. The output's layout is checked by arcface-outputs.ts.
 */
import { tensor, type ModelIoContract } from '@geneava/core/onnx';
import type { InputConvention } from '../common/input-convention.js';

export const ARCFACE_CONTRACT: ModelIoContract = {
  model: 'ArcFace identity embedder',
  inputs: [tensor('input.1', 'float32', ['batch', 3, 112, 112])],
  // One [N, D] output whose name the exporter chose ("683" in w600k_r50); checked by structure.
  outputs: [],
  allowExtraOutputs: true,
  hint: 'expected an InsightFace ArcFace export such as buffalo_l/w600k_r50.onnx (input "input.1" [N, 3, 112, 112], one [N, 512] output)',
};

/** blobFromImages(scale 1/127.5, mean 127.5, swapRB) on an aligned 112 crop: RGB, (x - 127.5) / 127.5. */
export const ARCFACE_INPUT: InputConvention = {
  layout: 'NCHW',
  colour: 'rgb',
  pixelRange: [0, 255],
  mean: [127.5, 127.5, 127.5],
  std: [127.5, 127.5, 127.5],
  size: 112,
};

/** w600k_r50's embedding size; other sizes are accepted and reported. */
export const ARCFACE_EMBEDDING_SIZE = 512;
