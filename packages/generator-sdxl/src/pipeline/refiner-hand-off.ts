/**
 * diffusers' "ensemble of expert denoisers" in two calls: the base runs with denoising_end = f and
 * returns its latents, then the refiner takes the same prompt, seed, steps and scheduler with
 * denoising_start = f and those latents. These helpers build the two requests from one.
 */
import type { SdxlImageRequest } from './image-request.js';

/** diffusers' documented split (high_noise_frac): the base denoises the first 80% of the schedule. */
export const SDXL_REFINER_DEFAULT_START = 0.8;

/** The base's part: the request, stopped at `fraction` of the schedule. */
export function baseHandOffRequest(request: SdxlImageRequest, fraction = SDXL_REFINER_DEFAULT_START): SdxlImageRequest {
  return { ...request, denoisingEnd: fraction };
}

/**
 * The refiner's part: the same image from `fraction` on, continuing from the base's latents. Settings
 * that shape the base's run only (clip skip, size conditioning, image-to-image, LoRA) stay with it; the
 * refiner reads the prompt with its one text encoder, as diffusers does.
 */
export function refinerHandOffRequest(request: SdxlImageRequest, latents: Float32Array, fraction = SDXL_REFINER_DEFAULT_START): SdxlImageRequest {
  return {
    id: request.id,
    prompt: request.prompt,
    ...(request.negativePrompt !== undefined ? { negativePrompt: request.negativePrompt } : {}),
    seed: request.seed,
    width: request.width,
    height: request.height,
    steps: request.steps,
    guidance: request.guidance,
    ...(request.scheduler !== undefined ? { scheduler: request.scheduler } : {}),
    ...(request.aestheticScore !== undefined ? { aestheticScore: request.aestheticScore } : {}),
    ...(request.negativeAestheticScore !== undefined ? { negativeAestheticScore: request.negativeAestheticScore } : {}),
    denoisingStart: fraction,
    initLatents: latents,
  };
}
