import type { NormalSource } from '../random/index.js';
import { gaussian } from '../random/index.js';
import { SchedulerConfigReader } from './config-reader.js';
import { createScheduler } from './create-scheduler.js';
import { DpmSolverMultistepScheduler, readDpmSolverMultistepConfig } from './dpm-solver-multistep.js';
import { noiseSchedule, readBetaConfig } from './noise-schedule.js';
import type { PredictionType, Scheduler, SchedulerName } from './scheduler.js';
import { SDXL_BASE_SCHEDULER_CONFIG } from './sdxl-base-config.js';

const ALPHAS_CUMPROD = noiseSchedule(readBetaConfig(new SchedulerConfigReader(SDXL_BASE_SCHEDULER_CONFIG, 'test'))).alphasCumprod;

/** A small known "image": values spread over the latent range. */
const X0 = Float32Array.from({ length: 24 }, (_, i) => Math.sin(i * 0.7) * 1.5 + (i % 5) * 0.1 - 0.2);

/**
 * How each sampler's sample is made: x = signal·x0 + noise·ε. `vp` are the same coefficients for the UNet
 * input (variance preserving), which v-prediction is defined on: v = vp.signal·ε - vp.noise·x0.
 */
interface NoisyForm {
  readonly signal: number;
  readonly noise: number;
  readonly vp: { readonly signal: number; readonly noise: number };
}

function formAt(scheduler: Scheduler, stepIndex: number): NoisyForm {
  if (scheduler.name === 'ddim') {
    const alphaCumprod = ALPHAS_CUMPROD[scheduler.timesteps[stepIndex]!]!;
    const vp = { signal: Math.sqrt(alphaCumprod), noise: Math.sqrt(1 - alphaCumprod) };
    return { ...vp, vp };
  }
  const sigma = scheduler.sigmas![stepIndex]!;
  const alpha = 1 / Math.sqrt(sigma * sigma + 1);
  const vp = { signal: alpha, noise: sigma * alpha };
  return scheduler.name === 'euler' ? { signal: 1, noise: sigma, vp } : { ...vp, vp };
}

/** The exact output of a UNet that knows x0: the ε (or v) that x0 implies for this noisy sample. */
function perfectOutput(scheduler: Scheduler, stepIndex: number, sample: Float32Array, prediction: PredictionType): Float32Array {
  const form = formAt(scheduler, stepIndex);
  return sample.map((x, i) => {
    const eps = (x - form.signal * X0[i]!) / form.noise;
    return prediction === 'epsilon' ? eps : form.vp.signal * eps - form.vp.noise * X0[i]!;
  });
}

interface Run {
  readonly final: Float32Array;
  readonly lastPrediction: Float32Array;
  /** Largest distance of any intermediate sample from signal·x0 + noise·ε0 (ε0: the noise implied at step 0). */
  readonly offTrajectory: number;
}

function runPerfectDenoiser(name: SchedulerName, steps: number, prediction: PredictionType, config: object = SDXL_BASE_SCHEDULER_CONFIG): Run {
  const scheduler = createScheduler({ ...config, prediction_type: prediction }, { name });
  scheduler.setTimesteps(steps);
  let sample: Float32Array = gaussian(X0.length, 1234).map((n) => n * scheduler.initNoiseSigma);
  const first = formAt(scheduler, 0);
  const eps0 = sample.map((x, i) => (x - first.signal * X0[i]!) / first.noise);
  let offTrajectory = 0;
  let lastPrediction: Float32Array = new Float32Array(0);
  for (let k = 0; k < steps; k++) {
    // The model output is defined from the unscaled sample; scaling only changes what a real UNet sees.
    expect(scheduler.scaleModelInput(sample, k)).toHaveLength(sample.length);
    const result = scheduler.step(perfectOutput(scheduler, k, sample, prediction), k, sample);
    sample = result.prevSample;
    lastPrediction = result.predOriginalSample!;
    if (k < steps - 1) {
      const next = formAt(scheduler, k + 1);
      sample.forEach((x, i) => {
        offTrajectory = Math.max(offTrajectory, Math.abs(x - (next.signal * X0[i]! + next.noise * eps0[i]!)));
      });
    }
  }
  return { final: sample, lastPrediction, offTrajectory };
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  return a.reduce((max, value, i) => Math.max(max, Math.abs(value - b[i]!)), 0);
}

describe('each sampler returns the known image when the UNet is a perfect denoiser of it', () => {
  const cases: [SchedulerName, PredictionType, number][] = [
    ['euler', 'epsilon', 30],
    ['euler', 'epsilon', 4],
    ['euler', 'v_prediction', 30],
    ['dpm++2m', 'epsilon', 30],
    ['dpm++2m', 'epsilon', 4],
    ['dpm++2m', 'v_prediction', 30],
  ];
  it.each(cases)('%s (%s, %i steps) ends on x0 and stays on the noising trajectory', (name, prediction, steps) => {
    const run = runPerfectDenoiser(name, steps, prediction);
    expect(maxDifference(run.final, X0)).toBeLessThan(1e-4);
    expect(maxDifference(run.lastPrediction, X0)).toBeLessThan(1e-4);
    expect(run.offTrajectory).toBeLessThan(1e-4);
  });

  it.each([
    ['epsilon', 30],
    ['epsilon', 4],
    ['v_prediction', 30],
  ] as const)('ddim (%s, %i steps) ends on x0 when set_alpha_to_one is true', (prediction, steps) => {
    const run = runPerfectDenoiser('ddim', steps, prediction, { ...SDXL_BASE_SCHEDULER_CONFIG, set_alpha_to_one: true });
    expect(maxDifference(run.final, X0)).toBeLessThan(1e-4);
    expect(run.offTrajectory).toBeLessThan(1e-4);
  });

  it('ddim with the SDXL config (set_alpha_to_one false) predicts x0 and keeps sqrt(1 - ᾱ_0)·ε in its last sample, as diffusers does', () => {
    const run = runPerfectDenoiser('ddim', 30, 'epsilon');
    expect(maxDifference(run.lastPrediction, X0)).toBeLessThan(1e-4);
    expect(run.offTrajectory).toBeLessThan(1e-4);
    const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'ddim' });
    scheduler.setTimesteps(30);
    const start = gaussian(X0.length, 1234);
    const first = formAt(scheduler, 0);
    const ac0 = ALPHAS_CUMPROD[0]!;
    const expected = X0.map((x0, i) => Math.sqrt(ac0) * x0 + Math.sqrt(1 - ac0) * ((start[i]! - first.signal * x0) / first.noise));
    expect(maxDifference(run.final, expected)).toBeLessThan(1e-4);
    expect(maxDifference(run.final, X0)).toBeGreaterThan(1e-3);
  });
});

describe('EulerDiscreteScheduler arithmetic', () => {
  const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG);
  scheduler.setTimesteps(4);
  const sigma0 = scheduler.sigmas![0]!;
  const sigma1 = scheduler.sigmas![1]!;

  it('scales the UNet input by 1/sqrt(σ² + 1)', () => {
    // σ0 = 4.11670 for 4 steps: 1/sqrt(σ0² + 1) = 0.236049.
    const scaled = scheduler.scaleModelInput(Float32Array.of(4.236415, -1), 0);
    expect(scaled[0]).toBeCloseTo(1, 4);
    expect(scaled[1]).toBeCloseTo(-0.236049, 5);
  });

  it('steps x + ε·(σ1 - σ0) and predicts x0 = x - σ0·ε', () => {
    const { prevSample, predOriginalSample } = scheduler.step(Float32Array.of(0.5, -2), 0, Float32Array.of(3, 1));
    expect(prevSample[0]).toBeCloseTo(3 + 0.5 * (sigma1 - sigma0), 5);
    expect(prevSample[1]).toBeCloseTo(1 - 2 * (sigma1 - sigma0), 5);
    expect(predOriginalSample![0]).toBeCloseTo(3 - 0.5 * sigma0, 5);
  });
});

describe('DPMSolverMultistepScheduler multistep updates', () => {
  const vpSigma = (sigma: number) => sigma / Math.sqrt(sigma * sigma + 1);
  const vpAlpha = (sigma: number) => 1 / Math.sqrt(sigma * sigma + 1);

  /**
   * With a model whose x0 prediction is linear in λ = -ln σ (a + b·λ, whatever the sample), the exact
   * solution of the data-prediction ODE from (λs, x_s) to λt is
   *   x_t = (σ_t/σ_s)·x_s + σ_t·[e^λ (a + bλ - b)] from λs to λt     (σ_t here the VP noise scale)
   * and DPM-Solver++(2M) with the "heun" solver type is exact for it (its D1 weight is the exact integral).
   */
  it('the heun variant integrates an x0 linear in λ exactly once it has history', () => {
    const reader = new SchedulerConfigReader({ ...SDXL_BASE_SCHEDULER_CONFIG, solver_type: 'heun' }, 'test');
    const scheduler = new DpmSolverMultistepScheduler(readDpmSolverMultistepConfig(reader, { solverOrder: 2 }));
    scheduler.setTimesteps(20);
    const a = 0.3;
    const b = 0.25;
    const lambdaOf = (k: number) => -Math.log(scheduler.sigmas[k]!);
    const antiderivative = (lambda: number) => Math.exp(lambda) * (a + b * lambda - b);
    let sample: Float32Array = Float32Array.of(0.8, -1.2, 2.5);
    for (let k = 0; k < 18; k++) {
      const lambda = lambdaOf(k);
      const x0 = a + b * lambda;
      // ε that makes the scheduler's x0 prediction equal a + bλ for this sample.
      const output = sample.map((x) => (x - vpAlpha(scheduler.sigmas[k]!) * x0) / vpSigma(scheduler.sigmas[k]!));
      const { prevSample } = scheduler.step(output, k, sample);
      if (k >= 1) {
        const sigmaS = vpSigma(scheduler.sigmas[k]!);
        const sigmaT = vpSigma(scheduler.sigmas[k + 1]!);
        const integral = sigmaT * (antiderivative(lambdaOf(k + 1)) - antiderivative(lambda));
        sample.forEach((x, i) => expect(prevSample[i]).toBeCloseTo((sigmaT / sigmaS) * x + integral, 4));
      }
      sample = prevSample;
    }
  });

  it('the midpoint variant (DPM++ 2M) combines the last two x0 with the reference weights', () => {
    const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'dpm++2m' });
    scheduler.setTimesteps(30);
    const sigmas = scheduler.sigmas!;
    const x = Float32Array.of(1.5);
    const step0 = scheduler.step(Float32Array.of(0.4), 0, x);
    const m1 = step0.predOriginalSample![0]!;
    const step1 = scheduler.step(Float32Array.of(-0.3), 1, step0.prevSample);
    const m0 = step1.predOriginalSample![0]!;
    // Reference section 2.3 with σ_s1 = sigmas[0], σ_s0 = sigmas[1], σ_t = sigmas[2].
    const lambda = (s: number) => Math.log(vpAlpha(s)) - Math.log(vpSigma(s));
    const h = lambda(sigmas[2]!) - lambda(sigmas[1]!);
    const r0 = (lambda(sigmas[1]!) - lambda(sigmas[0]!)) / h;
    const d1 = (m0 - m1) / r0;
    const weight = vpAlpha(sigmas[2]!) * (Math.exp(-h) - 1);
    const expected = (vpSigma(sigmas[2]!) / vpSigma(sigmas[1]!)) * step0.prevSample[0]! - weight * m0 - 0.5 * weight * d1;
    expect(step1.prevSample[0]).toBeCloseTo(expected, 5);
    expect(m0).toBeCloseTo((step0.prevSample[0]! - vpSigma(sigmas[1]!) * -0.3) / vpAlpha(sigmas[1]!), 5);
  });

  it('takes a first-order step last (final σ is 0), returning x0', () => {
    const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'dpm++2m' });
    scheduler.setTimesteps(3);
    let sample: Float32Array = Float32Array.of(0.9);
    for (let k = 0; k < 2; k++) sample = scheduler.step(Float32Array.of(0.1 * (k + 1)), k, sample).prevSample;
    const last = scheduler.step(Float32Array.of(-0.7), 2, sample);
    expect(last.prevSample[0]).toBeCloseTo(last.predOriginalSample![0]!, 6);
  });

  it('insists on running steps in order, and restarts at step 0', () => {
    const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'dpm++2m' });
    scheduler.setTimesteps(5);
    const sample = Float32Array.of(1, 2);
    const output = Float32Array.of(0.1, 0.2);
    const first = scheduler.step(output, 0, sample).prevSample;
    expect(() => scheduler.step(output, 2, sample)).toThrow(/expected step 1, got 2/);
    scheduler.step(output, 1, first);
    // A new run from step 0 forgets the previous history: same results as the first time.
    expect(scheduler.step(output, 0, sample).prevSample).toEqual(first);
  });
});

describe('DDIM with eta > 0', () => {
  it('adds eta·sqrt(variance)·noise from the given source and needs that source', () => {
    const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'ddim', eta: 1 });
    scheduler.setTimesteps(10);
    const noise: NormalSource = { normals: (count) => new Float32Array(count).fill(0.5) };
    const sample = Float32Array.of(0.7);
    const eps = Float32Array.of(-0.4);
    const t = scheduler.timesteps[3]!;
    const prevT = t - 100;
    const at = ALPHAS_CUMPROD[t]!;
    const ap = ALPHAS_CUMPROD[prevT]!;
    const variance = ((1 - ap) / (1 - at)) * (1 - at / ap);
    const x0 = (0.7 - Math.sqrt(1 - at) * -0.4) / Math.sqrt(at);
    const expected = Math.sqrt(ap) * x0 + Math.sqrt(1 - ap - variance) * -0.4 + Math.sqrt(variance) * 0.5;
    expect(scheduler.step(eps, 3, sample, noise).prevSample[0]).toBeCloseTo(expected, 5);
    expect(() => scheduler.step(eps, 3, sample)).toThrow(/pass a noise source/);
  });

  it('clips x0 when the config asks for it (the class default)', () => {
    const { clip_sample: _omitted, ...withoutClip } = SDXL_BASE_SCHEDULER_CONFIG;
    const scheduler = createScheduler(withoutClip, { name: 'ddim' });
    scheduler.setTimesteps(10);
    const result = scheduler.step(Float32Array.of(-5), 0, Float32Array.of(0.5));
    expect(result.predOriginalSample![0]).toBe(1);
  });
});

describe('scheduler call checks', () => {
  it('requires setTimesteps first, a valid step index and matching lengths', () => {
    const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG);
    expect(() => scheduler.initNoiseSigma).toThrow(/call setTimesteps/);
    expect(() => scheduler.step(new Float32Array(2), 0, new Float32Array(2))).toThrow(/call setTimesteps/);
    scheduler.setTimesteps(4);
    expect(() => scheduler.step(new Float32Array(2), 4, new Float32Array(2))).toThrow(/0\.\.3 \(got 4\)/);
    expect(() => scheduler.step(new Float32Array(3), 0, new Float32Array(2))).toThrow(/3 values but the sample has 2/);
    expect(() => scheduler.setTimesteps(0)).toThrow(/1\.\.1000/);
    expect(() => scheduler.setTimesteps(1001)).toThrow(/1\.\.1000/);
  });

  it('rejects a step count that gives repeated timesteps', () => {
    const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'dpm++2m' });
    expect(() => scheduler.setTimesteps(1000)).toThrow(/do not give distinct timesteps/);
  });
});
