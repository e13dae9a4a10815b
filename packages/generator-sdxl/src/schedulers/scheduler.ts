import type { NormalSource } from '../random/index.js';

/**
 * The samplers this package implements, by the short names users pick them with: Euler, Euler with
 * Karras sigmas, Euler ancestral ("Euler a"), DDIM, DPM++ 2M (deterministic) and DPM++ 2M SDE, each
 * with or without Karras sigmas, UniPC (bh2 predictor-corrector) and LCM (few-step latent consistency
 * sampling).
 */
export const SCHEDULER_NAMES = ['euler', 'euler-karras', 'euler-a', 'ddim', 'dpm++2m', 'dpm++2m-karras', 'dpm++2m-sde', 'dpm++2m-sde-karras', 'unipc', 'lcm'] as const;
export type SchedulerName = (typeof SCHEDULER_NAMES)[number];

export function isSchedulerName(value: string): value is SchedulerName {
  return (SCHEDULER_NAMES as readonly string[]).includes(value);
}

export interface SchedulerStepResult {
  /** The sample at the next (less noisy) timestep. */
  readonly prevSample: Float32Array;
  /** The model's estimate of the clean sample at this step. */
  readonly predOriginalSample?: Float32Array;
}

/**
 * A diffusers-style sampler. Call setTimesteps(n) first; then for stepIndex = 0..n-1 feed the UNet
 * scaleModelInput(sample, stepIndex) at timesteps[stepIndex] and pass its output to step(). Samples are
 * flat float32 arrays (any layout: every operation is element-wise).
 */
export interface Scheduler {
  readonly name: SchedulerName;
  /** The diffusers class and the settings that matter, for provenance. */
  readonly description: string;
  readonly numTrainTimesteps: number;
  /** The timestep to give the UNet at each step (empty until setTimesteps). */
  readonly timesteps: readonly number[];
  /** Noise level per step plus the final one (Euler, DPM-Solver); undefined where the class has none. */
  readonly sigmas: readonly number[] | undefined;
  /** Standard deviation of the initial noise: latents = randn · initNoiseSigma. */
  readonly initNoiseSigma: number;
  setTimesteps(count: number): void;
  /** The UNet input for this step; may be `sample` itself when the scheduler does not scale. */
  scaleModelInput(sample: Float32Array, stepIndex: number): Float32Array;
  /**
   * The factor scaleModelInput multiplies every value by at this step (1 where it does not scale), so a
   * caller can fuse the scaling into building the UNet's input buffer instead of allocating a copy.
   */
  modelInputScale(stepIndex: number): number;
  /**
   * One denoising step. `rng` feeds stochastic variants (DDIM with eta > 0) and is not read otherwise.
   * Multistep schedulers keep state between calls: call steps in order; step 0 starts a new run.
   */
  step(modelOutput: Float32Array, stepIndex: number, sample: Float32Array, rng?: NormalSource): SchedulerStepResult;
  /**
   * step() for a denoising loop: writes the next sample into `into` (which may be `sample` itself: every
   * update is element-wise) and returns it, without allocating per call. Multistep schedulers recycle
   * the buffers of their own history; the predicted x0 is not returned. Same results as step(), bit
   * for bit.
   */
  stepInto(modelOutput: Float32Array, stepIndex: number, sample: Float32Array, into: Float32Array, rng?: NormalSource): Float32Array;
  /**
   * diffusers' add_noise(original, noise, timesteps[stepIndex]): the sample a run starting at
   * `stepIndex` begins from (img2img): original + σ·noise for the sigma schedulers (Euler),
   * sqrt(ᾱ_t)·original + sqrt(1 − ᾱ_t)·noise for the variance-preserving ones (DDIM, DPM-Solver).
   */
  addNoise(original: Float32Array, noise: Float32Array, stepIndex: number): Float32Array;
  /**
   * diffusers' set_begin_index: the next run starts at `stepIndex` instead of 0 (img2img, or a refiner
   * taking over from the base). Multistep schedulers start that run with an empty history.
   */
  setBeginIndex(stepIndex: number): void;
}

/** What the model predicts (diffusers' prediction_type). */
export const PREDICTION_TYPES = ['epsilon', 'v_prediction', 'sample'] as const;
export type PredictionType = (typeof PREDICTION_TYPES)[number];
