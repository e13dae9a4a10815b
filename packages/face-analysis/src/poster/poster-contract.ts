/**
 * IO contract of POSTER, which has no public ONNX export: the contract is ours, and the README says how
 * to export it. Class orders of its training sets and the input convention are here too; the outputs are
 * checked by poster-outputs.ts.
 */
import { tensor, type ModelIoContract, type TensorForm } from '@geneava/core/onnx';
import type { InputConvention } from '../common/input-convention.js';

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
  hint: 'export POSTER with input_names=["image"], output_names=["logits", "feature"] and a dynamic batch axis (see the @geneava/face-analysis README)',
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
