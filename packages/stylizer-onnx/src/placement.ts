import { isFixedSize, type FixedSize, type FlexibleSize } from './descriptor/schema.js';
import type { Rect } from './pixels.js';

/**
 * Where a whole image goes in the model input: it is resized to `content` size, placed at
 * (content.x, content.y) on a `width` x `height` tensor and the rest is padding.
 */
export interface Placement {
  readonly width: number;
  readonly height: number;
  readonly content: Rect;
  /** 'colour' pads with the descriptor's padColor (letterbox), 'replicate' repeats edge pixels. */
  readonly padding: 'colour' | 'replicate';
}

/**
 * Fixed size: 'stretch' fills the tensor; 'pad' scales to fit inside it keeping the aspect ratio and
 * centres the image (letterbox). Flexible size: scale (never below 1 pixel) so the limits hold, then pad
 * right and bottom by replicated edges up to the next multiple, so no pixel of the photo is cut off.
 */
export function placeWholeImage(size: FixedSize | FlexibleSize, fit: 'pad' | 'stretch', width: number, height: number): Placement {
  if (isFixedSize(size)) {
    if (fit === 'stretch') return { width: size.width, height: size.height, content: { x: 0, y: 0, width: size.width, height: size.height }, padding: 'colour' };
    const scale = Math.min(size.width / width, size.height / height);
    const w = clampSize(Math.round(width * scale), size.width);
    const h = clampSize(Math.round(height * scale), size.height);
    return { width: size.width, height: size.height, content: { x: (size.width - w) >> 1, y: (size.height - h) >> 1, width: w, height: h }, padding: 'colour' };
  }
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  let scale = 1;
  if (size.maxSide !== undefined) scale = Math.min(scale, size.maxSide / long);
  if (size.maxShortSide !== undefined) scale = Math.min(scale, size.maxShortSide / short);
  if (size.minSide !== undefined && short * scale < size.minSide) scale = size.minSide / short;
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const n = size.multipleOf;
  return { width: Math.ceil(w / n) * n, height: Math.ceil(h / n) * n, content: { x: 0, y: 0, width: w, height: h }, padding: 'replicate' };
}

/** The content rectangle of a placement in an output that is `outWidth` x `outHeight` (models may up- or downscale). */
export function contentInOutput(placement: Placement, outWidth: number, outHeight: number): Rect {
  const sx = outWidth / placement.width;
  const sy = outHeight / placement.height;
  const { x, y, width, height } = placement.content;
  const x0 = Math.round(x * sx);
  const y0 = Math.round(y * sy);
  return {
    x: x0,
    y: y0,
    width: clampSize(Math.round((x + width) * sx) - x0, outWidth - x0),
    height: clampSize(Math.round((y + height) * sy) - y0, outHeight - y0),
  };
}

function clampSize(value: number, max: number): number {
  return value < 1 ? 1 : value > max ? max : value;
}
