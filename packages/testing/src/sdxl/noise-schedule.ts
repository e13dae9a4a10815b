/**
 * The training noise schedule of SDXL base (scaled_linear betas 0.00085..0.012 over 1000 steps), in
 * float32 arithmetic as diffusers computes it. The fixture UNet looks its coefficients up by timestep,
 * so any sampler built on the same schedule recovers the image the UNet denoises towards.
 */

export interface NoiseScheduleConfig {
  readonly betaStart: number;
  readonly betaEnd: number;
  readonly trainTimesteps: number;
}

export const SDXL_NOISE_SCHEDULE: NoiseScheduleConfig = { betaStart: 0.00085, betaEnd: 0.012, trainTimesteps: 1000 };

/** alphas_cumprod[t] for t = 0..trainTimesteps-1. */
export function alphasCumprod(config: NoiseScheduleConfig = SDXL_NOISE_SCHEDULE): Float32Array {
  const n = config.trainTimesteps;
  const start = Math.sqrt(config.betaStart);
  const end = Math.sqrt(config.betaEnd);
  const out = new Float32Array(n);
  let product = 1;
  for (let i = 0; i < n; i++) {
    const root = Math.fround(start + ((end - start) * i) / (n - 1));
    const beta = Math.fround(root * root);
    product = Math.fround(product * Math.fround(1 - beta));
    out[i] = product;
  }
  return out;
}
