/**
 * IO contracts of the optional face models a user may supply to the evaluator, with the input
 * conventions each was trained with. Names and shapes follow the public exports:
 * - SCRFD det_10g.onnx and ArcFace w600k_r50.onnx from InsightFace's buffalo_l pack (python-package 0.7.3);
 * - RetinaFace from biubug6/Pytorch_Retinaface's convert_to_onnx.py;
 * - POSTER, which has no public ONNX export: the contract is ours, and the README says how to export it.
 * What a contract cannot say (how many outputs, their layout, anchor totals) is checked by the
 * structure checks beside this file.
 */
import { tensor, type ModelIoContract, type TensorForm } from '@geneava/core';

/** How pixels become the network input: value = (pixel - mean) / std per channel, in `colour` order. */
export interface InputConvention {
  readonly layout: 'NCHW' | 'NHWC';
  readonly colour: 'rgb' | 'bgr';
  /** Pixel values before normalisation: 0..255, or 0..1 when the exporter's pipeline divides by 255 first. */
  readonly pixelRange: readonly [number, number];
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
  /** Square network input size, when fixed. */
  readonly size?: number;
}

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

/** POSTER V1 (RAF-DB, AffectNet-7) has 7 classes, AffectNet-8 adds contempt. */
export const POSTER_CLASS_COUNTS = [7, 8] as const;
/** POSTER V1's y_feat is 512-d; POSTER V2's pre-head class token is 768-d. */
export const POSTER_FEATURE_SIZES = [512, 768] as const;

const float32Forms = (leading: string, sizes: readonly number[]): TensorForm[] =>
  sizes.map((size) => ({ dtypes: ['float32'], dims: [leading, size] }));

export const POSTER_CONTRACT: ModelIoContract = {
  model: 'POSTER expression encoder',
  inputs: [tensor('image', 'float32', ['batch', 3, 224, 224])],
  outputs: [
    { name: 'logits', forms: float32Forms('batch', POSTER_CLASS_COUNTS) },
    // The expression embedding the paper's "expression error" is computed on.
    { name: 'feature', forms: float32Forms('batch', POSTER_FEATURE_SIZES), optional: true },
  ],
  allowExtraOutputs: true,
  hint: 'export POSTER with input_names=["image"], output_names=["logits", "feature"] and a dynamic batch axis (see the @geneava/evaluator README)',
};

/** test.py: Resize 224, ToTensor (0..1), ImageNet mean/std, RGB. */
export const POSTER_INPUT: InputConvention = {
  layout: 'NCHW',
  colour: 'rgb',
  pixelRange: [0, 1],
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  size: 224,
};

/**
 * Class orders of POSTER's training sets (zczcwh/POSTER): SU surprise, FE fear, DI disgust, HA happy,
 * SA sad, AN anger, NE neutral, CO contempt. A checkpoint's file cannot say which set it was trained
 * on; the user names it.
 */
export const POSTER_LABEL_ORDERS = {
  rafdb: ['SU', 'FE', 'DI', 'HA', 'SA', 'AN', 'NE'],
  affectnet: ['NE', 'HA', 'SA', 'SU', 'FE', 'DI', 'AN'],
  // The repository says the 8-class set "adds CO"; last place is AffectNet's own index 7 (inferred).
  affectnet8class: ['NE', 'HA', 'SA', 'SU', 'FE', 'DI', 'AN', 'CO'],
} as const satisfies Record<string, readonly string[]>;

export type PosterDataset = keyof typeof POSTER_LABEL_ORDERS;
