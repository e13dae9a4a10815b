/**
 * diffusers' LCMScheduler (latent consistency models, also LCM-LoRA): few-step sampling from a grid of
 * the distillation's `original_inference_steps` (50) timesteps, k·i − 1 for k = T / 50:
 *   timesteps = reversed grid at floor(linspace(0, 50, n, endpoint=False)) → 999, 759, 499, 259 for 4.
 * Each step predicts x0, applies the consistency boundary condition
 *   denoised = c_out·x0 + c_skip·sample,  c_skip = σ_d²/((t·s)² + σ_d²), c_out = t·s/sqrt((t·s)² + σ_d²)
 * (σ_d = 0.5, s = timestep_scaling = 10), then re-noises it to the next timestep with fresh noise:
 *   prev = sqrt(ᾱ_prev)·denoised + sqrt(1 − ᾱ_prev)·noise; the last step returns `denoised` itself.
 * Unit initial noise, unscaled UNet input.
 */
import type { NormalSource } from '../random/index.js';
import type { SchedulerConfigReader } from './config-reader.js';
import { type BetaConfig, noiseSchedule, type NoiseSchedule, readBetaConfig } from './noise-schedule.js';
import { linspace } from './numpy-like.js';
import { clipToRange, originalSampleValue } from './prediction.js';
import { PREDICTION_TYPES, type PredictionType, type Scheduler, type SchedulerStepResult } from './scheduler.js';
import { blendNoise, checkSameLength, checkStepIndex, checkTarget } from './step-checks.js';

const CLASS_NAME = 'LCMScheduler';
const SIGMA_DATA = 0.5;

export interface LcmConfig {
  readonly betas: BetaConfig;
  readonly predictionType: PredictionType;
  /** Steps of the teacher schedule the model was distilled on (the timestep grid). */
  readonly originalInferenceSteps: number;
  /** Multiplies the timestep in the boundary-condition scalings. */
  readonly timestepScaling: number;
  readonly clipSample: boolean;
  readonly clipSampleRange: number;
  /** ᾱ after the last step: 1 when true, ᾱ_0 when false (the class default is true). */
  readonly setAlphaToOne: boolean;
}

/** The config keys LCMScheduler reads, with its class defaults; unsupported options throw. */
export function readLcmConfig(reader: SchedulerConfigReader): LcmConfig {
  const betas = readBetaConfig(reader);
  reader.requireOff('thresholding', false, 'dynamic thresholding');
  return {
    betas,
    predictionType: reader.oneOf('prediction_type', PREDICTION_TYPES, 'epsilon'),
    originalInferenceSteps: reader.number('original_inference_steps', 50, { integer: true, min: 1, max: betas.numTrainTimesteps }),
    timestepScaling: reader.number('timestep_scaling', 10, { min: 0 }),
    clipSample: reader.boolean('clip_sample', false),
    clipSampleRange: reader.number('clip_sample_range', 1, { min: 0 }),
    setAlphaToOne: reader.boolean('set_alpha_to_one', true),
  };
}

export class LcmScheduler implements Scheduler {
  readonly name = 'lcm' as const;
  readonly description: string;
  readonly numTrainTimesteps: number;
  readonly sigmas = undefined;
  readonly initNoiseSigma = 1;
  private readonly schedule: NoiseSchedule;
  private readonly finalAlphaCumprod: number;
  private steps: readonly number[] = [];

  constructor(
    readonly config: LcmConfig,
    private readonly source = 'scheduler config',
  ) {
    this.schedule = noiseSchedule(config.betas);
    this.numTrainTimesteps = config.betas.numTrainTimesteps;
    this.finalAlphaCumprod = config.setAlphaToOne ? 1 : this.schedule.alphasCumprod[0]!;
    this.description = `${CLASS_NAME} (${config.originalInferenceSteps} original steps, ${config.predictionType})`;
  }

  get timesteps(): readonly number[] {
    return this.steps;
  }

  setTimesteps(count: number): void {
    const original = this.config.originalInferenceSteps;
    if (!Number.isInteger(count) || count < 1 || count > original) {
      throw new RangeError(`${this.source}: LCM takes 1..${original} inference steps (original_inference_steps), got ${count}`);
    }
    const k = Math.floor(this.numTrainTimesteps / original);
    const grid = Array.from({ length: original }, (_, i) => (original - i) * k - 1);
    this.steps = linspace(0, original, count + 1)
      .slice(0, count)
      .map((position) => grid[Math.floor(position)]!);
  }

  scaleModelInput(sample: Float32Array, stepIndex: number): Float32Array {
    checkStepIndex(stepIndex, this.steps, CLASS_NAME);
    return sample;
  }

  modelInputScale(stepIndex: number): number {
    checkStepIndex(stepIndex, this.steps, CLASS_NAME);
    return 1;
  }

  addNoise(original: Float32Array, noise: Float32Array, stepIndex: number): Float32Array {
    checkStepIndex(stepIndex, this.steps, CLASS_NAME);
    const alphaProd = this.schedule.alphasCumprod[this.steps[stepIndex]!]!;
    return blendNoise(original, noise, Math.sqrt(alphaProd), Math.sqrt(1 - alphaProd), CLASS_NAME);
  }

  setBeginIndex(stepIndex: number): void {
    checkStepIndex(stepIndex, this.steps, CLASS_NAME);
  }

  step(modelOutput: Float32Array, stepIndex: number, sample: Float32Array, rng?: NormalSource): SchedulerStepResult {
    const prevSample = new Float32Array(sample.length);
    const predOriginalSample = new Float32Array(sample.length);
    this.update(modelOutput, stepIndex, sample, prevSample, predOriginalSample, rng);
    return { prevSample, predOriginalSample };
  }

  stepInto(modelOutput: Float32Array, stepIndex: number, sample: Float32Array, into: Float32Array, rng?: NormalSource): Float32Array {
    checkTarget(into, sample, CLASS_NAME);
    this.update(modelOutput, stepIndex, sample, into, undefined, rng);
    return into;
  }

  /** c_skip and c_out of the consistency boundary condition at timestep t. */
  boundaryScalings(timestep: number): { readonly cSkip: number; readonly cOut: number } {
    const scaled = timestep * this.config.timestepScaling;
    return { cSkip: SIGMA_DATA ** 2 / (scaled ** 2 + SIGMA_DATA ** 2), cOut: scaled / Math.sqrt(scaled ** 2 + SIGMA_DATA ** 2) };
  }

  private update(modelOutput: Float32Array, stepIndex: number, sample: Float32Array, prev: Float32Array, x0Out: Float32Array | undefined, rng: NormalSource | undefined): void {
    checkStepIndex(stepIndex, this.steps, CLASS_NAME);
    checkSameLength(modelOutput, sample, CLASS_NAME);
    const t = this.steps[stepIndex]!;
    const last = stepIndex === this.steps.length - 1;
    const prevT = last ? t : this.steps[stepIndex + 1]!;
    const alphaProd = this.schedule.alphasCumprod[t]!;
    const alphaProdPrev = prevT >= 0 ? this.schedule.alphasCumprod[prevT]! : this.finalAlphaCumprod;
    const sqrtAlpha = Math.sqrt(alphaProd);
    const sqrtBeta = Math.sqrt(1 - alphaProd);
    const { cSkip, cOut } = this.boundaryScalings(t);
    let noise: Float32Array | undefined;
    if (!last) {
      if (!rng) throw new Error(`${CLASS_NAME}: every step but the last adds noise; pass a noise source to step()`);
      noise = rng.normals(sample.length);
    }
    const { predictionType, clipSample, clipSampleRange } = this.config;
    for (let i = 0; i < sample.length; i++) {
      const x = sample[i]!;
      const output = modelOutput[i]!;
      let x0 = originalSampleValue(predictionType, x, output, sqrtAlpha, sqrtBeta);
      if (clipSample) x0 = clipToRange(x0, clipSampleRange);
      if (x0Out) x0Out[i] = x0;
      const denoised = cOut * x0 + cSkip * x;
      prev[i] = noise ? Math.sqrt(alphaProdPrev) * denoised + Math.sqrt(1 - alphaProdPrev) * noise[i]! : denoised;
    }
  }
}
