export { SchedulerConfigReader } from './config-reader.js';
export { createScheduler, loadScheduler, SCHEDULER_CLASSES, type CreateSchedulerOptions } from './create-scheduler.js';
export { DdimScheduler, readDdimConfig, type DdimConfig, type DdimOptions } from './ddim.js';
export {
  DpmSolverMultistepScheduler,
  readDpmSolverMultistepConfig,
  type DpmSolverMultistepConfig,
} from './dpm-solver-multistep.js';
export { EulerDiscreteScheduler, readEulerDiscreteConfig, type EulerDiscreteConfig } from './euler-discrete.js';
export { EulerAncestralDiscreteScheduler, readEulerAncestralConfig } from './euler-ancestral.js';
export { LcmScheduler, readLcmConfig, type LcmConfig } from './lcm.js';
export { readUniPcConfig, UniPcScheduler, type UniPcConfig } from './unipc.js';
export { karrasSigmas, sigmaToTimestep } from './karras.js';
export { BETA_SCHEDULES, noiseSchedule, readBetaConfig, type BetaConfig, type BetaSchedule, type NoiseSchedule } from './noise-schedule.js';
export {
  isSchedulerName,
  PREDICTION_TYPES,
  SCHEDULER_NAMES,
  type PredictionType,
  type Scheduler,
  type SchedulerName,
  type SchedulerStepResult,
} from './scheduler.js';
export { TIMESTEP_SPACINGS, type SpacingConfig, type TimestepSpacing } from './timesteps.js';
export { SDXL_BASE_SCHEDULER_CONFIG } from './sdxl-base-config.js';
export { parsePythonJson } from './python-json.js';
