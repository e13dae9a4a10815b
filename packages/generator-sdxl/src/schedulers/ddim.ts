/**
 * diffusers' DDIMScheduler. Deterministic for eta = 0 (the pipelines' default); eta > 0 adds noise from
 * the `rng` passed to step(). The sample is variance preserving (x = sqrt(ᾱ)·x0 + sqrt(1-ᾱ)·ε), so the
 * initial noise is unit variance and the UNet input is not scaled.
 *
 * Note the last step: its previous timestep is negative, so ᾱ_prev is 1 only with set_alpha_to_one; the
 * SDXL config sets it false, which makes ᾱ_prev = ᾱ_0 and leaves sqrt(1-ᾱ_0)·ε ≈ 0.03·ε in the result,
 * exactly as diffusers does.
 */
import type { NormalSource } from '../random/index.js';
import type { SchedulerConfigReader } from './config-reader.js';
import { type BetaConfig, noiseSchedule, type NoiseSchedule, readBetaConfig } from './noise-schedule.js';
import { clipToRange } from './prediction.js';
import { PREDICTION_TYPES, type PredictionType, type Scheduler, type SchedulerStepResult } from './scheduler.js';
import { blendNoise, checkSameLength, checkStepIndex, checkTarget } from './step-checks.js';
import { checkStepCount, checkTimesteps, ddimTimesteps, readSpacingConfig, type SpacingConfig } from './timesteps.js';

const CLASS_NAME = 'DDIMScheduler';

export interface DdimConfig {
  readonly betas: BetaConfig;
  readonly spacing: SpacingConfig;
  readonly predictionType: PredictionType;
  /** Clamp the predicted x0 to ±clipSampleRange (class default true; the SDXL config says false). */
  readonly clipSample: boolean;
  readonly clipSampleRange: number;
  /** ᾱ after the last step: 1 when true, ᾱ_0 when false. */
  readonly setAlphaToOne: boolean;
}

export interface DdimOptions {
  /** Weight of the added noise (0: deterministic DDIM, 1: DDPM-like); a pipeline argument in diffusers. */
  readonly eta?: number;
}

/** The config keys DDIMScheduler reads, with its class defaults; unsupported options throw. */
export function readDdimConfig(reader: SchedulerConfigReader): DdimConfig {
  const betas = readBetaConfig(reader);
  reader.requireOff('thresholding', false, 'dynamic thresholding');
  return {
    betas,
    spacing: readSpacingConfig(reader, betas.numTrainTimesteps, 'leading'),
    predictionType: reader.oneOf('prediction_type', PREDICTION_TYPES, 'epsilon'),
    clipSample: reader.boolean('clip_sample', true),
    clipSampleRange: reader.number('clip_sample_range', 1, { min: 0 }),
    setAlphaToOne: reader.boolean('set_alpha_to_one', true),
  };
}

export class DdimScheduler implements Scheduler {
  readonly name = 'ddim' as const;
  readonly description: string;
  readonly numTrainTimesteps: number;
  readonly sigmas = undefined;
  readonly initNoiseSigma = 1;
  readonly eta: number;
  private readonly schedule: NoiseSchedule;
  private readonly finalAlphaCumprod: number;
  private steps: readonly number[] = [];

  constructor(
    readonly config: DdimConfig,
    options: DdimOptions = {},
    private readonly source = 'scheduler config',
  ) {
    this.eta = options.eta ?? 0;
    if (!(this.eta >= 0)) throw new RangeError(`${CLASS_NAME}: eta must be 0 or more (got ${options.eta})`);
    this.schedule = noiseSchedule(config.betas);
    this.numTrainTimesteps = config.betas.numTrainTimesteps;
    this.finalAlphaCumprod = config.setAlphaToOne ? 1 : this.schedule.alphasCumprod[0]!;
    this.description = `${CLASS_NAME} (${config.spacing.timestepSpacing} spacing, ${config.predictionType}, eta ${this.eta})`;
  }

  get timesteps(): readonly number[] {
    return this.steps;
  }

  setTimesteps(count: number): void {
    checkStepCount(count, this.config.spacing);
    const timesteps = ddimTimesteps(this.config.spacing, count);
    checkTimesteps(timesteps, count, this.config.spacing, this.source);
    if (timesteps[0]! >= this.numTrainTimesteps) {
      throw new RangeError(`${this.source}: steps_offset ${this.config.spacing.stepsOffset} pushes the first of ${count} timesteps past ${this.numTrainTimesteps - 1}`);
    }
    this.steps = timesteps;
  }

  scaleModelInput(sample: Float32Array, stepIndex: number): Float32Array {
    checkStepIndex(stepIndex, this.steps, CLASS_NAME);
    return sample;
  }

  modelInputScale(stepIndex: number): number {
    checkStepIndex(stepIndex, this.steps, CLASS_NAME);
    return 1;
  }

  /** sqrt(ᾱ_t)·original + sqrt(1 − ᾱ_t)·noise at t = timesteps[stepIndex] (DDIMScheduler.add_noise). */
  addNoise(original: Float32Array, noise: Float32Array, stepIndex: number): Float32Array {
    checkStepIndex(stepIndex, this.steps, CLASS_NAME);
    const alphaProd = this.schedule.alphasCumprod[this.steps[stepIndex]!]!;
    return blendNoise(original, noise, Math.sqrt(alphaProd), Math.sqrt(1 - alphaProd), CLASS_NAME);
  }

  /** Stateless between steps: only checks the index. */
  setBeginIndex(stepIndex: number): void {
    checkStepIndex(stepIndex, this.steps, CLASS_NAME);
  }

  step(modelOutput: Float32Array, stepIndex: number, sample: Float32Array, rng?: NormalSource): SchedulerStepResult {
    const prevSample = new Float32Array(sample.length);
    const predOriginalSample = new Float32Array(sample.length);
    this.update(modelOutput, stepIndex, sample, prevSample, predOriginalSample, rng);
    return { prevSample, predOriginalSample };
  }

  /** With eta > 0 the step's noise is drawn from `rng` into a fresh array (the only allocation). */
  stepInto(modelOutput: Float32Array, stepIndex: number, sample: Float32Array, into: Float32Array, rng?: NormalSource): Float32Array {
    checkTarget(into, sample, CLASS_NAME);
    this.update(modelOutput, stepIndex, sample, into, undefined, rng);
    return into;
  }

  private update(
    modelOutput: Float32Array,
    stepIndex: number,
    sample: Float32Array,
    prev: Float32Array,
    x0Out: Float32Array | undefined,
    rng: NormalSource | undefined,
  ): void {
    checkStepIndex(stepIndex, this.steps, CLASS_NAME);
    checkSameLength(modelOutput, sample, CLASS_NAME);
    const t = this.steps[stepIndex]!;
    // diffusers steps back by T // n whatever the spacing.
    const prevT = t - Math.floor(this.numTrainTimesteps / this.steps.length);
    const alphaProd = this.schedule.alphasCumprod[t]!;
    const alphaProdPrev = prevT >= 0 ? this.schedule.alphasCumprod[prevT]! : this.finalAlphaCumprod;
    const betaProd = 1 - alphaProd;
    const variance = ((1 - alphaProdPrev) / betaProd) * (1 - alphaProd / alphaProdPrev);
    const stdDev = this.eta * Math.sqrt(variance);
    const noise = stdDev > 0 ? this.noise(rng, sample.length) : undefined;

    const sqrtAlpha = Math.sqrt(alphaProd);
    const sqrtBeta = Math.sqrt(betaProd);
    const sqrtAlphaPrev = Math.sqrt(alphaProdPrev);
    const directionScale = Math.sqrt(1 - alphaProdPrev - stdDev * stdDev);
    const { clipSample, clipSampleRange, predictionType } = this.config;
    if (predictionType === 'epsilon' && !clipSample && !noise) {
      // The SDXL case (epsilon, no clipping, eta 0), written out without the per-value branches.
      for (let i = 0; i < sample.length; i++) {
        const output = modelOutput[i]!;
        const x0 = (sample[i]! - sqrtBeta * output) / sqrtAlpha;
        if (x0Out) x0Out[i] = x0;
        prev[i] = sqrtAlphaPrev * x0 + directionScale * output;
      }
      return;
    }
    for (let i = 0; i < sample.length; i++) {
      const x = sample[i]!;
      const output = modelOutput[i]!;
      let x0: number;
      let eps: number;
      switch (predictionType) {
        case 'epsilon':
          x0 = (x - sqrtBeta * output) / sqrtAlpha;
          eps = output;
          break;
        case 'sample':
          x0 = output;
          eps = (x - sqrtAlpha * x0) / sqrtBeta;
          break;
        case 'v_prediction':
          x0 = sqrtAlpha * x - sqrtBeta * output;
          eps = sqrtAlpha * output + sqrtBeta * x;
          break;
      }
      // As in diffusers, clipping changes x0 but not the ε that points back to the sample.
      if (clipSample) x0 = clipToRange(x0, clipSampleRange);
      if (x0Out) x0Out[i] = x0;
      prev[i] = sqrtAlphaPrev * x0 + directionScale * eps + (noise ? stdDev * noise[i]! : 0);
    }
  }

  private noise(rng: NormalSource | undefined, count: number): Float32Array {
    if (!rng) throw new Error(`${CLASS_NAME}: eta ${this.eta} adds noise at every step; pass a noise source to step()`);
    return rng.normals(count);
  }
}
