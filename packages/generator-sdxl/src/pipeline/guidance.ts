/**
 * Classifier-free guidance over a UNet output whose batch is [uncond_0..uncond_{n-1}, cond_0..cond_{n-1}]:
 * noise_i = uncond_i + g_i · (cond_i − uncond_i), per image i with its own guidance scale.
 */
export function applyGuidance(output: Float32Array, images: number, guidance: readonly number[]): Float32Array {
  const perImage = output.length / (2 * images);
  if (!Number.isInteger(perImage) || guidance.length !== images) {
    throw new Error(`guidance: output of ${output.length} values does not split into 2 × ${images} images (${guidance.length} scales)`);
  }
  const result = new Float32Array(images * perImage);
  const condOffset = images * perImage;
  for (let image = 0; image < images; image++) {
    const g = guidance[image]!;
    const base = image * perImage;
    for (let k = 0; k < perImage; k++) {
      const uncond = output[base + k]!;
      result[base + k] = uncond + g * (output[condOffset + base + k]! - uncond);
    }
  }
  return result;
}

/** diffusers turns guidance on when the scale is above 1. */
export function usesGuidance(scale: number): boolean {
  return scale > 1;
}
