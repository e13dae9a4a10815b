/** Pixels to network inputs, for the conventions the supported models were trained with. */
import { imagesToTensor, type ImageTensor, type MeanStd, type TensorFormat } from '@geneava/core/image';
import type { RgbImage } from '@geneava/core/contracts';
import type { InputConvention } from './input-convention.js';

/**
 * Rec. 601 luma weights, as Human's emotion wrapper (and MATLAB's rgb2gray) apply them before the
 * oarriaga model, which was trained on grayscale FER-2013 faces.
 */
export const GRAY_WEIGHTS = [0.2989, 0.587, 0.114] as const;

/**
 * The emotion model's input: [N, 64, 64, 1] grayscale, g = luma / 255, value (g - 0.5) * 2, from
 * 64 x 64 crops.
 */
export function emotionTensor(crops: readonly RgbImage[]): ImageTensor {
  if (crops.length === 0) throw new Error('emotionTensor: no crops given');
  const { width, height } = crops[0]!;
  const plane = width * height;
  const data = new Float32Array(crops.length * plane);
  crops.forEach((crop, n) => {
    if (crop.width !== width || crop.height !== height) throw new Error(`emotionTensor: crop ${n} is ${crop.width}x${crop.height}, crop 0 is ${width}x${height}`);
    for (let i = 0; i < plane; i++) {
      const luma = GRAY_WEIGHTS[0] * crop.data[3 * i]! + GRAY_WEIGHTS[1] * crop.data[3 * i + 1]! + GRAY_WEIGHTS[2] * crop.data[3 * i + 2]!;
      data[n * plane + i] = (luma / 255 - 0.5) * 2;
    }
  });
  return { data, dims: [crops.length, height, width, 1] };
}

/**
 * A batch for a model described by an InputConvention: value = (pixel' - mean) / std per channel with
 * pixel' in the convention's pixel range (0..255, or 0..1 as torchvision's ToTensor gives), channels in
 * the convention's colour order, mean and std listed in that order (RetinaFace's (104, 117, 123) is B, G, R). A 0..1 convention is applied in pixel units: (p / 255 - m) / s equals
 * (p - 255 m) / (255 s).
 */
export function conventionTensor(images: readonly RgbImage[], convention: InputConvention): ImageTensor {
  const unit = convention.pixelRange[1] - convention.pixelRange[0];
  if (convention.pixelRange[0] !== 0 || (unit !== 255 && unit !== 1)) {
    throw new Error(`conventionTensor: pixel range [${convention.pixelRange.join(', ')}] is not supported (use [0, 255] or [0, 1])`);
  }
  const toPixels = 255 / unit;
  // A convention lists mean and std in its tensor's channel order; core lists them R, G, B.
  const rgbOrder = (values: readonly [number, number, number]): [number, number, number] => {
    const scaled = values.map((v) => v * toPixels) as [number, number, number];
    return convention.colour === 'bgr' ? [scaled[2], scaled[1], scaled[0]] : scaled;
  };
  const range: MeanStd = { mean: rgbOrder(convention.mean), std: rgbOrder(convention.std) };
  const format: TensorFormat = { layout: convention.layout, channelOrder: convention.colour === 'bgr' ? 'BGR' : 'RGB', range };
  return imagesToTensor(images, format);
}
