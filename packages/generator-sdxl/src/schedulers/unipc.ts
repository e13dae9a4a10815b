/**
 * diffusers' UniPCMultistepScheduler (Zhao et al. 2023) with its defaults: data prediction
 * (predict_x0), solver_type "bh2", solver_order 2, lower_order_final, corrector on every step after the
 * first. Timesteps and sigmas as DPMSolverMultistepScheduler (same spacing rules, a final σ of 0).
 * With m_i the x0 predictions, λ = log α − log σ, h = λ_t − λ_s0, hh = −h, B(h) = e^{hh} − 1:
 * - predictor (UniP): x_t = (σ_t/σ_s0)·x − α_t(e^{hh} − 1)·m0 − α_t·B(h)·Σ ρ_k·D_k, D_k = (m_k − m0)/r_k,
 *   ρ = 0.5 for order 2 (the DPM++ 2M midpoint step);
 * - corrector (UniC), before each step from the second on, on the sample the previous predictor gave:
 *   the same update from the previous point, with the new model output m_t added as a last D term,
 *   ρ from solving R·ρ = b (R_ik = r_k^(i−1), b_i = h_phi_i · i! / B(h)), ρ = 0.5 at order 1.
 */
import type { SchedulerConfigReader } from './config-reader.js';
import { type BetaConfig, noiseSchedule, type NoiseSchedule, readBetaConfig } from './noise-schedule.js';
import { interpAtPositions } from './numpy-like.js';
import { alphaSigma, writeOriginalSample } from './prediction.js';
import { PREDICTION_TYPES, type PredictionType, type Scheduler, type SchedulerStepResult } from './scheduler.js';
import { blendNoise, checkSameLength, checkStepIndex, checkTarget } from './step-checks.js';
import { checkStepCount, checkTimesteps, dpmTimesteps, readSpacingConfig, type SpacingConfig } from './timesteps.js';

const CLASS_NAME = 'UniPCMultistepScheduler';

export interface UniPcConfig {
  readonly betas: BetaConfig;
  readonly spacing: SpacingConfig;
  readonly predictionType: PredictionType;
  readonly solverOrder: 1 | 2 | 3;
  readonly lowerOrderFinal: boolean;
}

/** The keys UniPCMultistepScheduler reads, with its class defaults; unsupported options throw. */
export function readUniPcConfig(reader: SchedulerConfigReader): UniPcConfig {
  const betas = readBetaConfig(reader);
  reader.requireOff('thresholding', false, 'dynamic thresholding');
  reader.requireOff('use_karras_sigmas', false, 'Karras sigmas with UniPC');
  reader.oneOf('solver_type', ['bh2'], 'bh2');
  reader.requireOff('predict_x0', true, 'noise prediction (predict_x0 false)');
  reader.requireOff('solver_p', null, 'a separate predictor (solver_p)');
  reader.oneOf('final_sigmas_type', ['zero'], 'zero');
  const disabled = reader.numberArray('disable_corrector');
  if (disabled && disabled.length > 0) throw reader.keyError('disable_corrector', 'must be empty: turning the corrector off at some steps is not supported');
  return {
    betas,
    spacing: readSpacingConfig(reader, betas.numTrainTimesteps, 'linspace'),
    predictionType: reader.oneOf('prediction_type', PREDICTION_TYPES, 'epsilon'),
    solverOrder: reader.number('solver_order', 2, { integer: true, min: 1, max: 3 }) as 1 | 2 | 3,
    lowerOrderFinal: reader.boolean('lower_order_final', true),
  };
}

/** Solves the small dense system A·x = y (Gaussian elimination with partial pivoting). */
function solve(matrix: number[][], rhs: number[]): number[] {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = col + 1; r < n; r++) {
      const f = a[r]![col]! / a[col]![col]!;
      for (let c = col; c <= n; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = a[r]![n]!;
    for (let c = r + 1; c < n; c++) sum -= a[r]![c]! * x[c]!;
    x[r] = sum / a[r]![r]!;
  }
  return x;
}

/** h_phi_1 = e^{hh} − 1, B(h) (bh2) and b_i = h_phi_i · i! / B(h) for i = 1..order. */
function coefficients(h: number, order: number): { hPhi1: number; bh: number; b: number[] } {
  const hh = -h;
  const hPhi1 = Math.expm1(hh);
  let hPhiK = hPhi1 / hh - 1;
  let factorial = 1;
  const bh = Math.expm1(hh);
  const b: number[] = [];
  for (let i = 1; i <= order; i++) {
    b.push((hPhiK * factorial) / bh);
    factorial *= i + 1;
    hPhiK = hPhiK / hh - 1 / factorial;
  }
  return { hPhi1, bh, b };
}

export class UniPcScheduler implements Scheduler {
  readonly name = 'unipc' as const;
  readonly description: string;
  readonly numTrainTimesteps: number;
  readonly initNoiseSigma = 1;
  private readonly schedule: NoiseSchedule;
  private steps: readonly number[] = [];
  private sigmaList: readonly number[] = [];
  private beginIndex = 0;
  /** x0 predictions of the latest steps, newest last. */
  private history: Float32Array[] = [];
  private lastSample: Float32Array | undefined;
  private lastOrder = 1;
  private nextStepIndex = 0;

  constructor(
    readonly config: UniPcConfig,
    private readonly source = 'scheduler config',
  ) {
    this.schedule = noiseSchedule(config.betas);
    this.numTrainTimesteps = config.betas.numTrainTimesteps;
    this.description = `${CLASS_NAME} (bh2, order ${config.solverOrder}, ${config.spacing.timestepSpacing} spacing, ${config.predictionType})`;
  }

  get timesteps(): readonly number[] {
    return this.steps;
  }

  get sigmas(): readonly number[] {
    return this.sigmaList;
  }

  setTimesteps(count: number): void {
    checkStepCount(count, this.config.spacing);
    const timesteps = dpmTimesteps(this.config.spacing, count, this.numTrainTimesteps);
    checkTimesteps(timesteps, count, this.config.spacing, this.source);
    this.steps = timesteps;
    this.sigmaList = [...timesteps.map((t) => interpAtPositions(t, this.schedule.trainSigmas)), 0].map(Math.fround);
    this.beginIndex = 0;
    this.reset();
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
    const { alpha, sigma } = alphaSigma(this.sigmaList[stepIndex]!);
    return blendNoise(original, noise, alpha, sigma, CLASS_NAME);
  }

  setBeginIndex(stepIndex: number): void {
    checkStepIndex(stepIndex, this.steps, CLASS_NAME);
    this.beginIndex = stepIndex;
    this.reset();
  }

  step(modelOutput: Float32Array, stepIndex: number, sample: Float32Array): SchedulerStepResult {
    const prevSample = new Float32Array(sample.length);
    const x0 = this.advance(modelOutput, stepIndex, sample, prevSample);
    return { prevSample, predOriginalSample: x0.slice() };
  }

  stepInto(modelOutput: Float32Array, stepIndex: number, sample: Float32Array, into: Float32Array): Float32Array {
    checkTarget(into, sample, CLASS_NAME);
    this.advance(modelOutput, stepIndex, sample, into);
    return into;
  }

  private reset(): void {
    this.history = [];
    this.lastSample = undefined;
    this.lastOrder = 1;
    this.nextStepIndex = this.beginIndex;
  }

  /** One UniPC step: corrector on `sample` (from the second step of a run), then the predictor into `prev`. */
  private advance(modelOutput: Float32Array, stepIndex: number, sample: Float32Array, prev: Float32Array): Float32Array {
    checkStepIndex(stepIndex, this.steps, CLASS_NAME);
    checkSameLength(modelOutput, sample, CLASS_NAME);
    if (stepIndex === this.beginIndex) this.reset();
    if (stepIndex !== this.nextStepIndex) throw new Error(`${CLASS_NAME}: steps must run in order (expected step ${this.nextStepIndex}, got ${stepIndex})`);
    const x0 = this.originalSample(modelOutput, sample, stepIndex);
    // The corrector rewrites the sample the previous predictor gave, using this step's model output.
    const corrected = this.lastSample ? this.corrector(x0, stepIndex) : sample.slice();
    this.history = [...this.history, x0].slice(-this.config.solverOrder);
    const count = this.steps.length;
    let order: number = this.config.lowerOrderFinal ? Math.min(this.config.solverOrder, count - stepIndex) : this.config.solverOrder;
    order = Math.min(order, this.history.length);
    this.lastOrder = order;
    this.lastSample = corrected;
    this.predictor(corrected, stepIndex, order, prev);
    this.nextStepIndex = stepIndex + 1;
    return x0;
  }

  private originalSample(modelOutput: Float32Array, sample: Float32Array, stepIndex: number): Float32Array {
    const { alpha, sigma } = alphaSigma(this.sigmaList[stepIndex]!);
    const x0 = new Float32Array(sample.length);
    writeOriginalSample(this.config.predictionType, modelOutput, sample, alpha, sigma, x0);
    return x0;
  }

  /** UniP-bh2 from σ_s0 = sigmas[stepIndex] to σ_t = sigmas[stepIndex + 1]. */
  private predictor(x: Float32Array, stepIndex: number, order: number, out: Float32Array): void {
    const t = alphaSigma(this.sigmaList[stepIndex + 1]!);
    const s0 = alphaSigma(this.sigmaList[stepIndex]!);
    const h = t.lambda - s0.lambda;
    const m0 = this.history.at(-1)!;
    const { rks, d } = this.differences(stepIndex, s0.lambda, h, order);
    const { hPhi1, bh, b } = coefficients(h, order);
    let rhos: number[] = [];
    if (d.length === 1) rhos = [0.5];
    else if (d.length > 1) rhos = solve(rks.slice(0, -1).map((_, row) => rks.slice(0, -1).map((r) => r ** row)), b.slice(0, -1));
    const sampleScale = t.sigma / s0.sigma;
    for (let i = 0; i < x.length; i++) {
      let res = 0;
      for (let k = 0; k < d.length; k++) res += rhos[k]! * d[k]![i]!;
      out[i] = sampleScale * x[i]! - t.alpha * hPhi1 * m0[i]! - t.alpha * bh * res;
    }
  }

  /** UniC-bh2: the step from sigmas[stepIndex − 1] to sigmas[stepIndex] again, with the new x0 `modelT`. */
  private corrector(modelT: Float32Array, stepIndex: number): Float32Array {
    const order = this.lastOrder;
    const x = this.lastSample!;
    const t = alphaSigma(this.sigmaList[stepIndex]!);
    const s0 = alphaSigma(this.sigmaList[stepIndex - 1]!);
    const h = t.lambda - s0.lambda;
    const m0 = this.history.at(-1)!;
    const { rks, d } = this.differences(stepIndex - 1, s0.lambda, h, order);
    const { hPhi1, bh, b } = coefficients(h, order);
    const rhos = order === 1 ? [0.5] : solve(rks.map((_, row) => rks.map((r) => r ** row)), b);
    const sampleScale = t.sigma / s0.sigma;
    const corrected = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      let res = 0;
      for (let k = 0; k < d.length; k++) res += rhos[k]! * d[k]![i]!;
      const d1t = modelT[i]! - m0[i]!;
      corrected[i] = sampleScale * x[i]! - t.alpha * hPhi1 * m0[i]! - t.alpha * bh * (res + rhos.at(-1)! * d1t);
    }
    return corrected;
  }

  /**
   * The predictor's and the corrector's shared terms from the earlier x0 (newest last in the history):
   * r_k = (λ_k − λ_s0)/h and D_k = (m_k − m0)/r_k for k = 1..order−1, σ_k = sigmas[s0Index − k]; rks ends with 1.
   */
  private differences(s0Index: number, s0Lambda: number, h: number, order: number): { readonly rks: number[]; readonly d: Float32Array[] } {
    const m0 = this.history.at(-1)!;
    const rks: number[] = [];
    const d: Float32Array[] = [];
    for (let k = 1; k < order; k++) {
      const sk = alphaSigma(this.sigmaList[s0Index - k]!);
      const rk = (sk.lambda - s0Lambda) / h;
      const mk = this.history.at(-(k + 1))!;
      rks.push(rk);
      d.push(Float32Array.from(mk, (v, i) => (v - m0[i]!) / rk));
    }
    rks.push(1);
    return { rks, d };
  }
}
