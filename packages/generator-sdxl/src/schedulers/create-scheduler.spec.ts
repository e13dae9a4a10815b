import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScheduler, loadScheduler } from './create-scheduler.js';
import { DdimScheduler } from './ddim.js';
import { DpmSolverMultistepScheduler } from './dpm-solver-multistep.js';
import { EulerDiscreteScheduler } from './euler-discrete.js';
import { noiseSchedule, readBetaConfig } from './noise-schedule.js';
import { SchedulerConfigReader } from './config-reader.js';
import { parsePythonJson } from './python-json.js';
import { SDXL_BASE_SCHEDULER_CONFIG } from './sdxl-base-config.js';

const FILE = 'scheduler/scheduler_config.json';

describe('createScheduler', () => {
  it('picks the class named by _class_name and reads its keys', () => {
    const euler = createScheduler(SDXL_BASE_SCHEDULER_CONFIG);
    expect(euler).toBeInstanceOf(EulerDiscreteScheduler);
    expect(euler.name).toBe('euler');
    expect(euler.description).toBe('EulerDiscreteScheduler (leading spacing, epsilon)');
    const ddim = createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, _class_name: 'DDIMScheduler' });
    expect(ddim).toBeInstanceOf(DdimScheduler);
    const dpm = createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, _class_name: 'DPMSolverMultistepScheduler', solver_order: 3 });
    expect(dpm).toBeInstanceOf(DpmSolverMultistepScheduler);
    expect(dpm.description).toContain('order 3');
  });

  it('overrides the class by name, keeping the config betas and spacing', () => {
    const ddim = createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { name: 'ddim' }) as DdimScheduler;
    expect(ddim.config.clipSample).toBe(false);
    expect(ddim.config.setAlphaToOne).toBe(false);
    expect(ddim.config.spacing).toEqual({ numTrainTimesteps: 1000, timestepSpacing: 'leading', stepsOffset: 1 });
    expect(ddim.config.betas).toMatchObject({ betaSchedule: 'scaled_linear', betaStart: 0.00085, betaEnd: 0.012 });
    // "dpm++2m" by name is order 2 whatever the config says.
    const dpm = createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, solver_order: 3 }, { name: 'dpm++2m' }) as DpmSolverMultistepScheduler;
    expect(dpm.config.solverOrder).toBe(2);
    // A class this package lacks still works when a sampler is named.
    expect(createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, _class_name: 'PNDMScheduler' }, { name: 'euler' }).name).toBe('euler');
  });

  it('takes class defaults for absent keys, as from_config does', () => {
    const bare = createScheduler({ _class_name: 'EulerDiscreteScheduler' }) as EulerDiscreteScheduler;
    expect(bare.config.betas).toEqual({ numTrainTimesteps: 1000, betaSchedule: 'linear', betaStart: 0.0001, betaEnd: 0.02 });
    expect(bare.config.spacing.timestepSpacing).toBe('linspace');
    const ddim = createScheduler({ _class_name: 'DDIMScheduler' }) as DdimScheduler;
    expect(ddim.config.clipSample).toBe(true);
    expect(ddim.config.setAlphaToOne).toBe(true);
    expect(ddim.config.spacing.timestepSpacing).toBe('leading');
  });

  it('supports trained_betas and the cosine schedule', () => {
    const betas = Array.from({ length: 10 }, (_, i) => 0.01 * (i + 1));
    const scheduler = createScheduler({ _class_name: 'DDIMScheduler', num_train_timesteps: 10, trained_betas: betas });
    scheduler.setTimesteps(2);
    expect(scheduler.timesteps).toEqual([5, 0]);
    expect(() => createScheduler({ _class_name: 'DDIMScheduler', trained_betas: betas })).toThrow(
      `${FILE}: "trained_betas" has 10 values but num_train_timesteps is 1000`,
    );
    const cosine = createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, beta_schedule: 'squaredcos_cap_v2' });
    cosine.setTimesteps(4);
    // ᾱ(t) = cos²((t/T + 0.008)/1.008 · π/2), so σ at t = 751 is sqrt((1-ᾱ)/ᾱ) of that product.
    const alphaBar = (x: number) => Math.cos(((x + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    const cumprod = alphaBar(752 / 1000) / alphaBar(0);
    expect(cosine.sigmas![0]).toBeCloseTo(Math.sqrt((1 - cumprod) / cumprod), 3);
  });

  it('names the file and key of every config problem', () => {
    const { _class_name: _dropped, ...noClass } = SDXL_BASE_SCHEDULER_CONFIG;
    expect(() => createScheduler(noClass)).toThrow(
      /^scheduler\/scheduler_config\.json: "_class_name" is missing \(expected one of EulerDiscreteScheduler, EulerAncestralDiscreteScheduler, DDIMScheduler, DPMSolverMultistepScheduler, UniPCMultistepScheduler, LCMScheduler; or pick one of euler, euler-karras, euler-a, ddim, dpm\+\+2m, dpm\+\+2m-karras, dpm\+\+2m-sde, dpm\+\+2m-sde-karras, unipc, lcm by name\)$/,
    );
    expect(() => createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, _class_name: 'PNDMScheduler' })).toThrow(
      `${FILE}: "_class_name" is "PNDMScheduler", which is not supported`,
    );
    expect(() => createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, beta_schedule: 'quadratic' })).toThrow(
      `${FILE}: "beta_schedule" must be one of "linear", "scaled_linear", "squaredcos_cap_v2" (found "quadratic")`,
    );
    expect(() => createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, beta_start: '0.00085' })).toThrow(
      `${FILE}: "beta_start" must be a number (found "0.00085")`,
    );
    expect(() => createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, steps_offset: 1.5 })).toThrow(
      `${FILE}: "steps_offset" must be a whole number (found 1.5)`,
    );
    expect(() => createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, use_exponential_sigmas: true })).toThrow(
      `${FILE}: "use_exponential_sigmas" is true, but exponential sigmas is not supported (set it to false)`,
    );
    expect(() => createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, use_karras_sigmas: 'yes' })).toThrow(`${FILE}: "use_karras_sigmas" must be true or false (found "yes")`);
    expect(() => createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, prediction_type: 'flow' })).toThrow(/"prediction_type" must be one of/);
    expect(() => createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, timestep_spacing: 'uniform' }, { name: 'ddim' })).toThrow(
      /"timestep_spacing" must be one of "leading", "linspace", "trailing"/,
    );
    expect(() => createScheduler({ ...SDXL_BASE_SCHEDULER_CONFIG, clip_sample: 'no' }, { name: 'ddim' })).toThrow(
      `${FILE}: "clip_sample" must be true or false (found "no")`,
    );
    expect(() => createScheduler({ _class_name: 'DPMSolverMultistepScheduler', algorithm_type: 'dpmsolver' })).toThrow(
      /"algorithm_type" must be one of "dpmsolver\+\+", "sde-dpmsolver\+\+", "deis"/,
    );
    expect(() => createScheduler({ _class_name: 'DPMSolverMultistepScheduler', algorithm_type: 'sde-dpmsolver++', solver_order: 3 })).toThrow(
      `${FILE}: "solver_order" is 3, but the SDE variant (sde-dpmsolver++) has orders 1 and 2 only`,
    );
    expect(() => createScheduler([] as unknown as object)).toThrow(`${FILE}: must hold a JSON object`);
    expect(() => createScheduler(SDXL_BASE_SCHEDULER_CONFIG, { eta: 0.5 })).toThrow(/eta 0.5 applies to the DDIM scheduler only/);
  });
});

describe('lambda_min_clipped', () => {
  it('leaves out the last training timesteps whose λ is below the clip (DPM-Solver)', () => {
    const config = { ...SDXL_BASE_SCHEDULER_CONFIG, _class_name: 'DPMSolverMultistepScheduler', timestep_spacing: 'linspace', lambda_min_clipped: -2.5 };
    const { alphasCumprod } = noiseSchedule(readBetaConfig(new SchedulerConfigReader(config, 'test')));
    // λ_t = log sqrt(ᾱ) - log sqrt(1 - ᾱ) falls with t, so the clipped timesteps are the last ones.
    const clipped = Array.from(alphasCumprod).filter((ac) => 0.5 * Math.log(ac / (1 - ac)) < -2.5).length;
    expect(clipped).toBeGreaterThan(0);
    const scheduler = createScheduler(config);
    scheduler.setTimesteps(10);
    expect(scheduler.timesteps[0]).toBe(1000 - clipped - 1);
    const unclipped = createScheduler({ ...config, lambda_min_clipped: -Infinity });
    unclipped.setTimesteps(10);
    expect(unclipped.timesteps[0]).toBe(999);
  });
});

describe('parsePythonJson', () => {
  it('reads the Infinity, -Infinity and NaN that Python writes, but not inside strings', () => {
    expect(parsePythonJson('{"a": -Infinity, "b": Infinity, "c": NaN, "d": "NaN -Infinity \\" Infinity"}')).toEqual({
      a: -Infinity,
      b: Infinity,
      c: null,
      d: 'NaN -Infinity " Infinity',
    });
  });
});

describe('loadScheduler', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'scheduler-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reads scheduler/scheduler_config.json of a model folder', async () => {
    const folder = join(root, 'model');
    await mkdir(join(folder, 'scheduler'), { recursive: true });
    await writeFile(join(folder, 'scheduler', 'scheduler_config.json'), JSON.stringify(SDXL_BASE_SCHEDULER_CONFIG));
    const scheduler = await loadScheduler(folder, { name: 'dpm++2m' });
    expect(scheduler.name).toBe('dpm++2m');
    // diffusers writes lambda_min_clipped = -inf as a bare -Infinity.
    await writeFile(
      join(folder, 'scheduler', 'scheduler_config.json'),
      '{"_class_name": "DPMSolverMultistepScheduler", "lambda_min_clipped": -Infinity, "solver_order": 2}',
    );
    const dpm = (await loadScheduler(folder)) as DpmSolverMultistepScheduler;
    expect(dpm.config.lambdaMinClipped).toBe(-Infinity);
  });

  it('names the file that is missing, unreadable JSON, or wrong', async () => {
    const missing = join(root, 'empty');
    await expect(loadScheduler(missing)).rejects.toThrow(`${join(missing, FILE)}: missing (an SDXL folder has its scheduler settings there)`);
    const broken = join(root, 'broken');
    await mkdir(join(broken, 'scheduler'), { recursive: true });
    await writeFile(join(broken, FILE), '{ "_class_name": ');
    await expect(loadScheduler(broken)).rejects.toThrow(`${join(broken, FILE)}: is not valid JSON`);
    await writeFile(join(broken, FILE), JSON.stringify({ _class_name: 'EulerDiscreteScheduler', num_train_timesteps: 0 }));
    await expect(loadScheduler(broken)).rejects.toThrow(`${join(broken, FILE)}: "num_train_timesteps" must be at least 2 (found 0)`);
  });
});
