import type { Box, RgbImage } from '@geneava/core/contracts';

/**
 * The square crop that frames one face of a group photo: `scale` times the face box's longer side,
 * centred on the face, moved (not shrunk) to stay inside the photo, and shrunk only when the photo is
 * smaller than that. Whole pixels.
 */
export function cropAroundFace(face: Box, photo: { readonly width: number; readonly height: number }, scale: number): Box {
  const side = Math.max(1, Math.min(Math.round(Math.max(face.width, face.height) * scale), photo.width, photo.height));
  const centreX = face.x + face.width / 2;
  const centreY = face.y + face.height / 2;
  const clamp = (value: number, max: number) => Math.min(Math.max(0, Math.round(value)), max);
  return { x: clamp(centreX - side / 2, photo.width - side), y: clamp(centreY - side / 2, photo.height - side), width: side, height: side };
}

/** Copies a whole-pixel box out of an image; the box must lie inside it. */
export function cropRgb(image: RgbImage, box: Box): RgbImage {
  const { x, y, width, height } = box;
  if (![x, y, width, height].every(Number.isInteger) || width <= 0 || height <= 0 || x < 0 || y < 0 || x + width > image.width || y + height > image.height) {
    throw new Error(`crop ${x},${y} ${width}x${height} does not lie inside the ${image.width}x${image.height} image`);
  }
  const data = new Uint8Array(width * height * 3);
  const rowBytes = width * 3;
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * image.width + x) * 3;
    data.set(image.data.subarray(from, from + rowBytes), row * rowBytes);
  }
  return { width, height, data };
}
