/**
 * The training noise schedule every diffusers scheduler builds from the same four config keys
 * (beta_schedule, beta_start, beta_end, num_train_timesteps, or trained_betas): betas, their cumulative
 * product of alphas, and the Karras-style sigmas sqrt((1 - ᾱ)/ᾱ) indexed by training timestep.
 * Arrays are float32 like diffusers' tensors.
 */
import type { SchedulerConfigReader } from './config-reader.js';
import { linspace } from './numpy-like.js';

export const BETA_SCHEDULES = ['linear', 'scaled_linear', 'squaredcos_cap_v2'] as const;
export type BetaSchedule = (typeof BETA_SCHEDULES)[number];

export interface BetaConfig {
  readonly numTrainTimesteps: number;
  readonly betaSchedule: BetaSchedule;
  readonly betaStart: number;
  readonly betaEnd: number;
  /** When set, replaces the schedule (diffusers' trained_betas). */
  readonly trainedBetas?: readonly number[];
}

export interface NoiseSchedule {
  readonly betas: Float32Array;
  readonly alphasCumprod: Float32Array;
  /** sqrt((1 - ᾱ_t)/ᾱ_t) for every training timestep t. */
  readonly trainSigmas: Float32Array;
}

/**
 * The beta keys as diffusers reads them; `defaults` are the scheduler class's own (every diffusers
 * scheduler defaults to linear 0.0001..0.02 over 1000 steps).
 */
export function readBetaConfig(reader: SchedulerConfigReader): BetaConfig {
  const numTrainTimesteps = reader.number('num_train_timesteps', 1000, { integer: true, min: 2 });
  const trainedBetas = reader.numberArray('trained_betas');
  if (trainedBetas && trainedBetas.length !== numTrainTimesteps) {
    throw reader.keyError('trained_betas', `has ${trainedBetas.length} values but num_train_timesteps is ${numTrainTimesteps}`);
  }
  if (trainedBetas?.some((beta) => beta <= 0 || beta >= 1)) {
    throw reader.keyError('trained_betas', 'must hold values strictly between 0 and 1');
  }
  reader.requireOff('rescale_betas_zero_snr', false, 'zero terminal SNR rescaling');
  return {
    numTrainTimesteps,
    betaSchedule: reader.oneOf('beta_schedule', BETA_SCHEDULES, 'linear'),
    betaStart: reader.number('beta_start', 0.0001, { min: 0, max: 1 }),
    betaEnd: reader.number('beta_end', 0.02, { min: 0, max: 1 }),
    ...(trainedBetas ? { trainedBetas } : {}),
  };
}

export function noiseSchedule(config: BetaConfig): NoiseSchedule {
  const betas = Float32Array.from(betaValues(config));
  const alphasCumprod = new Float32Array(betas.length);
  // numpy/torch accumulate a float32 cumprod in float32: round after every product.
  let product = 1;
  betas.forEach((beta, t) => {
    product = Math.fround(product * Math.fround(1 - beta));
    alphasCumprod[t] = product;
  });
  const trainSigmas = alphasCumprod.map((ac) => Math.sqrt((1 - ac) / ac));
  return { betas, alphasCumprod, trainSigmas };
}

function betaValues(config: BetaConfig): readonly number[] {
  const n = config.numTrainTimesteps;
  if (config.trainedBetas) return config.trainedBetas;
  switch (config.betaSchedule) {
    case 'linear':
      return linspace(config.betaStart, config.betaEnd, n);
    case 'scaled_linear':
      // Specific to latent diffusion: linear in sqrt(beta), computed in float32 then squared.
      return linspace(Math.sqrt(config.betaStart), Math.sqrt(config.betaEnd), n).map((root) => Math.fround(root) ** 2);
    case 'squaredcos_cap_v2':
      return cosineBetas(n);
  }
}

/** Glide's cosine schedule (diffusers' betas_for_alpha_bar, max_beta 0.999). */
function cosineBetas(n: number): number[] {
  const alphaBar = (t: number) => Math.cos(((t + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
  return Array.from({ length: n }, (_, i) => Math.min(1 - alphaBar((i + 1) / n) / alphaBar(i / n), 0.999));
}
