/**
 * Reference values for Karras sigmas, Euler ancestral, DPM++ 2M SDE and LCM. Timesteps and sigmas
 * are numpy float32 results of diffusers' set_timesteps for the SDXL base config; steps are checked
 * against the published update formulas written out here with known noise.
 */
import { alphasCumprod } from '@geneava/testing';
import type { NormalSource } from '../random/index.js';
import { createScheduler } from './create-scheduler.js';
import { karrasSigmas, sigmaToTimestep } from './karras.js';
import { SDXL_BASE_SCHEDULER_CONFIG } from './sdxl-base-config.js';

const ac = alphasCumprod();
const trainSigmas = Array.from(ac, (a) => Math.sqrt((1 - a) / a));

function expectClose(actual: readonly number[], expected: readonly number[], tolerance: number): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => {
    if (Math.abs(value - expected[i]!) > tolerance) throw new Error(`entry ${i}: ${value} is not within ${tolerance} of ${expected[i]}`);
  });
}

/** Hands out the given numbers in order, and counts what was drawn. */
class FixedNoise implements NormalSource {
  drawn = 0;
  constructor(private readonly values: readonly number[]) {}
  normals(count: number): Float32Array {
    const out = Float32Array.from({ length: count }, (_, i) => this.values[(this.drawn + i) % this.values.length]!);
    this.drawn += count;
    return out;
  }
}

const sample = Float32Array.of(1.5, -0.75, 0.25);
const output = Float32Array.of(0.2, -0.4, 0.9);
const noise = [0.5, -1.25, 2];

describe('Karras sigmas', () => {
  it('DPM++ 2M Karras spans the whole training range with rounded timesteps (10 steps)', () => {
    for (const scheduler of [
      createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'dpm++2m-karras' }),
      createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, _class_name: 'DPMSolverMultistepScheduler', use_karras_sigmas: true }),
    ]) {
      scheduler.setTimesteps(10);
      expect(scheduler.name).toBe('dpm++2m-karras');
      expect(scheduler.description).toContain('Karras sigmas');
      expect(scheduler.timesteps).toEqual([999, 916, 815, 687, 523, 327, 146, 41, 7, 0]);
      expectClose(scheduler.sigmas!, [14.614655, 9.102942, 5.478404, 3.1686125, 1.7494239, 0.91407686, 0.44692105, 0.2013999, 0.08191106, 0.029167533, 0], 2e-5);
      expect(scheduler.initNoiseSigma).toBe(1);
    }
  });

  it('Euler with Karras sigmas spans the spaced sigmas and maps back to fractional timesteps (10 steps)', () => {
    const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'euler-karras' });
    scheduler.setTimesteps(10);
    expectClose(scheduler.timesteps, [901, 815.01752, 710.50061, 581.65533, 426.53061, 260.24329, 121.14118, 40.272648, 9.3014688, 1], 2e-3);
    expectClose(scheduler.sigmas!, [8.3906927, 5.4777026, 3.4784093, 2.1403055, 1.2701098, 0.72267067, 0.39135295, 0.19980027, 0.094967172, 0.041314479, 0], 2e-5);
    expect(scheduler.initNoiseSigma).toBeCloseTo(8.450072, 4);
    // By class the config decides; "euler" by name never uses them.
    expect(createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, use_karras_sigmas: true }).description).toContain('Karras sigmas');
    expect(createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, use_karras_sigmas: true }, { name: 'euler' }).description).not.toContain('Karras');
  });

  it('the helpers follow the formulas: ρ = 7 ramp, log-σ interpolation of the timestep', () => {
    const sigmas = karrasSigmas(10, 0.1, 3);
    expect(sigmas[0]).toBeCloseTo(10, 10);
    expect(sigmas[2]).toBeCloseTo(0.1, 10);
    expect(sigmas[1]).toBeCloseTo(((10 ** (1 / 7) + 0.1 ** (1 / 7)) / 2) ** 7, 10);
    const logs = trainSigmas.map(Math.log);
    expect(sigmaToTimestep(trainSigmas[500]!, logs)).toBeCloseTo(500, 4);
    const between = Math.exp((logs[500]! + logs[501]!) / 2);
    expect(sigmaToTimestep(between, logs)).toBeCloseTo(500.5, 4);
    expect(sigmaToTimestep(1e-6, logs)).toBe(0);
    expect(sigmaToTimestep(1e6, logs)).toBe(999);
  });
});

describe('Euler ancestral', () => {
  it('steps to σ_down and adds σ_up of fresh noise (4-step SDXL schedule, step 0)', () => {
    const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'euler-a' });
    scheduler.setTimesteps(4);
    expect(scheduler.timesteps).toEqual([751, 501, 251, 1]);
    expect(scheduler.initNoiseSigma).toBeCloseTo(4.236415, 4);
    const [sigma, next] = [4.1167, 1.62369];
    const up = Math.sqrt((next ** 2 * (sigma ** 2 - next ** 2)) / sigma ** 2);
    const down = Math.sqrt(next ** 2 - up ** 2);
    const rng = new FixedNoise(noise);
    const prev = scheduler.step(output, 0, sample, rng).prevSample;
    expect(rng.drawn).toBe(3);
    prev.forEach((value, i) => expect(value).toBeCloseTo(sample[i]! + output[i]! * (down - sigma) + up * noise[i]!, 3));
    // The last step (σ_next = 0) adds no noise: x0 exactly.
    const last = scheduler.step(output, 3, sample, new FixedNoise(noise)).prevSample;
    last.forEach((value, i) => expect(value).toBeCloseTo(sample[i]! - 0.0413145 * output[i]!, 5));
    expect(() => scheduler.step(output, 0, sample)).toThrow(/every step adds noise; pass a noise source/);
  });
});

describe('DPM++ 2M SDE', () => {
  const alpha = (s: number) => 1 / Math.sqrt(s * s + 1);
  const lambda = (s: number) => Math.log(alpha(s)) - Math.log(s * alpha(s));

  it('first step: (σ_t/σ_s)e^{-h}·x + α_t(1 − e^{-2h})·x0 + σ_t·sqrt(1 − e^{-2h})·noise', () => {
    const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'dpm++2m-sde' });
    scheduler.setTimesteps(4);
    expect(scheduler.timesteps).toEqual([801, 601, 401, 201]);
    const [s, t] = [trainSigmas[801]!, trainSigmas[601]!];
    const h = lambda(t) - lambda(s);
    const prev = scheduler.step(output, 0, sample, new FixedNoise(noise)).prevSample;
    prev.forEach((value, i) => {
      const x0 = (sample[i]! - s * alpha(s) * output[i]!) / alpha(s);
      const expected = ((t * alpha(t)) / (s * alpha(s))) * Math.exp(-h) * sample[i]! + alpha(t) * (1 - Math.exp(-2 * h)) * x0 + t * alpha(t) * Math.sqrt(1 - Math.exp(-2 * h)) * noise[i]!;
      expect(value).toBeCloseTo(expected, 4);
    });
  });

  it('second step adds the midpoint correction ½α_t(1 − e^{-2h})·(m0 − m1)/r0, and the last returns x0', () => {
    const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'dpm++2m-sde' });
    scheduler.setTimesteps(4);
    const rng = new FixedNoise(noise);
    const first = scheduler.step(output, 0, sample, rng);
    const output2 = Float32Array.of(-0.3, 0.1, 0.4);
    const second = scheduler.step(output2, 1, first.prevSample, rng).prevSample;
    const [s1, s0, t] = [trainSigmas[801]!, trainSigmas[601]!, trainSigmas[401]!];
    const h = lambda(t) - lambda(s0);
    const r0 = (lambda(s0) - lambda(s1)) / h;
    second.forEach((value, i) => {
      const x = first.prevSample[i]!;
      const m0 = (x - s0 * alpha(s0) * output2[i]!) / alpha(s0);
      const m1 = first.predOriginalSample![i]!;
      const d0 = alpha(t) * (1 - Math.exp(-2 * h));
      const expected = ((t * alpha(t)) / (s0 * alpha(s0))) * Math.exp(-h) * x + d0 * m0 + 0.5 * d0 * ((m0 - m1) / r0) + t * alpha(t) * Math.sqrt(1 - Math.exp(-2 * h)) * noise[i]!;
      expect(value).toBeCloseTo(expected, 4);
    });
    const third = scheduler.step(output, 2, second, rng);
    const last = scheduler.step(output, 3, third.prevSample, rng);
    expect(Array.from(last.prevSample)).toEqual(Array.from(last.predOriginalSample!));
  });
});

describe('UniPCMultistepScheduler (bh2, order 2)', () => {
  const alpha = (s: number) => 1 / Math.sqrt(s * s + 1);
  const lambda = (s: number) => Math.log(alpha(s)) - Math.log(s * alpha(s));
  const x0Of = (x: number, eps: number, s: number) => (x - s * alpha(s) * eps) / alpha(s);

  it('spaces timesteps like DPM-Solver and takes a first-order step first', () => {
    const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'unipc' });
    scheduler.setTimesteps(4);
    expect(scheduler.timesteps).toEqual([801, 601, 401, 201]);
    expect(createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, _class_name: 'UniPCMultistepScheduler' }).name).toBe('unipc');
    const [s, t] = [trainSigmas[801]!, trainSigmas[601]!];
    const h = lambda(t) - lambda(s);
    const prev = scheduler.step(output, 0, sample).prevSample;
    prev.forEach((value, i) => expect(value).toBeCloseTo(((t * alpha(t)) / (s * alpha(s))) * sample[i]! - alpha(t) * Math.expm1(-h) * x0Of(sample[i]!, output[i]!, s), 4));
  });

  it('corrects the previous step with the new x0 (trapezoid, ρ = ½), then predicts with the DPM++ 2M midpoint step', () => {
    const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'unipc' });
    scheduler.setTimesteps(4);
    const first = scheduler.step(output, 0, sample).prevSample;
    const output2 = Float32Array.of(-0.3, 0.1, 0.4);
    const second = scheduler.step(output2, 1, first).prevSample;
    const [s0, s1, s2] = [trainSigmas[801]!, trainSigmas[601]!, trainSigmas[401]!];
    const h1 = lambda(s1) - lambda(s0);
    const h2 = lambda(s2) - lambda(s1);
    const r0 = (lambda(s1) - lambda(s0)) / h2;
    second.forEach((value, i) => {
      const m0 = x0Of(sample[i]!, output[i]!, s0);
      const m1 = x0Of(first[i]!, output2[i]!, s1);
      // UniC: redo the step s0 → s1 with ½(m1 − m0) added; m1 is read from the uncorrected sample.
      const corrected = ((s1 * alpha(s1)) / (s0 * alpha(s0))) * sample[i]! - alpha(s1) * Math.expm1(-h1) * m0 - alpha(s1) * Math.expm1(-h1) * 0.5 * (m1 - m0);
      // UniP order 2 from the corrected sample: the DPM++ 2M midpoint update.
      const d0 = -alpha(s2) * Math.expm1(-h2);
      const expected = ((s2 * alpha(s2)) / (s1 * alpha(s1))) * corrected + d0 * m1 + 0.5 * d0 * ((m1 - m0) / r0);
      expect(value).toBeCloseTo(expected, 4);
    });
  });
});

describe('LCMScheduler', () => {
  it('takes timesteps from the 50-step distillation grid', () => {
    const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'lcm' });
    scheduler.setTimesteps(4);
    expect(scheduler.timesteps).toEqual([999, 759, 499, 259]);
    scheduler.setTimesteps(8);
    expect(scheduler.timesteps).toEqual([999, 879, 759, 639, 499, 379, 259, 139]);
    scheduler.setTimesteps(1);
    expect(scheduler.timesteps).toEqual([999]);
    expect(() => scheduler.setTimesteps(51)).toThrow(/LCM takes 1..50 inference steps \(original_inference_steps\), got 51/);
    expect(createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, _class_name: 'LCMScheduler' }).name).toBe('lcm');
  });

  it('applies the boundary condition and re-noises to the next timestep; the last step returns the denoised sample', () => {
    const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'lcm' });
    scheduler.setTimesteps(4);
    const boundary = (t: number) => [0.25 / ((10 * t) ** 2 + 0.25), (10 * t) / Math.sqrt((10 * t) ** 2 + 0.25)] as const;
    const denoised = (t: number, i: number) => {
      const x0 = (sample[i]! - Math.sqrt(1 - ac[t]!) * output[i]!) / Math.sqrt(ac[t]!);
      const [cSkip, cOut] = boundary(t);
      return cOut * x0 + cSkip * sample[i]!;
    };
    const prev = scheduler.step(output, 0, sample, new FixedNoise(noise)).prevSample;
    prev.forEach((value, i) => expect(value).toBeCloseTo(Math.sqrt(ac[759]!) * denoised(999, i) + Math.sqrt(1 - ac[759]!) * noise[i]!, 4));
    const rng = new FixedNoise(noise);
    const last = scheduler.step(output, 3, sample, rng).prevSample;
    expect(rng.drawn).toBe(0);
    last.forEach((value, i) => expect(value).toBeCloseTo(denoised(259, i), 5));
  });
});
