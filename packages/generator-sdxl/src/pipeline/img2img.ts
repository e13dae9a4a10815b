/**
 * Image-to-image as diffusers' StableDiffusionXLImg2ImgPipeline does it:
 * - get_timesteps: init_timestep = min(int(steps · strength), steps), t_start = steps − init_timestep;
 *   the run takes the scheduler's timesteps from t_start on (set_begin_index(t_start)), so strength 0.5
 *   of 30 steps runs the last 15 of the 30-step schedule, not 15 steps of a 15-step one;
 * - prepare_latents: latents = scaling_factor · latent_dist.sample() (mean + std · randn), then
 *   scheduler.add_noise(latents, randn, timesteps[t_start]) — the noise level of the first step run.
 * Each image draws its posterior sample and then its noise from its own seeded stream.
 */
import type { NormalSource } from '../random/index.js';
import type { Scheduler } from '../schedulers/index.js';
import type { LatentDistribution } from './vae-encode.js';

/** diffusers' StableDiffusionXLImg2ImgPipeline default. */
export const SDXL_IMG2IMG_DEFAULT_STRENGTH = 0.3;

/** The first step index an img2img run of `steps` at `strength` takes; throws when it would run none. */
export function img2imgBeginIndex(steps: number, strength: number): number {
  if (!(strength > 0 && strength <= 1)) throw new RangeError(`strength ${strength} must be in (0, 1]`);
  const initTimestep = Math.min(Math.floor(steps * strength), steps);
  const begin = Math.max(steps - initTimestep, 0);
  if (begin >= steps) {
    throw new RangeError(`strength ${strength} of ${steps} steps runs no denoising step (int(steps × strength) is 0); raise the steps or the strength`);
  }
  return begin;
}

/** The noisy latents the run starts from: add_noise(scaling_factor · sample, noise, beginIndex). */
export function img2imgLatents(distribution: LatentDistribution, scalingFactor: number, scheduler: Scheduler, beginIndex: number, noise: NormalSource): Float32Array {
  const { mean, std } = distribution;
  const latents = new Float32Array(mean.length);
  const posterior = std ? noise.normals(mean.length) : undefined;
  for (let i = 0; i < mean.length; i++) latents[i] = scalingFactor * (posterior ? mean[i]! + std![i]! * posterior[i]! : mean[i]!);
  return scheduler.addNoise(latents, noise.normals(mean.length), beginIndex);
}
