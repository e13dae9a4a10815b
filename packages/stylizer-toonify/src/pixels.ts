import type { RgbImage } from '@geneava/core/contracts';

export interface Region {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A copy of `region` (which must lie inside the image). */
export function cropRegion(image: RgbImage, region: Region): RgbImage {
  const { x, y, width, height } = region;
  if (x < 0 || y < 0 || width < 1 || height < 1 || x + width > image.width || y + height > image.height) {
    throw new Error(`cropRegion: ${width}x${height} at (${x}, ${y}) does not lie inside a ${image.width}x${image.height} image`);
  }
  const out = new Uint8Array(width * height * 3);
  for (let row = 0; row < height; row++) {
    const start = ((y + row) * image.width + x) * 3;
    out.set(image.data.subarray(start, start + width * 3), row * width * 3);
  }
  return { width, height, data: out };
}

/** The largest centred square (left/top get the smaller half of any odd remainder). */
export function centreSquare(image: RgbImage): Region {
  const side = Math.min(image.width, image.height);
  return { x: Math.floor((image.width - side) / 2), y: Math.floor((image.height - side) / 2), width: side, height: side };
}
