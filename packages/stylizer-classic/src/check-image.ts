import type { RgbImage } from '@geneava/core/contracts';

/** Rejects images whose size and buffer disagree, before any stage indexes past the end. */
export function checkRgbImage(image: RgbImage, label: string): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(
      `stylizer-classic: ${label} has size ${width}x${height}; width and height must be positive integers`
    );
  }
  if (!(data instanceof Uint8Array)) {
    throw new Error(`stylizer-classic: ${label} data must be a Uint8Array of interleaved RGB bytes`);
  }
  if (data.length !== width * height * 3) {
    throw new Error(
      `stylizer-classic: ${label} has ${data.length} bytes; ${width}x${height} RGB needs ${width * height * 3}`
    );
  }
}
