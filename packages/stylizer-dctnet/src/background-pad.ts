import type { RgbImage } from '@geneava/core/contracts';

const WHITE = 255;

/**
 * DCT-Net's `padTo16x`: when either side is not a multiple of 16, both sides grow to `(side // 16 + 1) * 16`
 * with white added at the bottom and right. Note the quirk this keeps: a side that already is a multiple
 * still grows by 16 when the other side needs padding. Sizes that are both multiples are left alone.
 */
export function padTo16(image: RgbImage): RgbImage {
  const { width, height, data } = image;
  if (width % 16 === 0 && height % 16 === 0) return image;
  const paddedWidth = (Math.trunc(width / 16) + 1) * 16;
  const paddedHeight = (Math.trunc(height / 16) + 1) * 16;
  const out = new Uint8Array(paddedWidth * paddedHeight * 3).fill(WHITE);
  for (let y = 0; y < height; y++) {
    out.set(data.subarray(y * width * 3, (y + 1) * width * 3), y * paddedWidth * 3);
  }
  return { width: paddedWidth, height: paddedHeight, data: out };
}

/** The top-left `width` x `height` of `image` (DCT-Net's `res[:h, :w]`), in a buffer of its own. */
export function cropTopLeft(image: RgbImage, width: number, height: number): RgbImage {
  if (width > image.width || height > image.height) {
    throw new Error(`cropTopLeft: cannot take ${width}x${height} from a ${image.width}x${image.height} image`);
  }
  if (width === image.width) return { width, height, data: image.data.slice(0, width * height * 3) };
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    out.set(image.data.subarray(y * image.width * 3, (y * image.width + width) * 3), y * width * 3);
  }
  return { width, height, data: out };
}
