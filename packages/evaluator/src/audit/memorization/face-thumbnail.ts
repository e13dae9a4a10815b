/** Small JPEG crops of faces as data: URIs, so an HTML report shows them with no files beside it. */
import { decodeImage, rawToSharp } from '@geneava/core/image';
import type { Box, RgbImage } from '@geneava/core/contracts';

export interface ThumbnailOptions {
  /** Side of the square thumbnail in pixels (default 128). */
  readonly size?: number;
  /** The crop's side as a multiple of the face box's longer side (default 1.4: some hair and chin). */
  readonly margin?: number;
  readonly quality?: number;
}

/** The square region around `box`, `margin` times its longer side, moved and shrunk to fit the image. */
export function thumbnailRegion(image: { readonly width: number; readonly height: number }, box: Box, margin = 1.4): { left: number; top: number; width: number; height: number } {
  const side = Math.max(1, Math.min(image.width, image.height, Math.round(Math.max(box.width, box.height) * margin)));
  const centreX = box.x + box.width / 2;
  const centreY = box.y + box.height / 2;
  const left = Math.min(image.width - side, Math.max(0, Math.round(centreX - side / 2)));
  const top = Math.min(image.height - side, Math.max(0, Math.round(centreY - side / 2)));
  return { left, top, width: side, height: side };
}

export async function faceThumbnail(image: RgbImage, box: Box, options: ThumbnailOptions = {}): Promise<string> {
  const size = options.size ?? 128;
  const jpeg = await rawToSharp(image)
    .extract(thumbnailRegion(image, box, options.margin))
    .resize(size, size, { fit: 'fill' })
    .jpeg({ quality: options.quality ?? 80 })
    .toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}

/** Decodes `path` and returns the face's thumbnail. */
export async function faceThumbnailOfFile(path: string, box: Box, options: ThumbnailOptions = {}): Promise<string> {
  return faceThumbnail(await decodeImage(path), box, options);
}
