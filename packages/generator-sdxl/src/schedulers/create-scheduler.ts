import { join } from 'node:path';
import { GeneavaError } from '@geneava/core/util';
import { SCHEDULER_CONFIG_FILE } from '../models/sdxl-layout.js';
import { SchedulerConfigReader } from './config-reader.js';
import { DdimScheduler, readDdimConfig } from './ddim.js';
import { DpmSolverMultistepScheduler, readDpmSolverMultistepConfig } from './dpm-solver-multistep.js';
import { EulerAncestralDiscreteScheduler, readEulerAncestralConfig } from './euler-ancestral.js';
import { EulerDiscreteScheduler, readEulerDiscreteConfig } from './euler-discrete.js';
import { LcmScheduler, readLcmConfig } from './lcm.js';
import { readUniPcConfig, UniPcScheduler } from './unipc.js';
import { readSchedulerConfigFile } from './read-scheduler-config.js';
import { type Scheduler, SCHEDULER_NAMES, type SchedulerName } from './scheduler.js';

/** The diffusers classes this package implements, by the `_class_name` a scheduler_config.json records. */
export const SCHEDULER_CLASSES: Readonly<Record<string, SchedulerName>> = {
  EulerDiscreteScheduler: 'euler',
  EulerAncestralDiscreteScheduler: 'euler-a',
  DDIMScheduler: 'ddim',
  DPMSolverMultistepScheduler: 'dpm++2m',
  UniPCMultistepScheduler: 'unipc',
  LCMScheduler: 'lcm',
};

export interface CreateSchedulerOptions {
  /**
   * Use this sampler instead of the config's `_class_name`, configured from the same file (betas,
   * spacing, steps_offset, prediction type), as diffusers' `Other.from_config(scheduler.config)` does.
   * A name fixes what it says whatever the config holds: "dpm++2m" is DPM-Solver++ of order 2 without
   * Karras sigmas, "dpm++2m-sde-karras" the SDE variant with them, "euler" Euler without them.
   * By class (no name), the config's own use_karras_sigmas, algorithm_type and solver_order apply.
   */
  readonly name?: SchedulerName;
  /** How errors name the config; defaults to scheduler/scheduler_config.json. */
  readonly source?: string;
  /** DDIM's eta (0 unless given): the weight of the noise added at each step. */
  readonly eta?: number;
}

/** A scheduler configured from the contents of a diffusers scheduler_config.json. */
export function createScheduler(config: object, options: CreateSchedulerOptions = {}): Scheduler {
  const source = options.source ?? SCHEDULER_CONFIG_FILE;
  const reader = new SchedulerConfigReader(config, source);
  const name = options.name ?? nameFromClass(reader);
  if (options.eta !== undefined && name !== 'ddim' && options.eta !== 0) {
    throw new GeneavaError(`eta ${options.eta} applies to the DDIM scheduler only (the scheduler is ${name})`, 'usage');
  }
  const byName = options.name !== undefined;
  switch (name) {
    case 'euler':
    case 'euler-karras':
      return new EulerDiscreteScheduler(readEulerDiscreteConfig(reader, byName ? { useKarrasSigmas: name === 'euler-karras' } : {}), source);
    case 'euler-a':
      return new EulerAncestralDiscreteScheduler(readEulerAncestralConfig(reader), source);
    case 'ddim':
      return new DdimScheduler(readDdimConfig(reader), options.eta === undefined ? {} : { eta: options.eta }, source);
    case 'dpm++2m':
    case 'dpm++2m-karras':
    case 'dpm++2m-sde':
    case 'dpm++2m-sde-karras':
      return new DpmSolverMultistepScheduler(
        readDpmSolverMultistepConfig(
          reader,
          byName ? { solverOrder: 2, algorithmType: name.includes('sde') ? 'sde-dpmsolver++' : 'dpmsolver++', useKarrasSigmas: name.endsWith('karras') } : {},
        ),
        source,
      );
    case 'unipc':
      return new UniPcScheduler(readUniPcConfig(reader), source);
    case 'lcm':
      return new LcmScheduler(readLcmConfig(reader), source);
  }
}

/** Reads `<modelFolder>/scheduler/scheduler_config.json` and builds its scheduler (see createScheduler). */
export async function loadScheduler(
  modelFolder: string,
  options: Omit<CreateSchedulerOptions, 'source'> = {},
): Promise<Scheduler> {
  const path = join(modelFolder, SCHEDULER_CONFIG_FILE);
  const config = await readSchedulerConfigFile(path);
  if (!config.ok) {
    const advice = config.message === 'missing' ? ' (an SDXL folder has its scheduler settings there)' : '';
    throw new GeneavaError(`${path}: ${config.message}${advice}`, 'scheduler-config');
  }
  return createScheduler(config.value, { ...options, source: path });
}

function nameFromClass(reader: SchedulerConfigReader): SchedulerName {
  const className = reader.string('_class_name');
  const choices = `${Object.keys(SCHEDULER_CLASSES).join(', ')}; or pick one of ${SCHEDULER_NAMES.join(', ')} by name`;
  if (className === undefined) throw reader.keyError('_class_name', `is missing (expected one of ${choices})`);
  const name = SCHEDULER_CLASSES[className];
  if (!name) throw reader.keyError('_class_name', `is "${className}", which is not supported (expected ${choices})`);
  return name;
}
