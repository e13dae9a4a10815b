/**
 * diffusers' DPMSolverMultistepScheduler with algorithm_type "dpmsolver++" (data prediction): solver_order 2
 * is "DPM++ 2M". With α_t = 1/sqrt(σ²+1), σ_t = σ·α_t and λ = log α_t - log σ_t, each step turns the model
 * output into x0 and takes a first-order step (equivalent to DDIM) or a multistep update that also uses
 * the x0 of the previous steps. Lower orders are used for the first steps (no history yet) and for the
 * last step when lower_order_final applies; with a final σ of 0 that last step returns x0 itself.
 */
import type { NormalSource } from '../random/index.js';
import type { SchedulerConfigReader } from './config-reader.js';
import { type BetaConfig, noiseSchedule, type NoiseSchedule, readBetaConfig } from './noise-schedule.js';
import { karrasSigmas, sigmaToTimestep } from './karras.js';
import { interpAtPositions, roundHalfEven } from './numpy-like.js';
import { alphaSigma, writeOriginalSample } from './prediction.js';
import { PREDICTION_TYPES, type PredictionType, type Scheduler, type SchedulerStepResult } from './scheduler.js';
import { blendNoise, checkSameLength, checkStepIndex, checkTarget } from './step-checks.js';
import { checkStepCount, checkTimesteps, dpmTimesteps, readSpacingConfig, type SpacingConfig } from './timesteps.js';

const CLASS_NAME = 'DPMSolverMultistepScheduler';

export interface DpmSolverMultistepConfig {
  readonly betas: BetaConfig;
  readonly spacing: SpacingConfig;
  readonly predictionType: PredictionType;
  readonly solverOrder: 1 | 2 | 3;
  readonly solverType: 'midpoint' | 'heun';
  /** Use lower orders at the end when there are fewer than 15 steps. */
  readonly lowerOrderFinal: boolean;
  /** Always take a first-order step last. */
  readonly eulerAtFinal: boolean;
  readonly finalSigmasType: 'zero' | 'sigma_min';
  /** Timesteps whose λ falls below this are left out (matters for the cosine schedule only). */
  readonly lambdaMinClipped: number;
  /** "dpmsolver++" (DPM++ 2M, deterministic) or "sde-dpmsolver++" (DPM++ 2M SDE: fresh noise every step). */
  readonly algorithmType: 'dpmsolver++' | 'sde-dpmsolver++';
  /**
   * Karras sigmas over the whole training range (σ_max of t = T−1 down to σ_min of t = 0), timesteps
   * rounded from them; the spacing then plays no part (diffusers' DPMSolverMultistepScheduler).
   */
  readonly useKarrasSigmas: boolean;
}

/**
 * The config keys DPMSolverMultistepScheduler reads, with its class defaults; unsupported options throw.
 * `overrides` replace config values (used when the user asks for "dpm++2m" by name).
 */
export function readDpmSolverMultistepConfig(
  reader: SchedulerConfigReader,
  overrides: { solverOrder?: 1 | 2 | 3; algorithmType?: 'dpmsolver++' | 'sde-dpmsolver++'; useKarrasSigmas?: boolean } = {},
): DpmSolverMultistepConfig {
  const betas = readBetaConfig(reader);
  const solverOrder = overrides.solverOrder ?? (reader.number('solver_order', 2, { integer: true, min: 1, max: 3 }) as 1 | 2 | 3);
  const algorithm = overrides.algorithmType ?? reader.oneOf('algorithm_type', ['dpmsolver++', 'sde-dpmsolver++', 'deis'], 'dpmsolver++');
  const algorithmType = algorithm === 'sde-dpmsolver++' ? 'sde-dpmsolver++' : 'dpmsolver++';
  if (algorithmType === 'sde-dpmsolver++' && solverOrder === 3) {
    throw reader.keyError('solver_order', 'is 3, but the SDE variant (sde-dpmsolver++) has orders 1 and 2 only');
  }
  // diffusers maps the DEIS/UniPC solver types onto midpoint.
  const solverType = reader.oneOf('solver_type', ['midpoint', 'heun', 'logrho', 'bh1', 'bh2'], 'midpoint');
  reader.requireOff('thresholding', false, 'dynamic thresholding');
  const useKarrasSigmas = overrides.useKarrasSigmas ?? reader.boolean('use_karras_sigmas', false);
  reader.requireOff('use_lu_lambdas', false, 'Lu lambdas');
  reader.requireOff('use_exponential_sigmas', false, 'exponential sigmas');
  reader.requireOff('use_beta_sigmas', false, 'beta sigmas');
  reader.requireOff('use_flow_sigmas', false, 'flow sigmas');
  reader.requireOff('variance_type', null, 'a learned variance');
  return {
    betas,
    spacing: readSpacingConfig(reader, betas.numTrainTimesteps, 'linspace'),
    predictionType: reader.oneOf('prediction_type', PREDICTION_TYPES, 'epsilon'),
    solverOrder,
    solverType: solverType === 'heun' ? 'heun' : 'midpoint',
    lowerOrderFinal: reader.boolean('lower_order_final', true),
    eulerAtFinal: reader.boolean('euler_at_final', false),
    finalSigmasType: reader.oneOf('final_sigmas_type', ['zero', 'sigma_min'], 'zero'),
    lambdaMinClipped: reader.number('lambda_min_clipped', -Infinity, { infinite: true }),
    algorithmType,
    useKarrasSigmas,
  };
}

export class DpmSolverMultistepScheduler implements Scheduler {
  readonly name: 'dpm++2m' | 'dpm++2m-karras' | 'dpm++2m-sde' | 'dpm++2m-sde-karras';
  readonly description: string;
  readonly numTrainTimesteps: number;
  readonly initNoiseSigma = 1;
  private readonly schedule: NoiseSchedule;
  private steps: readonly number[] = [];
  private sigmaList: readonly number[] = [];
  /** x0 predictions of the latest steps, newest last. */
  private history: Float32Array[] = [];
  private nextStepIndex = 0;
  /** Where a run starts (set_begin_index): a step at this index begins a new run. */
  private beginIndex = 0;
  /** x0 buffers stepInto allocated, and those of them that left the history, ready for reuse. */
  private readonly owned = new WeakSet<Float32Array>();
  private spare: Float32Array[] = [];

  constructor(
    readonly config: DpmSolverMultistepConfig,
    private readonly source = 'scheduler config',
  ) {
    this.schedule = noiseSchedule(config.betas);
    this.numTrainTimesteps = config.betas.numTrainTimesteps;
    const sde = config.algorithmType === 'sde-dpmsolver++';
    this.name = `dpm++2m${sde ? '-sde' : ''}${config.useKarrasSigmas ? '-karras' : ''}`;
    const spacing = config.useKarrasSigmas ? 'Karras sigmas' : `${config.spacing.timestepSpacing} spacing`;
    this.description = `${CLASS_NAME} (${config.algorithmType}, order ${config.solverOrder}, ${config.solverType}, ${spacing}, ${config.predictionType})`;
  }

  get timesteps(): readonly number[] {
    return this.steps;
  }

  get sigmas(): readonly number[] {
    return this.sigmaList;
  }

  setTimesteps(count: number): void {
    checkStepCount(count, this.config.spacing);
    const { trainSigmas } = this.schedule;
    const last = this.config.finalSigmasType === 'zero' ? 0 : trainSigmas[0]!;
    if (this.config.useKarrasSigmas) {
      // Karras over the whole training range; a fractional timestep is rounded (diffusers' int64 cast).
      const sigmas = karrasSigmas(trainSigmas.at(-1)!, trainSigmas[0]!, count);
      const logSigmas = Array.from(trainSigmas, Math.log);
      this.steps = sigmas.map((sigma) => roundHalfEven(sigmaToTimestep(sigma, logSigmas)));
      this.sigmaList = [...sigmas, last].map(Math.fround);
    } else {
      const timesteps = dpmTimesteps(this.config.spacing, count, this.lastTimestep());
      checkTimesteps(timesteps, count, this.config.spacing, this.source);
      this.steps = timesteps;
      this.sigmaList = [...timesteps.map((t) => interpAtPositions(t, trainSigmas)), last].map(Math.fround);
    }
    this.beginIndex = 0;
    this.resetRun();
  }

  /** α_t·original + σ_t·noise at σ = sigmas[stepIndex] (DPMSolverMultistepScheduler.add_noise). */
  addNoise(original: Float32Array, noise: Float32Array, stepIndex: number): Float32Array {
    checkStepIndex(stepIndex, this.steps, CLASS_NAME);
    const { alpha, sigma } = alphaSigma(this.sigmaList[stepIndex]!);
    return blendNoise(original, noise, alpha, sigma, CLASS_NAME);
  }

  setBeginIndex(stepIndex: number): void {
    checkStepIndex(stepIndex, this.steps, CLASS_NAME);
    this.beginIndex = stepIndex;
    this.resetRun();
  }

  scaleModelInput(sample: Float32Array, stepIndex: number): Float32Array {
    checkStepIndex(stepIndex, this.steps, CLASS_NAME);
    return sample;
  }

  modelInputScale(stepIndex: number): number {
    checkStepIndex(stepIndex, this.steps, CLASS_NAME);
    return 1;
  }

  step(modelOutput: Float32Array, stepIndex: number, sample: Float32Array, rng?: NormalSource): SchedulerStepResult {
    const x0 = new Float32Array(sample.length);
    const prevSample = new Float32Array(sample.length);
    this.advance(modelOutput, stepIndex, sample, prevSample, x0, rng);
    return { prevSample, predOriginalSample: x0 };
  }

  stepInto(modelOutput: Float32Array, stepIndex: number, sample: Float32Array, into: Float32Array, rng?: NormalSource): Float32Array {
    checkTarget(into, sample, CLASS_NAME);
    if (stepIndex === this.beginIndex) this.resetRun();
    this.advance(modelOutput, stepIndex, sample, into, this.historyBuffer(sample.length), rng);
    return into;
  }

  /** Turns the model output into x0 (written to `x0`, which joins the history) and writes the next sample into `prev`. */
  private advance(modelOutput: Float32Array, stepIndex: number, sample: Float32Array, prev: Float32Array, x0: Float32Array, rng: NormalSource | undefined): void {
    checkStepIndex(stepIndex, this.steps, CLASS_NAME);
    checkSameLength(modelOutput, sample, CLASS_NAME);
    if (stepIndex === this.beginIndex) this.resetRun();
    if (stepIndex !== this.nextStepIndex) {
      throw new Error(`${CLASS_NAME}: steps must run in order (expected step ${this.nextStepIndex}, got ${stepIndex})`);
    }
    let noise: Float32Array | undefined;
    if (this.config.algorithmType === 'sde-dpmsolver++') {
      if (!rng) throw new Error(`${CLASS_NAME}: sde-dpmsolver++ adds noise at every step; pass a noise source to step()`);
      noise = rng.normals(sample.length);
    }
    this.writeOriginalSample(modelOutput, sample, stepIndex, x0);
    const previousOutputs = this.history;
    const order = this.orderFor(stepIndex, previousOutputs.length);
    if (noise) this.sdeUpdate(x0, order === 1 ? undefined : previousOutputs.at(-1)!, sample, stepIndex, prev, noise);
    else if (order === 1) this.firstOrderUpdate(x0, sample, stepIndex, prev);
    else if (order === 2) this.secondOrderUpdate(x0, previousOutputs.at(-1)!, sample, stepIndex, prev);
    else this.thirdOrderUpdate(x0, previousOutputs.at(-1)!, previousOutputs.at(-2)!, sample, stepIndex, prev);
    const kept = [...previousOutputs, x0].slice(-Math.max(this.config.solverOrder - 1, 1));
    for (const dropped of previousOutputs) if (!kept.includes(dropped)) this.release(dropped);
    this.history = kept;
    this.nextStepIndex = stepIndex + 1;
  }

  /** A buffer for the next x0: one that left the history, or a new one the scheduler then owns. */
  private historyBuffer(length: number): Float32Array {
    const reused = this.spare.pop();
    if (reused && reused.length === length) return reused;
    const fresh = new Float32Array(length);
    this.owned.add(fresh);
    return fresh;
  }

  /** Only the scheduler's own buffers are recycled: an x0 that step() returned belongs to its caller. */
  private release(buffer: Float32Array): void {
    if (this.owned.has(buffer)) this.spare.push(buffer);
  }

  /** The solver order diffusers uses at this step, given how many earlier x0 are known. */
  private orderFor(stepIndex: number, known: number): 1 | 2 | 3 {
    const { solverOrder, lowerOrderFinal, eulerAtFinal, finalSigmasType } = this.config;
    const count = this.steps.length;
    const few = lowerOrderFinal && count < 15;
    const lowerFinal = stepIndex === count - 1 && (eulerAtFinal || few || finalSigmasType === 'zero');
    const lowerSecond = stepIndex === count - 2 && few;
    if (solverOrder === 1 || known < 1 || lowerFinal) return 1;
    if (solverOrder === 2 || known < 2 || lowerSecond) return 2;
    return 3;
  }

  private resetRun(): void {
    for (const buffer of this.history) this.release(buffer);
    this.history = [];
    this.nextStepIndex = this.beginIndex;
  }

  /** T minus the timesteps whose λ = log(sqrt(ᾱ)/sqrt(1-ᾱ)) is below lambda_min_clipped. */
  private lastTimestep(): number {
    const lambdas = Array.from(this.schedule.alphasCumprod, (ac) => Math.log(Math.sqrt(ac)) - Math.log(Math.sqrt(1 - ac)));
    const clipped = lambdas.reverse().findIndex((lambda) => lambda >= this.config.lambdaMinClipped);
    return this.numTrainTimesteps - (clipped === -1 ? lambdas.length : clipped);
  }

  private writeOriginalSample(modelOutput: Float32Array, sample: Float32Array, stepIndex: number, x0: Float32Array): void {
    const { alpha, sigma } = alphaSigma(this.sigmaList[stepIndex]!);
    writeOriginalSample(this.config.predictionType, modelOutput, sample, alpha, sigma, x0);
  }

  // The updates below are element-wise, so `prev` may be `sample` itself.

  private firstOrderUpdate(x0: Float32Array, sample: Float32Array, stepIndex: number, prev: Float32Array): void {
    const t = alphaSigma(this.sigmaList[stepIndex + 1]!);
    const s = alphaSigma(this.sigmaList[stepIndex]!);
    const h = t.lambda - s.lambda;
    const sampleScale = t.sigma / s.sigma;
    const x0Scale = -t.alpha * (Math.exp(-h) - 1);
    for (let i = 0; i < sample.length; i++) prev[i] = sampleScale * sample[i]! + x0Scale * x0[i]!;
  }

  /**
   * DPM++ 2M SDE (sde-dpmsolver++), first order when `m1` is undefined:
   *   x_t = (σ_t/σ_s)·e^{−h}·x + α_t(1 − e^{−2h})·D0 [+ c·α_t·D1] + σ_t·sqrt(1 − e^{−2h})·noise,
   * with D1 = (m0 − m1)/r0 and c = ½(1 − e^{−2h}) (midpoint) or (1 − e^{−2h})/(−2h) + 1 (heun).
   */
  private sdeUpdate(m0: Float32Array, m1: Float32Array | undefined, sample: Float32Array, stepIndex: number, prev: Float32Array, noise: Float32Array): void {
    const t = alphaSigma(this.sigmaList[stepIndex + 1]!);
    const s0 = alphaSigma(this.sigmaList[stepIndex]!);
    const h = t.lambda - s0.lambda;
    const decay = Math.exp(-2 * h);
    const sampleScale = (t.sigma / s0.sigma) * Math.exp(-h);
    const d0Scale = t.alpha * (1 - decay);
    const noiseScale = t.sigma * Math.sqrt(1 - decay);
    let d1Factor = 0;
    if (m1) {
      const s1 = alphaSigma(this.sigmaList[stepIndex - 1]!);
      const r0 = (s0.lambda - s1.lambda) / h;
      const d1Scale = this.config.solverType === 'midpoint' ? 0.5 * d0Scale : t.alpha * ((1 - decay) / (-2 * h) + 1);
      d1Factor = d1Scale / r0;
    }
    for (let i = 0; i < sample.length; i++) {
      const current = m0[i]!;
      // Multiply only when it matters: at σ_t = 0 the noise scale is 0 and the step returns x0.
      const d1 = m1 ? d1Factor * (current - m1[i]!) : 0;
      prev[i] = sampleScale * sample[i]! + d0Scale * current + d1 + (noiseScale === 0 ? 0 : noiseScale * noise[i]!);
    }
  }

  private secondOrderUpdate(m0: Float32Array, m1: Float32Array, sample: Float32Array, stepIndex: number, prev: Float32Array): void {
    const t = alphaSigma(this.sigmaList[stepIndex + 1]!);
    const s0 = alphaSigma(this.sigmaList[stepIndex]!);
    const s1 = alphaSigma(this.sigmaList[stepIndex - 1]!);
    const h = t.lambda - s0.lambda;
    const r0 = (s0.lambda - s1.lambda) / h;
    const sampleScale = t.sigma / s0.sigma;
    const d0Scale = -t.alpha * (Math.exp(-h) - 1);
    // D1 = (m0 - m1)/r0; midpoint weighs it by -½α(e^{-h}-1), heun by α((e^{-h}-1)/h + 1).
    const d1Scale =
      this.config.solverType === 'midpoint' ? 0.5 * d0Scale : t.alpha * ((Math.exp(-h) - 1) / h + 1);
    const d1Factor = d1Scale / r0;
    for (let i = 0; i < sample.length; i++) {
      const current = m0[i]!;
      prev[i] = sampleScale * sample[i]! + d0Scale * current + d1Factor * (current - m1[i]!);
    }
  }

  private thirdOrderUpdate(m0: Float32Array, m1: Float32Array, m2: Float32Array, sample: Float32Array, stepIndex: number, prev: Float32Array): void {
    const t = alphaSigma(this.sigmaList[stepIndex + 1]!);
    const s0 = alphaSigma(this.sigmaList[stepIndex]!);
    const s1 = alphaSigma(this.sigmaList[stepIndex - 1]!);
    const s2 = alphaSigma(this.sigmaList[stepIndex - 2]!);
    const h = t.lambda - s0.lambda;
    const r0 = (s0.lambda - s1.lambda) / h;
    const r1 = (s1.lambda - s2.lambda) / h;
    const expm = Math.exp(-h) - 1;
    const sampleScale = t.sigma / s0.sigma;
    const d0Scale = -t.alpha * expm;
    const d1Scale = t.alpha * (expm / h + 1);
    const d2Scale = -t.alpha * ((expm + h) / (h * h) - 0.5);
    for (let i = 0; i < sample.length; i++) {
      const d10 = (m0[i]! - m1[i]!) / r0;
      const d11 = (m1[i]! - m2[i]!) / r1;
      const d1 = d10 + (r0 / (r0 + r1)) * (d10 - d11);
      const d2 = (d10 - d11) / (r0 + r1);
      prev[i] = sampleScale * sample[i]! + d0Scale * m0[i]! + d1Scale * d1 + d2Scale * d2;
    }
  }
}
