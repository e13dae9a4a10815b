/**
 * diffusers' EulerAncestralDiscreteScheduler ("Euler a"): the timesteps, sigmas, initial noise and
 * input scaling of EulerDiscreteScheduler (same config keys, no Karras option), and an ancestral step:
 * from σ to σ_next it moves deterministically to σ_down and adds fresh noise of σ_up, where
 *   σ_up = sqrt(σ_next² · (σ² − σ_next²) / σ²),  σ_down = sqrt(σ_next² − σ_up²);
 *   prev = sample + (sample − x0)/σ · (σ_down − σ) + σ_up · noise.
 * The noise comes from the `rng` passed to step(); the last step (σ_next = 0) adds none, but still
 * draws it, as diffusers does.
 */
import type { NormalSource } from '../random/index.js';
import type { SchedulerConfigReader } from './config-reader.js';
import { EulerDiscreteScheduler, readEulerDiscreteConfig, type EulerDiscreteConfig } from './euler-discrete.js';
import type { Scheduler, SchedulerStepResult } from './scheduler.js';
import { checkSameLength, checkStepIndex, checkTarget } from './step-checks.js';

const CLASS_NAME = 'EulerAncestralDiscreteScheduler';

/** EulerDiscreteScheduler's keys without Karras sigmas (the ancestral class has no such option). */
export function readEulerAncestralConfig(reader: SchedulerConfigReader): EulerDiscreteConfig {
  return readEulerDiscreteConfig(reader, { useKarrasSigmas: false });
}

export class EulerAncestralDiscreteScheduler implements Scheduler {
  readonly name = 'euler-a' as const;
  readonly description: string;
  readonly numTrainTimesteps: number;
  private readonly schedule: EulerDiscreteScheduler;

  constructor(
    readonly config: EulerDiscreteConfig,
    source = 'scheduler config',
  ) {
    this.schedule = new EulerDiscreteScheduler(config, source);
    this.numTrainTimesteps = this.schedule.numTrainTimesteps;
    this.description = `${CLASS_NAME} (${config.spacing.timestepSpacing} spacing, ${config.predictionType})`;
  }

  get timesteps(): readonly number[] {
    return this.schedule.timesteps;
  }

  get sigmas(): readonly number[] {
    return this.schedule.sigmas;
  }

  get initNoiseSigma(): number {
    return this.schedule.initNoiseSigma;
  }

  setTimesteps(count: number): void {
    this.schedule.setTimesteps(count);
  }

  scaleModelInput(sample: Float32Array, stepIndex: number): Float32Array {
    return this.schedule.scaleModelInput(sample, stepIndex);
  }

  modelInputScale(stepIndex: number): number {
    return this.schedule.modelInputScale(stepIndex);
  }

  addNoise(original: Float32Array, noise: Float32Array, stepIndex: number): Float32Array {
    return this.schedule.addNoise(original, noise, stepIndex);
  }

  setBeginIndex(stepIndex: number): void {
    this.schedule.setBeginIndex(stepIndex);
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

  private update(modelOutput: Float32Array, stepIndex: number, sample: Float32Array, prev: Float32Array, x0Out: Float32Array | undefined, rng: NormalSource | undefined): void {
    checkStepIndex(stepIndex, this.timesteps, CLASS_NAME);
    checkSameLength(modelOutput, sample, CLASS_NAME);
    if (!rng) throw new Error(`${CLASS_NAME}: every step adds noise; pass a noise source to step()`);
    const sigmas = this.sigmas;
    const sigma = sigmas[stepIndex]!;
    const next = sigmas[stepIndex + 1]!;
    const sigmaUp = Math.sqrt((next * next * (sigma * sigma - next * next)) / (sigma * sigma));
    const sigmaDown = Math.sqrt(next * next - sigmaUp * sigmaUp);
    const dt = sigmaDown - sigma;
    const noise = rng.normals(sample.length);
    const { predictionType } = this.config;
    for (let i = 0; i < sample.length; i++) {
      const x = sample[i]!;
      const output = modelOutput[i]!;
      const x0 =
        predictionType === 'epsilon'
          ? x - sigma * output
          : predictionType === 'v_prediction'
            ? output * (-sigma / Math.sqrt(sigma * sigma + 1)) + x / (sigma * sigma + 1)
            : output;
      if (x0Out) x0Out[i] = x0;
      prev[i] = x + ((x - x0) / sigma) * dt + sigmaUp * noise[i]!;
    }
  }
}
