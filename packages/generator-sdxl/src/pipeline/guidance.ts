/**
 * Classifier-free guidance over a UNet output whose batch is [uncond_0..uncond_{n-1}, cond_0..cond_{n-1}]:
 * noise_i = uncond_i + g_i · (cond_i − uncond_i), per image i with its own guidance scale.
 * The `Into` forms write into a caller's buffer (the denoising loop reuses one for every step); the
 * float16 form reads a float16 UNet's output bits directly, with no float32 copy in between.
 */
import { float16Table } from './float16-fast.js';

function perImageOf(outputLength: number, images: number, guidance: readonly number[], into: Float32Array | undefined): number {
  const perImage = outputLength / (2 * images);
  if (!Number.isInteger(perImage) || guidance.length !== images) {
    throw new Error(`guidance: output of ${outputLength} values does not split into 2 × ${images} images (${guidance.length} scales)`);
  }
  if (into && into.length !== images * perImage) {
    throw new RangeError(`guidance: the result buffer holds ${into.length} values, expected ${images * perImage}`);
  }
  return perImage;
}

export function applyGuidance(output: Float32Array, images: number, guidance: readonly number[]): Float32Array {
  const perImage = perImageOf(output.length, images, guidance, undefined);
  return applyGuidanceInto(output, images, guidance, new Float32Array(images * perImage));
}

export function applyGuidanceInto(output: Float32Array, images: number, guidance: readonly number[], into: Float32Array): Float32Array {
  const perImage = perImageOf(output.length, images, guidance, into);
  const condOffset = images * perImage;
  for (let image = 0; image < images; image++) {
    const g = guidance[image]!;
    const base = image * perImage;
    for (let k = base; k < base + perImage; k++) {
      const uncond = output[k]!;
      into[k] = uncond + g * (output[condOffset + k]! - uncond);
    }
  }
  return into;
}

/** applyGuidanceInto for float16 output bits: the same values as converting to float32 first, bit for bit. */
export function applyGuidanceHalfInto(output: Uint16Array, images: number, guidance: readonly number[], into: Float32Array): Float32Array {
  const perImage = perImageOf(output.length, images, guidance, into);
  const table = float16Table();
  const condOffset = images * perImage;
  for (let image = 0; image < images; image++) {
    const g = guidance[image]!;
    const base = image * perImage;
    for (let k = base; k < base + perImage; k++) {
      const uncond = table[output[k]!]!;
      into[k] = uncond + g * (table[output[condOffset + k]!]! - uncond);
    }
  }
  return into;
}

/** diffusers turns guidance on when the scale is above 1. */
export function usesGuidance(scale: number): boolean {
  return scale > 1;
}

/** torch's Tensor.std() (unbiased, n − 1) of values[start, end). */
function standardDeviation(values: ArrayLike<number>, start: number, end: number): number {
  const n = end - start;
  let sum = 0;
  for (let i = start; i < end; i++) sum += values[i]!;
  const mean = sum / n;
  let squares = 0;
  for (let i = start; i < end; i++) squares += (values[i]! - mean) ** 2;
  return Math.sqrt(squares / (n - 1));
}

/**
 * diffusers' rescale_noise_cfg (Lin et al. 2023, "Common Diffusion Noise Schedules and Sample Steps are
 * Flawed", section 3.4), per image in place: cfg ← φ·cfg·std(text)/std(cfg) + (1 − φ)·cfg, with the
 * std over all of an image's values. `text` holds the conditional predictions in the same layout.
 */
export function rescaleGuidedNoise(cfg: Float32Array, text: ArrayLike<number>, images: number, rescale: readonly number[]): Float32Array {
  const perImage = cfg.length / images;
  for (let image = 0; image < images; image++) {
    const phi = rescale[image] ?? 0;
    if (phi === 0) continue;
    const start = image * perImage;
    const end = start + perImage;
    const factor = phi * (standardDeviation(text, start, end) / standardDeviation(cfg, start, end)) + (1 - phi);
    for (let i = start; i < end; i++) cfg[i] = cfg[i]! * factor;
  }
  return cfg;
}
