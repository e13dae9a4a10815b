/**
 * The conversions every variance-preserving scheduler (DDIM, LCM, DPM-Solver, UniPC) makes from the UNet's
 * output, kept in one place so that a fix to one prediction type or to clipping reaches all of them. The
 * arithmetic is exactly diffusers' (and the order of operations is fixed), so results stay bit-identical.
 */
import type { PredictionType } from './scheduler.js';

/** α_t, σ_t and λ = log α_t − log σ_t of the VP process at Karras-style noise level σ (α_t = 1/sqrt(σ²+1)). */
export interface AlphaSigma {
  readonly alpha: number;
  readonly sigma: number;
  readonly lambda: number;
}

export function alphaSigma(sigma: number): AlphaSigma {
  const alpha = 1 / Math.sqrt(sigma * sigma + 1);
  const sigmaT = sigma * alpha;
  // σ = 0 gives λ = +∞ and exp(-h) = 0, which is the limit the update formulas need.
  return { alpha, sigma: sigmaT, lambda: Math.log(alpha) - Math.log(sigmaT) };
}

/**
 * x0 from one model output value and the sample value, where sample = α·x0 + σ·ε (α = sqrt(ᾱ_t),
 * σ = sqrt(1 − ᾱ_t)): ε-prediction (x − σ·out)/α, v-prediction α·x − σ·out, sample-prediction out itself.
 */
export function originalSampleValue(predictionType: PredictionType, sample: number, output: number, alpha: number, sigma: number): number {
  switch (predictionType) {
    case 'epsilon':
      return (sample - sigma * output) / alpha;
    case 'v_prediction':
      return alpha * sample - sigma * output;
    case 'sample':
      return output;
  }
}

/** originalSampleValue for every element, written into `x0`. */
export function writeOriginalSample(predictionType: PredictionType, modelOutput: Float32Array, sample: Float32Array, alpha: number, sigma: number, x0: Float32Array): void {
  for (let i = 0; i < sample.length; i++) x0[i] = originalSampleValue(predictionType, sample[i]!, modelOutput[i]!, alpha, sigma);
}

/** diffusers' clip_sample: x0 clamped to [−range, range]. */
export function clipToRange(value: number, range: number): number {
  return Math.min(range, Math.max(-range, value));
}
