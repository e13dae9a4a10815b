import { gaussian, GaussianStream } from '../random/index.js';
import { createScheduler } from './create-scheduler.js';
import type { PredictionType, SchedulerName } from './scheduler.js';
import { SDXL_BASE_SCHEDULER_CONFIG } from './sdxl-base-config.js';

const LENGTH = 64;
const STEPS = 12;

/** A model output that changes every step, so multistep history matters. */
const outputAt = (k: number) => gaussian(LENGTH, 1000 + k).map((v) => v * 0.8);

const cases: [SchedulerName, PredictionType, Record<string, unknown>][] = [
  ['euler', 'epsilon', {}],
  ['euler', 'v_prediction', {}],
  ['ddim', 'epsilon', {}],
  ['ddim', 'sample', { clip_sample: true }],
  ['dpm++2m', 'epsilon', {}],
  ['dpm++2m', 'v_prediction', { solver_order: 3, algorithm_type: 'dpmsolver++' }],
  ['euler-a', 'epsilon', {}],
  ['euler-karras', 'epsilon', {}],
  ['dpm++2m-sde-karras', 'epsilon', {}],
  ['unipc', 'epsilon', {}],
  ['unipc', 'v_prediction', { solver_order: 3 }],
  ['lcm', 'epsilon', {}],
];

describe.each(cases)('%s (%s) stepInto', (name, prediction, extra) => {
  const make = () => {
    const config = { ...SDXL_BASE_SCHEDULER_CONFIG, ...extra, prediction_type: prediction };
    // solver_order 3 is the config's own DPM-Solver++; the "dpm++2m" name would force order 2.
    const byClass = name === 'unipc' ? 'UniPCMultistepScheduler' : 'DPMSolverMultistepScheduler';
    const scheduler = 'solver_order' in extra ? createScheduler({ ...config, _class_name: byClass }) : createScheduler(config, { name });
    scheduler.setTimesteps(STEPS);
    return scheduler;
  };

  it('gives step()’s samples bit for bit, stepping in place, over a whole run and a second one', () => {
    const reference = make();
    const inPlace = make();
    for (let run = 0; run < 2; run++) {
      let expected = gaussian(LENGTH, 7 + run);
      const latents = expected.slice();
      // Stochastic samplers draw their step noise from these; the same seed gives the same noise.
      const rngA = new GaussianStream(50 + run);
      const rngB = new GaussianStream(50 + run);
      for (let k = 0; k < STEPS; k++) {
        expected = reference.step(outputAt(k), k, expected, rngA).prevSample;
        expect(inPlace.stepInto(outputAt(k), k, latents, latents, rngB)).toBe(latents);
        expect(Array.from(latents)).toEqual(Array.from(expected));
      }
    }
  });

  it('scales the model input by modelInputScale', () => {
    const scheduler = make();
    const sample = gaussian(LENGTH, 3);
    for (const k of [0, 5, STEPS - 1]) {
      const factor = scheduler.modelInputScale(k);
      expect(Array.from(scheduler.scaleModelInput(sample, k))).toEqual(Array.from(sample, (v) => Math.fround(v * factor)));
    }
  });

  it('refuses an output buffer of another size', () => {
    expect(() => make().stepInto(outputAt(0), 0, new Float32Array(LENGTH), new Float32Array(LENGTH - 1))).toThrow(/output buffer has 63 values but the sample has 64/);
  });
});

describe('modelInputScale', () => {
  it('is 1/sqrt(σ²+1) for Euler and 1 for DDIM and DPM++', () => {
    const euler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'euler' });
    euler.setTimesteps(4);
    const sigma = euler.sigmas![1]!;
    expect(euler.modelInputScale(1)).toBe(1 / Math.sqrt(sigma * sigma + 1));
    for (const name of ['ddim', 'dpm++2m'] as const) {
      const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name });
      scheduler.setTimesteps(4);
      expect(scheduler.modelInputScale(2)).toBe(1);
    }
  });
});

describe('DPM++ stepInto', () => {
  it('leaves the x0 that step() returned to its caller untouched', () => {
    const scheduler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'dpm++2m' });
    scheduler.setTimesteps(STEPS);
    const latents = gaussian(LENGTH, 9);
    const first = scheduler.step(outputAt(0), 0, latents);
    const kept = Array.from(first.predOriginalSample!);
    let sample = first.prevSample;
    for (let k = 1; k < STEPS; k++) sample = scheduler.stepInto(outputAt(k), k, sample, sample);
    expect(Array.from(first.predOriginalSample!)).toEqual(kept);
  });
});
