/** Image to model input exactly as the Hugging Face image processors do it (see ImagePreprocessing). */
import { assertRgbImage, imagesToTensor, resizeImage, type ImageTensor } from '@geneava/core/image';
import type { RgbImage } from '@geneava/core/contracts';
import type { ImagePreprocessing } from './contracts.js';

/**
 * The output size of transformers' get_resize_output_image_size(default_to_square=False): the shorter
 * side becomes `size`, the longer int(size * long / short), truncated.
 */
export function shortestSideSize(width: number, height: number, size: number): { width: number; height: number } {
  const short = Math.min(width, height);
  const long = Math.max(width, height);
  const newLong = Math.trunc((size * long) / short);
  return width <= height ? { width: size, height: newLong } : { width: newLong, height: size };
}

/**
 * Bicubic resize of the shortest side to `size`. sharp's cubic kernel is Catmull-Rom (a = -0.5), the
 * kernel of PIL's BICUBIC, and both widen it when shrinking; values can still differ from PIL by a level.
 */
export async function resizeShortestSide(image: RgbImage, size: number): Promise<RgbImage> {
  const target = shortestSideSize(image.width, image.height, size);
  return resizeImage(image, target.width, target.height, 'cubic');
}

/** The centred size x size square (transformers' center_crop offsets: floor((side - size) / 2)). */
export function centreCrop(image: RgbImage, size: number): RgbImage {
  assertRgbImage(image, 'centreCrop');
  if (image.width < size || image.height < size) {
    throw new Error(`centreCrop: a ${size} x ${size} crop does not fit a ${image.width} x ${image.height} image`);
  }
  const left = Math.floor((image.width - size) / 2);
  const top = Math.floor((image.height - size) / 2);
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    const from = ((top + y) * image.width + left) * 3;
    data.set(image.data.subarray(from, from + size * 3), y * size * 3);
  }
  return { width: size, height: size, data };
}

/** The resized, centre-cropped image (still 8-bit), before normalisation. */
export async function preprocessPixels(image: RgbImage, preprocessing: ImagePreprocessing): Promise<RgbImage> {
  return centreCrop(await resizeShortestSide(image, preprocessing.resizeShortest), preprocessing.crop);
}

/** Cropped images as one normalised NCHW batch: ((p / 255) - mean) / std per channel. */
export function normalisedBatch(crops: readonly RgbImage[], preprocessing: ImagePreprocessing): ImageTensor {
  // In pixel units (p - 255 mean) / (255 std): the same value as the 0..1 formula, up to float rounding.
  const mean = preprocessing.mean.map((m) => m * 255) as unknown as readonly [number, number, number];
  const std = preprocessing.std.map((s) => s * 255) as unknown as readonly [number, number, number];
  return imagesToTensor(crops, { layout: 'NCHW', range: { mean, std } });
}
