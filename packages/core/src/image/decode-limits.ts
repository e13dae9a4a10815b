/**
 * How large an image decodeImage accepts and how large it decodes it, for the whole process. Set once
 * by the CLI from the config (`image.maxPixels`, `image.decodePixels`) so that every command decodes
 * the same way without each call site passing the limits; a call can still pass its own.
 */

/** Default hard limit on width × height: larger images are refused (decompression bombs, scans of posters). */
export const DEFAULT_MAX_PIXELS = 100_000_000;

/**
 * Default working size: images with more pixels are reduced while decoding to about this many
 * (4096 × 4096). Face models look at crops of at most 1024 pixels; a 24-megapixel camera photo loses
 * nothing they use, and a 100-megapixel PNG no longer costs 1.4 GB to stylize.
 */
export const DEFAULT_DECODE_PIXELS = 4096 * 4096;

export interface ImageDecodingLimits {
  /** Images with more pixels are refused with an error naming the file. */
  readonly maxPixels: number;
  /** Images with more pixels are reduced while decoding to at most this many, keeping their shape. */
  readonly decodePixels: number;
}

let limits: ImageDecodingLimits = { maxPixels: DEFAULT_MAX_PIXELS, decodePixels: DEFAULT_DECODE_PIXELS };

/** The limits decodeImage uses when a call does not give its own. */
export function imageDecodingLimits(): ImageDecodingLimits {
  return limits;
}

/** Sets the process's decoding limits (unset fields keep their current value); returns the previous ones. */
export function configureImageDecoding(next: Partial<ImageDecodingLimits>): ImageDecodingLimits {
  const previous = limits;
  const merged = { ...limits, ...Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)) } as ImageDecodingLimits;
  for (const [key, value] of Object.entries(merged)) {
    if (!(Number.isInteger(value) && value > 0)) throw new RangeError(`image ${key} must be a positive whole number, got ${String(value)}`);
  }
  limits = merged;
  return previous;
}
