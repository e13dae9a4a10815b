import { encodeImage, rawToSharp, resizeImage } from '@geneava/core/image';
import type { Box, RgbImage } from '@geneava/core/contracts';

export interface ReportThumbnailOptions {
  /** Longest side in pixels (default 160); smaller images are not enlarged. */
  readonly maxSide?: number;
  /** 'jpeg' (default, small) or 'png' (lossless, for flat cartoons at small sizes). */
  readonly format?: 'jpeg' | 'png';
  /** JPEG quality (default 80). */
  readonly quality?: number;
  /** Part of the image to show (pixels; clamped to the image), e.g. faceRegion() of the scored face. */
  readonly region?: Box;
}

/**
 * A small copy of `image` (or of a region of it) as a data: URI, for reports that must open without
 * any other file or network access. 160 px JPEGs at quality 80 are a few kilobytes each.
 */
export async function thumbnailDataUri(image: RgbImage, options: ReportThumbnailOptions = {}): Promise<string> {
  const maxSide = options.maxSide ?? 160;
  if (!Number.isInteger(maxSide) || maxSide < 1) throw new RangeError(`thumbnailDataUri: maxSide must be a positive integer, got ${maxSide}`);
  const source = options.region ? await cropToBox(image, options.region) : image;
  const scale = Math.min(1, maxSide / Math.max(source.width, source.height));
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  const small = scale < 1 ? await resizeImage(source, width, height) : source;
  const format = options.format ?? 'jpeg';
  const bytes = await encodeImage(small, format, format === 'jpeg' ? { quality: options.quality ?? 80 } : {});
  return `data:image/${format};base64,${bytes.toString('base64')}`;
}

/**
 * A square around a face box, `scale` times its longer side (default 2, so hair and chin show), moved
 * inside the image where it would cross an edge and shrunk only where the image is smaller than it.
 */
export function faceRegion(face: Box, imageWidth: number, imageHeight: number, scale = 2): Box {
  const side = Math.min(Math.max(face.width, face.height) * scale, imageWidth, imageHeight);
  const cx = face.x + face.width / 2;
  const cy = face.y + face.height / 2;
  const x = Math.min(Math.max(cx - side / 2, 0), imageWidth - side);
  const y = Math.min(Math.max(cy - side / 2, 0), imageHeight - side);
  return { x, y, width: side, height: side };
}

/** The whole pixels of `box` inside the image (at least one pixel). */
async function cropToBox(image: RgbImage, box: Box): Promise<RgbImage> {
  const left = Math.min(Math.max(0, Math.floor(box.x)), image.width - 1);
  const top = Math.min(Math.max(0, Math.floor(box.y)), image.height - 1);
  const width = Math.max(1, Math.min(image.width - left, Math.round(box.width)));
  const height = Math.max(1, Math.min(image.height - top, Math.round(box.height)));
  if (left === 0 && top === 0 && width === image.width && height === image.height) return image;
  const { data } = await rawToSharp(image).extract({ left, top, width, height }).raw().toBuffer({ resolveWithObject: true });
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

const IMAGE_DATA_URI = /^data:image\/(?:png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}$/;

/** Whether `uri` is an inline base64 PNG, JPEG or WebP: the only image sources the report embeds. */
export function isImageDataUri(uri: unknown): uri is string {
  return typeof uri === 'string' && IMAGE_DATA_URI.test(uri);
}
