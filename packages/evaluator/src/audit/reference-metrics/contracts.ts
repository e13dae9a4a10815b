/**
 * IO contracts and preprocessing of the user-supplied models behind the GenEAva paper's Table 1
 * (CLIP and DINOv2 image-embedding similarity, LPIPS). None of them has one canonical ONNX export, so
 * the names follow the Hugging Face models' own argument and output names (pixel_values, image_embeds,
 * pooler_output, last_hidden_state) and the lpips package's forward(in0, in1); the evaluator README shows
 * an export call for each.
 */
import { tensor, type ModelIoContract, type TensorForm } from '@geneava/core/onnx';

/**
 * How an image becomes a model input, as the Hugging Face image processors do it: shortest side resized
 * to `resizeShortest` (bicubic; the longer side to floor(resizeShortest * long / short)), a centre crop of
 * `crop` x `crop` (offsets floor((size - crop) / 2)), pixels to 0..1, then (x - mean) / std per RGB
 * channel, NCHW.
 */
export interface ImagePreprocessing {
  readonly resizeShortest: number;
  readonly crop: number;
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
}

/** CLIPImageProcessor (openai/clip-vit-*): shortest side 224 bicubic, centre crop 224, OpenAI's mean/std. */
export const CLIP_PREPROCESSING: ImagePreprocessing = {
  resizeShortest: 224,
  crop: 224,
  mean: [0.48145466, 0.4578275, 0.40821073],
  std: [0.26862954, 0.26130258, 0.27577711],
};

/** BitImageProcessor of facebook/dinov2-*: shortest side 256 bicubic, centre crop 224, ImageNet mean/std. */
export const DINOV2_PREPROCESSING: ImagePreprocessing = {
  resizeShortest: 256,
  crop: 224,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
};

/**
 * LPIPS compares two images of one size, in [-1, 1] (lpips.im2tensor: x / 127.5 - 1, which is mean 0.5
 * and std 0.5 on 0..1). Generated and reference images differ in size, so both are brought to 256 x 256
 * (shortest side 256, centre crop), the size LPIPS is usually reported at.
 */
export const LPIPS_PREPROCESSING: ImagePreprocessing = {
  resizeShortest: 256,
  crop: 256,
  mean: [0.5, 0.5, 0.5],
  std: [0.5, 0.5, 0.5],
};

/**
 * The preprocessing for a model whose input is fixed at `size` x `size` (e.g. CLIP ViT-L/14-336): the
 * crop becomes `size`, and the resize keeps its ratio to the crop (DINOv2: 256/224).
 */
export function preprocessingForSize(base: ImagePreprocessing, size: number | undefined): ImagePreprocessing {
  if (size === undefined || size === base.crop) return base;
  return { ...base, crop: size, resizeShortest: Math.round((size * base.resizeShortest) / base.crop) };
}

const imageInput = (name: string) => tensor(name, 'float32', ['batch', 3, 'height', 'width']);
const forms = (...dims: (number | string)[][]): TensorForm[] => dims.map((d) => ({ dtypes: ['float32'], dims: d }));

export const CLIP_VISION_CONTRACT: ModelIoContract = {
  model: 'CLIP vision encoder',
  inputs: [imageInput('pixel_values')],
  outputs: [tensor('image_embeds', 'float32', ['batch', 'dim'])],
  allowExtraOutputs: true,
  hint: 'export CLIPVisionModelWithProjection with input_names=["pixel_values"], output_names=["image_embeds"] (see the @geneava/evaluator README)',
};

export const DINOV2_CONTRACT: ModelIoContract = {
  model: 'DINOv2 image encoder',
  inputs: [imageInput('pixel_values')],
  outputs: [
    // Dinov2Model's pooler_output is the layer-normed CLS token; last_hidden_state[:, 0] is the same vector.
    { name: 'pooler_output', forms: forms(['batch', 'dim']), optional: true },
    { name: 'last_hidden_state', forms: forms(['batch', 'tokens', 'dim']), optional: true },
  ],
  allowExtraOutputs: true,
  hint: 'export Dinov2Model with input_names=["pixel_values"], output_names=["last_hidden_state", "pooler_output"] (see the @geneava/evaluator README)',
};

export const LPIPS_CONTRACT: ModelIoContract = {
  model: 'LPIPS distance',
  inputs: [imageInput('in0'), imageInput('in1')],
  outputs: [{ name: 'distance', forms: forms(['batch', 1, 1, 1], ['batch', 1], ['batch']) }],
  allowExtraOutputs: true,
  hint: 'export lpips.LPIPS(net="alex") with input_names=["in0", "in1"], output_names=["distance"] (see the @geneava/evaluator README)',
};
