/**
 * diffusers' EulerDiscreteScheduler, the SDXL base default, with s_churn = 0 (deterministic, as the
 * pipeline calls it). Sigmas are sqrt((1-ᾱ)/ᾱ) interpolated linearly at the timesteps, then a final 0.
 * step: x0 = sample - σ·ε (epsilon); derivative (sample - x0)/σ; prev = sample + derivative·(σ_next - σ).
 */
import type { SchedulerConfigReader } from './config-reader.js';
import { type BetaConfig, noiseSchedule, type NoiseSchedule, readBetaConfig } from './noise-schedule.js';
import { karrasSigmas, sigmaToTimestep } from './karras.js';
import { interpAtPositions } from './numpy-like.js';
import { PREDICTION_TYPES, type PredictionType, type Scheduler, type SchedulerStepResult } from './scheduler.js';
import { blendNoise, checkSameLength, checkStepIndex, checkTarget, requireTimesteps } from './step-checks.js';
import { checkStepCount, checkTimesteps, eulerTimesteps, readSpacingConfig, type SpacingConfig } from './timesteps.js';

const CLASS_NAME = 'EulerDiscreteScheduler';

export interface EulerDiscreteConfig {
  readonly betas: BetaConfig;
  readonly spacing: SpacingConfig;
  readonly predictionType: PredictionType;
  /** "zero" (default) ends the schedule at σ = 0; "sigma_min" at the smallest training sigma. */
  readonly finalSigmasType: 'zero' | 'sigma_min';
  /** Karras sigmas between the ends of the spaced ones, timesteps mapped back (fractional). */
  readonly useKarrasSigmas: boolean;
}

/** The config keys EulerDiscreteScheduler reads, with its class defaults; unsupported options throw. */
export function readEulerDiscreteConfig(reader: SchedulerConfigReader, overrides: { useKarrasSigmas?: boolean } = {}): EulerDiscreteConfig {
  const betas = readBetaConfig(reader);
  // "original_sample" is diffusers' older spelling of "sample" for this class.
  const prediction = reader.oneOf('prediction_type', [...PREDICTION_TYPES, 'original_sample'], 'epsilon');
  reader.oneOf('interpolation_type', ['linear'], 'linear');
  reader.oneOf('timestep_type', ['discrete'], 'discrete');
  const useKarrasSigmas = overrides.useKarrasSigmas ?? reader.boolean('use_karras_sigmas', false);
  reader.requireOff('use_exponential_sigmas', false, 'exponential sigmas');
  reader.requireOff('use_beta_sigmas', false, 'beta sigmas');
  reader.requireOff('sigma_min', null, 'a custom sigma_min');
  reader.requireOff('sigma_max', null, 'a custom sigma_max');
  return {
    betas,
    spacing: readSpacingConfig(reader, betas.numTrainTimesteps, 'linspace'),
    predictionType: prediction === 'original_sample' ? 'sample' : prediction,
    finalSigmasType: reader.oneOf('final_sigmas_type', ['zero', 'sigma_min'], 'zero'),
    useKarrasSigmas,
  };
}

export class EulerDiscreteScheduler implements Scheduler {
  readonly name = 'euler' as const;
  readonly description: string;
  readonly numTrainTimesteps: number;
  private readonly schedule: NoiseSchedule;
  private steps: readonly number[] = [];
  private sigmaList: readonly number[] = [];

  constructor(
    readonly config: EulerDiscreteConfig,
    private readonly source = 'scheduler config',
  ) {
    this.schedule = noiseSchedule(config.betas);
    this.numTrainTimesteps = config.betas.numTrainTimesteps;
    this.description = `${CLASS_NAME} (${config.spacing.timestepSpacing} spacing, ${config.predictionType}${config.useKarrasSigmas ? ', Karras sigmas' : ''})`;
  }

  get timesteps(): readonly number[] {
    return this.steps;
  }

  get sigmas(): readonly number[] {
    return this.sigmaList;
  }

  /** sqrt(σ_max² + 1) for "leading" spacing (the SDXL default), σ_max for "linspace"/"trailing". */
  get initNoiseSigma(): number {
    requireTimesteps(this.steps, CLASS_NAME);
    const maxSigma = Math.max(...this.sigmaList);
    return this.config.spacing.timestepSpacing === 'leading' ? Math.sqrt(maxSigma * maxSigma + 1) : maxSigma;
  }

  setTimesteps(count: number): void {
    checkStepCount(count, this.config.spacing);
    const timesteps = eulerTimesteps(this.config.spacing, count);
    checkTimesteps(timesteps, count, this.config.spacing, this.source);
    const { trainSigmas } = this.schedule;
    const last = this.config.finalSigmasType === 'zero' ? 0 : trainSigmas[0]!;
    let sigmas = timesteps.map((t) => interpAtPositions(t, trainSigmas));
    let steps = timesteps;
    if (this.config.useKarrasSigmas) {
      // Between the ends of the spaced sigmas; timesteps become the fractional ones of those sigmas.
      sigmas = karrasSigmas(sigmas[0]!, sigmas.at(-1)!, count);
      const logSigmas = Array.from(trainSigmas, Math.log);
      steps = sigmas.map((sigma) => Math.fround(sigmaToTimestep(sigma, logSigmas)));
    }
    this.steps = steps;
    this.sigmaList = [...sigmas, last].map(Math.fround);
  }

  /** sample / sqrt(σ² + 1): brings the variance-exploding sample back to the scale the UNet was trained on. */
  scaleModelInput(sample: Float32Array, stepIndex: number): Float32Array {
    const scale = this.modelInputScale(stepIndex);
    const scaled = new Float32Array(sample.length);
    for (let i = 0; i < sample.length; i++) scaled[i] = sample[i]! * scale;
    return scaled;
  }

  modelInputScale(stepIndex: number): number {
    checkStepIndex(stepIndex, this.steps, CLASS_NAME);
    const sigma = this.sigmaList[stepIndex]!;
    return 1 / Math.sqrt(sigma * sigma + 1);
  }

  /** original + σ_i·noise (diffusers' EulerDiscreteScheduler.add_noise at sigmas[begin_index]). */
  addNoise(original: Float32Array, noise: Float32Array, stepIndex: number): Float32Array {
    checkStepIndex(stepIndex, this.steps, CLASS_NAME);
    return blendNoise(original, noise, 1, this.sigmaList[stepIndex]!, CLASS_NAME);
  }

  /** Stateless between steps: only checks the index. */
  setBeginIndex(stepIndex: number): void {
    checkStepIndex(stepIndex, this.steps, CLASS_NAME);
  }

  step(modelOutput: Float32Array, stepIndex: number, sample: Float32Array): SchedulerStepResult {
    const prevSample = new Float32Array(sample.length);
    const predOriginalSample = new Float32Array(sample.length);
    this.update(modelOutput, stepIndex, sample, prevSample, predOriginalSample);
    return { prevSample, predOriginalSample };
  }

  stepInto(modelOutput: Float32Array, stepIndex: number, sample: Float32Array, into: Float32Array): Float32Array {
    checkTarget(into, sample, CLASS_NAME);
    this.update(modelOutput, stepIndex, sample, into, undefined);
    return into;
  }

  /** prev = sample + (sample − x0)/σ · (σ_next − σ), element by element (so `prev` may be `sample`). */
  private update(modelOutput: Float32Array, stepIndex: number, sample: Float32Array, prev: Float32Array, x0Out: Float32Array | undefined): void {
    checkStepIndex(stepIndex, this.steps, CLASS_NAME);
    checkSameLength(modelOutput, sample, CLASS_NAME);
    const sigma = this.sigmaList[stepIndex]!;
    const dt = this.sigmaList[stepIndex + 1]! - sigma;
    if (this.config.predictionType === 'epsilon') {
      // The SDXL case, written out so the loop has no call in it.
      for (let i = 0; i < sample.length; i++) {
        const x = sample[i]!;
        const x0 = x - sigma * modelOutput[i]!;
        if (x0Out) x0Out[i] = x0;
        prev[i] = x + ((x - x0) / sigma) * dt;
      }
      return;
    }
    const predictOriginal = originalSamplePredictor(this.config.predictionType, sigma);
    for (let i = 0; i < sample.length; i++) {
      const x = sample[i]!;
      const x0 = predictOriginal(modelOutput[i]!, x);
      if (x0Out) x0Out[i] = x0;
      prev[i] = x + ((x - x0) / sigma) * dt;
    }
  }
}

/** x0 from one model output value and the sample value, at noise level σ (x = x0 + σ·ε). */
function originalSamplePredictor(predictionType: PredictionType, sigma: number): (output: number, sample: number) => number {
  switch (predictionType) {
    case 'epsilon':
      return (output, sample) => sample - sigma * output;
    case 'v_prediction': {
      const outputScale = -sigma / Math.sqrt(sigma * sigma + 1);
      const sampleScale = 1 / (sigma * sigma + 1);
      return (output, sample) => output * outputScale + sample * sampleScale;
    }
    case 'sample':
      return (output) => output;
  }
}
