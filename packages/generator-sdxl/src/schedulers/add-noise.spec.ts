import { alphasCumprod } from '@geneava/testing';
import { createScheduler } from './create-scheduler.js';
import { SDXL_BASE_SCHEDULER_CONFIG } from './sdxl-base-config.js';

const ac = alphasCumprod();
const original = Float32Array.of(0.5, -1, 2);
const noise = Float32Array.of(1, 0.25, -0.5);

describe('add_noise at a step of the schedule (img2img start)', () => {
  it('Euler adds σ_i·noise without rescaling the original (σ_1 = 1.62369 of the 4-step reference)', () => {
    const euler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'euler' });
    euler.setTimesteps(4);
    const noisy = euler.addNoise(original, noise, 1);
    [0, 1, 2].forEach((i) => expect(noisy[i]).toBeCloseTo(original[i]! + 1.62369 * noise[i]!, 4));
  });

  it('DDIM and DPM-Solver blend sqrt(ᾱ_t)·x + sqrt(1 − ᾱ_t)·noise at their own timestep', () => {
    for (const [name, t] of [['ddim', 501], ['dpm++2m', 601]] as const) {
      const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name });
      scheduler.setTimesteps(4);
      expect(scheduler.timesteps[1]).toBe(t);
      const noisy = scheduler.addNoise(original, noise, 1);
      [0, 1, 2].forEach((i) => expect(noisy[i]).toBeCloseTo(Math.sqrt(ac[t]!) * original[i]! + Math.sqrt(1 - ac[t]!) * noise[i]!, 5));
    }
  });

  it('rejects a step outside the schedule and noise of another length', () => {
    const euler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'euler' });
    euler.setTimesteps(4);
    expect(() => euler.addNoise(original, noise, 4)).toThrow(/step index must be in 0..3 \(got 4\)/);
    expect(() => euler.addNoise(original, Float32Array.of(1), 0)).toThrow(/noise has 1 values but the sample has 3/);
  });
});

describe('set_begin_index', () => {
  it('DPM++ 2M starts a run at the begin index with a first-order step and no history', () => {
    const make = () => {
      const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'dpm++2m' });
      scheduler.setTimesteps(6);
      return scheduler;
    };
    const output = Float32Array.of(0.1, -0.2, 0.3);
    const full = make();
    full.step(output, 0, original);
    const withHistory = full.step(output, 1, original).prevSample;

    const started = make();
    started.setBeginIndex(1);
    expect(() => started.step(output, 2, original)).toThrow(/expected step 1, got 2/);
    const first = started.step(output, 1, original).prevSample;
    // A first-order step from σ_1 to σ_2, computed from the formula: x_t = (σ_t/σ_s)·x − α_t(e^{−h} − 1)·x0.
    const sigmas = started.sigmas!;
    const alpha = (s: number) => 1 / Math.sqrt(s * s + 1);
    const lambda = (s: number) => Math.log(alpha(s)) - Math.log(s * alpha(s));
    const [s, t] = [sigmas[1]!, sigmas[2]!];
    const h = lambda(t) - lambda(s);
    const x0 = Array.from(original, (x, i) => (x - s * alpha(s) * output[i]!) / alpha(s));
    x0.forEach((value, i) => expect(first[i]).toBeCloseTo(((t * alpha(t)) / (s * alpha(s))) * original[i]! - alpha(t) * (Math.exp(-h) - 1) * value, 5));
    // The run from step 0 had history at step 1, so it took a second-order step there instead.
    expect(Array.from(first)).not.toEqual(Array.from(withHistory));
    // Steps continue in order from the begin index.
    expect(() => started.step(output, 2, first)).not.toThrow();
  });
});
