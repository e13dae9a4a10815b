import type { RgbImage } from '@geneava/core/contracts';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * `image` placed at (left, top) on a width x height canvas. The border is a constant colour, or
 * 'replicate' to repeat the nearest edge pixel (what a convolutional model sees least of as an edge).
 * Rows are copied whole, so the cost is a few memcpy per row.
 */
export function padImage(
  image: RgbImage,
  width: number,
  height: number,
  left: number,
  top: number,
  border: readonly [number, number, number] | 'replicate',
): RgbImage {
  const data = new Uint8Array(width * height * 3);
  const rowBytes = image.width * 3;
  const fillRow = (row: number, from: number, to: number, source: number): void => {
    for (let x = from; x < to; x++) {
      const o = (row * width + x) * 3;
      if (border === 'replicate') {
        data[o] = data[source];
        data[o + 1] = data[source + 1];
        data[o + 2] = data[source + 2];
      } else {
        data[o] = border[0];
        data[o + 1] = border[1];
        data[o + 2] = border[2];
      }
    }
  };
  for (let y = 0; y < height; y++) {
    const sy = y < top ? 0 : y >= top + image.height ? image.height - 1 : y - top;
    const inside = y >= top && y < top + image.height;
    if (inside || border === 'replicate') {
      data.set(image.data.subarray(sy * rowBytes, (sy + 1) * rowBytes), (y * width + left) * 3);
      fillRow(y, 0, left, (y * width + left) * 3);
      fillRow(y, left + image.width, width, (y * width + left + image.width - 1) * 3);
    } else {
      fillRow(y, 0, width, 0);
    }
  }
  return { width, height, data };
}

/** The pixels inside `rect` (which must lie within the image), as a new image. */
export function cropImage(image: RgbImage, rect: Rect): RgbImage {
  const { x, y, width, height } = rect;
  if (x < 0 || y < 0 || width <= 0 || height <= 0 || x + width > image.width || y + height > image.height) {
    throw new Error(`cropImage: ${width}x${height} at (${x}, ${y}) does not lie within the ${image.width}x${image.height} image`);
  }
  const data = new Uint8Array(width * height * 3);
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * image.width + x) * 3;
    data.set(image.data.subarray(from, from + width * 3), row * width * 3);
  }
  return { width, height, data };
}

/** The largest centred square of the image. */
export function centreSquare(image: RgbImage): Rect {
  const side = image.width < image.height ? image.width : image.height;
  return { x: (image.width - side) >> 1, y: (image.height - side) >> 1, width: side, height: side };
}
