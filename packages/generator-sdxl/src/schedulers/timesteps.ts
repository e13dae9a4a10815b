/**
 * Inference timesteps for each spacing ("linspace", "leading", "trailing": table 2 of "Common Diffusion
 * Noise Schedules and Sample Steps are Flawed"), copied from each diffusers class because they differ:
 * Euler keeps unrounded float32 values for "linspace", DDIM rounds to integers, and DPM-Solver builds an
 * n+1 grid and drops its last point (so its "leading" timesteps differ from Euler's: 961, 929, ... for 30).
 */
import type { SchedulerConfigReader } from './config-reader.js';
import { arange, linspace, roundHalfEven } from './numpy-like.js';

export const TIMESTEP_SPACINGS = ['leading', 'linspace', 'trailing'] as const;
export type TimestepSpacing = (typeof TIMESTEP_SPACINGS)[number];

export interface SpacingConfig {
  readonly numTrainTimesteps: number;
  readonly timestepSpacing: TimestepSpacing;
  readonly stepsOffset: number;
}

/** `spacingDefault` is the class default: "linspace" for Euler and DPM-Solver, "leading" for DDIM. */
export function readSpacingConfig(
  reader: SchedulerConfigReader,
  numTrainTimesteps: number,
  spacingDefault: TimestepSpacing,
): SpacingConfig {
  return {
    numTrainTimesteps,
    timestepSpacing: reader.oneOf('timestep_spacing', TIMESTEP_SPACINGS, spacingDefault),
    stepsOffset: reader.number('steps_offset', 0, { integer: true, min: 0 }),
  };
}

/** Leading spacing shared by Euler and DDIM: multiples of T // n from 0, descending, plus steps_offset. */
function leading(config: SpacingConfig, count: number): number[] {
  const ratio = Math.floor(config.numTrainTimesteps / count);
  return Array.from({ length: count }, (_, i) => (count - 1 - i) * ratio + config.stepsOffset);
}

/** np.arange(T, 0, -T/n).round() - 1, the trailing spacing of Euler and DDIM. */
function trailing(start: number, config: SpacingConfig, count: number): number[] {
  return arange(start, 0, -config.numTrainTimesteps / count).map((t) => roundHalfEven(t) - 1);
}

/** EulerDiscreteScheduler: float32 timesteps. */
export function eulerTimesteps(config: SpacingConfig, count: number): number[] {
  switch (config.timestepSpacing) {
    case 'linspace':
      return linspace(0, config.numTrainTimesteps - 1, count).map(Math.fround).reverse();
    case 'leading':
      return leading(config, count);
    case 'trailing':
      return trailing(config.numTrainTimesteps, config, count);
  }
}

/** DDIMScheduler: integer timesteps. */
export function ddimTimesteps(config: SpacingConfig, count: number): number[] {
  switch (config.timestepSpacing) {
    case 'linspace':
      return linspace(0, config.numTrainTimesteps - 1, count).map(roundHalfEven).reverse();
    case 'leading':
      return leading(config, count);
    case 'trailing':
      return trailing(config.numTrainTimesteps, config, count);
  }
}

/**
 * DPMSolverMultistepScheduler: integer timesteps on an n+1 grid whose last point (0) is dropped.
 * `lastTimestep` is T minus the timesteps clipped by lambda_min_clipped (T when nothing is clipped).
 */
export function dpmTimesteps(config: SpacingConfig, count: number, lastTimestep: number): number[] {
  switch (config.timestepSpacing) {
    case 'linspace':
      return linspace(0, lastTimestep - 1, count + 1).map(roundHalfEven).reverse().slice(0, count);
    case 'leading': {
      const ratio = Math.floor(lastTimestep / (count + 1));
      return Array.from({ length: count }, (_, i) => (count - i) * ratio + config.stepsOffset);
    }
    case 'trailing':
      return trailing(lastTimestep, config, count);
  }
}

/** Throws unless `count` is a usable number of steps and the timesteps it gave strictly decrease. */
export function checkTimesteps(timesteps: readonly number[], count: number, config: SpacingConfig, source: string): void {
  const descending = timesteps.every((t, i) => i === 0 || t < timesteps[i - 1]);
  if (timesteps.length === 0 || !descending || timesteps.some((t) => t < 0)) {
    throw new RangeError(
      `${source}: ${count} inference steps do not give distinct timesteps with timestep_spacing "${config.timestepSpacing}" and ${config.numTrainTimesteps} training steps`,
    );
  }
}

export function checkStepCount(count: number, config: SpacingConfig): void {
  if (!Number.isInteger(count) || count < 1 || count > config.numTrainTimesteps) {
    throw new RangeError(`number of inference steps must be a whole number in 1..${config.numTrainTimesteps} (got ${count})`);
  }
}
