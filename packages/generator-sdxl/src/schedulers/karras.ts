/**
 * The Karras et al. (2022) noise levels diffusers' schedulers use with use_karras_sigmas, and the
 * inverse lookup from a sigma back to a (fractional) training timestep:
 *   σ_i = (σ_max^(1/ρ) + i/(n−1) · (σ_min^(1/ρ) − σ_max^(1/ρ)))^ρ, ρ = 7;
 *   t(σ) interpolates linearly in log σ between the two training timesteps whose sigmas bracket σ
 *   (EulerDiscreteScheduler._sigma_to_t, shared by the other classes).
 */
import { linspace } from './numpy-like.js';

const RHO = 7;

/** n sigmas from sigmaMax down to sigmaMin (both included). */
export function karrasSigmas(sigmaMax: number, sigmaMin: number, count: number): number[] {
  const maxInv = sigmaMax ** (1 / RHO);
  const minInv = sigmaMin ** (1 / RHO);
  return linspace(0, 1, count).map((ramp) => (maxInv + ramp * (minInv - maxInv)) ** RHO);
}

/**
 * The fractional training timestep of `sigma` given log σ of every training timestep (ascending):
 * the last timestep whose log σ is at most log(sigma) (clipped to T − 2), interpolated towards the next.
 */
export function sigmaToTimestep(sigma: number, logSigmas: ArrayLike<number>): number {
  const logSigma = Math.log(Math.max(sigma, 1e-10));
  // numpy: cumsum(dists >= 0).argmax() is the last index whose log σ ≤ log(sigma) (0 when none is).
  let low = 0;
  for (let i = 0; i < logSigmas.length; i++) if (logSigma - logSigmas[i]! >= 0) low = i;
  low = Math.min(low, logSigmas.length - 2);
  const lowLog = logSigmas[low]!;
  const highLog = logSigmas[low + 1]!;
  const w = Math.min(1, Math.max(0, (lowLog - logSigma) / (lowLog - highLog)));
  return (1 - w) * low + w * (low + 1);
}
