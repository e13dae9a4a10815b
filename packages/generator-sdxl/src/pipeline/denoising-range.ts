/**
 * diffusers' hand-off between the SDXL base and the refiner ("ensemble of expert denoisers"):
 * - the base with denoising_end = f stops before the first timestep below the cutoff
 *   int(round(T − f·T)): it runs the timesteps t ≥ cutoff and returns still-noisy latents;
 * - the refiner with denoising_start = f runs, of the same schedule, the timesteps t < cutoff, starting
 *   from those latents as they are (no noise added, no VAE encode): t_start = n − #(t < cutoff).
 * With the same steps and scheduler on both sides the two parts cover the schedule exactly once.
 */
import { roundHalfEven } from '../schedulers/numpy-like.js';

/** int(round(T − f·T)): the first timestep the refiner takes over. */
export function timestepCutoff(fraction: number, trainTimesteps: number): number {
  return roundHalfEven(trainTimesteps - fraction * trainTimesteps);
}

/** The index after the last step the base runs (timesteps from `begin` on, while t ≥ cutoff). */
export function denoisingEndIndex(timesteps: readonly number[], begin: number, fraction: number, trainTimesteps: number): number {
  const cutoff = timestepCutoff(fraction, trainTimesteps);
  return begin + timesteps.slice(begin).filter((t) => t >= cutoff).length;
}

/** The first step index the refiner runs (the timesteps below the cutoff, counted from the end). */
export function denoisingStartIndex(timesteps: readonly number[], fraction: number, trainTimesteps: number): number {
  const cutoff = timestepCutoff(fraction, trainTimesteps);
  return timesteps.length - timesteps.filter((t) => t < cutoff).length;
}
