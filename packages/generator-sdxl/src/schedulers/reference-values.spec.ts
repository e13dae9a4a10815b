import { createScheduler } from './create-scheduler.js';
import { noiseSchedule, readBetaConfig } from './noise-schedule.js';
import { SchedulerConfigReader } from './config-reader.js';
import { SDXL_BASE_SCHEDULER_CONFIG } from './sdxl-base-config.js';
import { roundHalfEven, linspace, arange, interpAtPositions } from './numpy-like.js';

// Reference values: the SDXL interface reference (section 2.2, numpy float32), plus further entries of
// the same numpy computation where noted.

function expectClose(actual: readonly number[], expected: readonly number[], tolerance: number): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => {
    if (Math.abs(value - expected[i]!) > tolerance) {
      throw new Error(`entry ${i}: ${value} is not within ${tolerance} of ${expected[i]}`);
    }
  });
}

describe('numpy-like helpers', () => {
  it('rounds halves to even like numpy', () => {
    expect([0.5, 1.5, 2.5, 62.5, 937.5, 812.5, -0.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, 62, 938, 812, 0, 2, 3]);
  });

  it('builds linspace with an exact endpoint and arange with numpy length rule', () => {
    expect(linspace(0, 999, 4)).toEqual([0, 333, 666, 999]);
    expect(linspace(5, 9, 1)).toEqual([5]);
    expect(arange(1000, 0, -250)).toEqual([1000, 750, 500, 250]);
    expect(arange(1000, 0, -1000 / 3)).toHaveLength(3);
  });

  it('interpolates at fractional positions and clamps outside the table', () => {
    const table = [10, 20, 40];
    expect(interpAtPositions(0.25, table)).toBeCloseTo(12.5, 12);
    expect(interpAtPositions(1.5, table)).toBeCloseTo(30, 12);
    expect(interpAtPositions(-3, table)).toBe(10);
    expect(interpAtPositions(7, table)).toBe(40);
  });
});

describe('SDXL base noise schedule', () => {
  const schedule = noiseSchedule(readBetaConfig(new SchedulerConfigReader(SDXL_BASE_SCHEDULER_CONFIG, 'test')));

  it('has the scaled_linear betas and cumulative alphas of the reference', () => {
    expect(schedule.betas[0]).toBeCloseTo(0.00085, 8);
    expect(schedule.betas[999]).toBeCloseTo(0.012, 8);
    expect(schedule.alphasCumprod[0]).toBeCloseTo(0.99915, 6);
    expect(schedule.alphasCumprod[999]).toBeCloseTo(0.0046601, 6);
  });
});

describe('EulerDiscreteScheduler with the SDXL base config', () => {
  it('gives the reference timesteps, sigmas and initial noise sigma for 30 steps', () => {
    const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG);
    scheduler.setTimesteps(30);
    expect(scheduler.timesteps).toEqual(Array.from({ length: 30 }, (_, i) => 958 - 33 * i));
    expect(scheduler.timesteps.slice(0, 4)).toEqual([958, 925, 892, 859]);
    expect(scheduler.timesteps.at(-1)).toBe(1);
    const sigmas = scheduler.sigmas!;
    expect(sigmas).toHaveLength(31);
    expectClose(sigmas.slice(0, 3), [11.47686, 9.54359, 8.00432], 1e-4);
    expectClose(sigmas.slice(-2), [0.041314, 0], 1e-5);
    // Entry 15 (t = 463) from the same numpy computation.
    expect(sigmas[15]).toBeCloseTo(1.4315608, 4);
    expect(scheduler.initNoiseSigma).toBeCloseTo(11.52034, 4);
  });

  it('gives the reference values for 4 steps', () => {
    const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG);
    scheduler.setTimesteps(4);
    expect(scheduler.timesteps).toEqual([751, 501, 251, 1]);
    expectClose(scheduler.sigmas!, [4.1167, 1.62369, 0.6984, 0.04131, 0], 1e-4);
    expect(scheduler.initNoiseSigma).toBeCloseTo(4.236415, 5);
  });

  it('uses max sigma (not sqrt(max² + 1)) as initial noise sigma for linspace and trailing spacing', () => {
    for (const spacing of ['linspace', 'trailing'] as const) {
      const scheduler = createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, timestep_spacing: spacing });
      scheduler.setTimesteps(10);
      expect(scheduler.initNoiseSigma).toBe(Math.max(...scheduler.sigmas!));
    }
  });

  it('spaces linspace timesteps without rounding and trailing ones with numpy rounding', () => {
    const linspaced = createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, timestep_spacing: 'linspace' });
    linspaced.setTimesteps(4);
    expect(linspaced.timesteps).toEqual([999, 666, 333, 0]);
    linspaced.setTimesteps(3);
    expect(linspaced.timesteps).toEqual([999, 499.5, 0]);
    const trailing = createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, timestep_spacing: 'trailing' });
    // 1000 - 62.5k rounds half to even: 937.5 -> 938, 812.5 -> 812.
    trailing.setTimesteps(16);
    expect(trailing.timesteps.slice(0, 4)).toEqual([999, 937, 874, 811]);
    trailing.setTimesteps(4);
    expect(trailing.timesteps).toEqual([999, 749, 499, 249]);
  });
});

describe('DDIMScheduler and DPMSolverMultistepScheduler from the SDXL base config', () => {
  it('DDIM uses the same leading timesteps as Euler and unit initial noise', () => {
    const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'ddim' });
    scheduler.setTimesteps(30);
    expect(scheduler.timesteps).toEqual(Array.from({ length: 30 }, (_, i) => 958 - 33 * i));
    expect(scheduler.initNoiseSigma).toBe(1);
    expect(scheduler.sigmas).toBeUndefined();
  });

  it('DPM++ 2M spaces "leading" on an n+1 grid: 961, 929, ... 33 for 30 steps', () => {
    const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'dpm++2m' });
    scheduler.setTimesteps(30);
    expect(scheduler.timesteps).toEqual(Array.from({ length: 30 }, (_, i) => 961 - 32 * i));
    expect(scheduler.initNoiseSigma).toBe(1);
    const sigmas = scheduler.sigmas!;
    // numpy float32: interp at t = 961 and t = 33, then the final 0.
    expect(sigmas[0]).toBeCloseTo(11.676058, 4);
    expect(sigmas[29]).toBeCloseTo(0.17925863, 5);
    expect(sigmas[30]).toBe(0);
    scheduler.setTimesteps(4);
    expect(scheduler.timesteps).toEqual([801, 601, 401, 201]);
    expectClose(scheduler.sigmas!, [5.134435, 2.2928548, 1.1682165, 0.57405055, 0], 1e-4);
  });

  it('DPM++ 2M linspace spacing drops the last point of an n+1 grid', () => {
    const scheduler = createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, timestep_spacing: 'linspace' }, { name: 'dpm++2m' });
    scheduler.setTimesteps(4);
    // linspace(0, 999, 5) = 0, 249.75, 499.5, 749.25, 999 -> rounded half to even, reversed, last dropped.
    expect(scheduler.timesteps).toEqual([999, 749, 500, 250]);
  });
});
