/**
 * The settings a diffusers pipeline takes from the export folder besides the models: whether an absent
 * negative prompt means zero conditioning (model_index.json force_zeros_for_empty_prompt, true for
 * SDXL base and the pipeline default), the VAE's latent scaling factor (vae_decoder/config.json
 * scaling_factor, 0.13025 for SDXL's VAE) and the scheduler config.
 */
import { join } from 'node:path';
import { isFile, readJsonObject } from '@geneava/core/model-check';
import { MODEL_INDEX_FILE, SCHEDULER_CONFIG_FILE } from '../models/sdxl-layout.js';
import { readSchedulerConfigFile } from '../schedulers/read-scheduler-config.js';
import { SdxlSettingsError } from './errors.js';

export const SDXL_VAE_SCALING_FACTOR = 0.13025;
export const VAE_CONFIG_FILE = 'vae_decoder/config.json';

export interface PipelineSettings {
  readonly forceZerosForEmptyPrompt: boolean;
  readonly vaeScalingFactor: number;
  /** Where the scaling factor came from: the config file, or the SDXL default when the file has none. */
  readonly vaeScalingSource: string;
  readonly schedulerConfig: Readonly<Record<string, unknown>>;
  /** model_index.json requires_aesthetics_score: the refiner (time ids end in an aesthetic score). */
  readonly requiresAestheticsScore: boolean;
}

export async function readPipelineSettings(dir: string): Promise<PipelineSettings> {
  const index = await readJsonObject(join(dir, MODEL_INDEX_FILE));
  if (!index.ok) throw new SdxlSettingsError(join(dir, MODEL_INDEX_FILE), index.message);
  const forceZeros = index.value['force_zeros_for_empty_prompt'] ?? true;
  if (typeof forceZeros !== 'boolean') {
    throw new SdxlSettingsError(join(dir, MODEL_INDEX_FILE), `force_zeros_for_empty_prompt must be true or false, found ${JSON.stringify(forceZeros)}`);
  }

  const aesthetics = index.value['requires_aesthetics_score'] ?? false;
  if (typeof aesthetics !== 'boolean') {
    throw new SdxlSettingsError(join(dir, MODEL_INDEX_FILE), `requires_aesthetics_score must be true or false, found ${JSON.stringify(aesthetics)}`);
  }

  const scheduler = await readSchedulerConfigFile(join(dir, SCHEDULER_CONFIG_FILE));
  if (!scheduler.ok) throw new SdxlSettingsError(join(dir, SCHEDULER_CONFIG_FILE), scheduler.message);

  let vaeScalingFactor = SDXL_VAE_SCALING_FACTOR;
  let vaeScalingSource = `SDXL default (${VAE_CONFIG_FILE} absent)`;
  const vaeConfigPath = join(dir, VAE_CONFIG_FILE);
  if (await isFile(vaeConfigPath)) {
    const config = await readJsonObject(vaeConfigPath);
    if (!config.ok) throw new SdxlSettingsError(vaeConfigPath, config.message);
    const factor = config.value['scaling_factor'];
    if (factor === undefined) vaeScalingSource = `SDXL default (${VAE_CONFIG_FILE} has no scaling_factor)`;
    else if (typeof factor !== 'number' || !(factor > 0)) {
      throw new SdxlSettingsError(vaeConfigPath, `scaling_factor must be a positive number, found ${JSON.stringify(factor)}`);
    } else {
      vaeScalingFactor = factor;
      vaeScalingSource = VAE_CONFIG_FILE;
    }
  }
  return { forceZerosForEmptyPrompt: forceZeros, vaeScalingFactor, vaeScalingSource, schedulerConfig: scheduler.value, requiresAestheticsScore: aesthetics };
}
