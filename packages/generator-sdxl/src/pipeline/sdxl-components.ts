/**
 * The named parts an SdxlPipeline is built from, as diffusers' `StableDiffusionXLPipeline(**components)`:
 * tokenizers, text encoders, UNet, VAE decoder (and optional encoder), scheduler and the pipeline's
 * settings. Loading a folder produces them; users may build them otherwise (sessions of their own, a
 * UNet shared between pipelines, another scheduler) and pass them in. Each part is checked against the
 * IO contract of its role before the pipeline accepts it, so a swapped part fails at construction, not
 * in the middle of a run.
 */
import { assertContract, type OnnxSession } from '@geneava/core/onnx';
import { SDXL_BASE_DIMS, SDXL_REFINER_DIMS, sdxlContracts, type SdxlDims, vaeEncoderContract } from '../models/contracts.js';
import { createScheduler, type Scheduler, type SchedulerName } from '../schedulers/index.js';
import type { ClipTokenizer } from '../tokenizer/index.js';
import { SdxlComponentError } from './errors.js';
import { LazySession } from './lazy-session.js';
import { SDXL_VAE_SCALING_FACTOR } from './pipeline-settings.js';
import type { SdxlModels } from './sdxl-models.js';

/**
 * The pipeline's scheduler: a diffusers scheduler config (the contents of scheduler_config.json) and
 * the sampler to run it as (default: the config's `_class_name`). The pipeline configures a fresh
 * scheduler from it for every batch, because multistep schedulers keep state between steps.
 */
export interface SdxlSchedulerComponent {
  readonly config: Readonly<Record<string, unknown>>;
  readonly name?: SchedulerName;
}

/** The settings diffusers keeps in model_index.json and the VAE config. */
export interface SdxlPipelineConfig {
  /** An absent negative prompt means zero conditioning (model_index.json force_zeros_for_empty_prompt). Default true. */
  readonly forceZerosForEmptyPrompt?: boolean;
  /** The VAE's latent scaling factor. Default 0.13025 (SDXL's VAE). */
  readonly vaeScalingFactor?: number;
  /** The refiner's time ids end in an aesthetic score (model_index.json requires_aesthetics_score). Default false. */
  readonly requiresAestheticsScore?: boolean;
  /** Architecture sizes the models must have. Default: SDXL base 1.0, or the refiner with requiresAestheticsScore. */
  readonly dims?: SdxlDims;
}

export interface SdxlComponents {
  /** Absent in the refiner, which conditions on text_encoder_2 alone. */
  readonly tokenizer?: ClipTokenizer;
  readonly tokenizer2: ClipTokenizer;
  /** Absent in the refiner. */
  readonly textEncoder?: OnnxSession;
  readonly textEncoder2: OnnxSession;
  readonly unet: OnnxSession;
  readonly vaeDecoder: OnnxSession;
  /** Needed only by image-to-image requests; a LazySession opens on the first one. */
  readonly vaeEncoder?: OnnxSession | LazySession;
  readonly scheduler: SdxlSchedulerComponent;
  readonly config?: SdxlPipelineConfig;
}

/** The components with every default filled in, as the pipeline runs them. */
export interface ResolvedSdxlComponents extends Omit<SdxlComponents, 'config'> {
  readonly forceZerosForEmptyPrompt: boolean;
  readonly vaeScalingFactor: number;
  readonly requiresAestheticsScore: boolean;
  readonly dims: SdxlDims;
}

/** Checks every component against its role and fills in the defaults; throws SdxlComponentError or ModelContractError. */
export function resolveComponents(components: SdxlComponents): ResolvedSdxlComponents {
  const config = components.config ?? {};
  const requiresAestheticsScore = config.requiresAestheticsScore ?? false;
  const dims = config.dims ?? (requiresAestheticsScore ? SDXL_REFINER_DIMS : SDXL_BASE_DIMS);
  const vaeScalingFactor = config.vaeScalingFactor ?? SDXL_VAE_SCALING_FACTOR;
  if (!(vaeScalingFactor > 0) || !Number.isFinite(vaeScalingFactor)) throw new SdxlComponentError('config', `vaeScalingFactor must be a positive number, got ${vaeScalingFactor}`);

  const contracts = sdxlContracts(dims);
  const checkSession = (role: string, session: OnnxSession, contract: (typeof contracts)[keyof typeof contracts]) => assertContract(contract, session, `${role} (${session.label})`);
  if (dims.refiner) {
    if (components.tokenizer || components.textEncoder) throw new SdxlComponentError('tokenizer/textEncoder', 'the refiner conditions on text_encoder_2 alone; leave tokenizer and textEncoder out');
  } else {
    if (!components.tokenizer) throw new SdxlComponentError('tokenizer', 'is missing (SDXL base reads the prompt with two tokenizers)');
    if (!components.textEncoder) throw new SdxlComponentError('textEncoder', 'is missing (SDXL base reads the prompt with two text encoders)');
    checkSession('textEncoder', components.textEncoder, contracts.text_encoder);
  }
  checkSession('textEncoder2', components.textEncoder2, contracts.text_encoder_2);
  checkSession('unet', components.unet, contracts.unet);
  checkSession('vaeDecoder', components.vaeDecoder, contracts.vae_decoder);
  if (components.vaeEncoder && !(components.vaeEncoder instanceof LazySession)) {
    assertContract(vaeEncoderContract(dims), components.vaeEncoder, `vaeEncoder (${components.vaeEncoder.label})`);
  }
  checkScheduler(components.scheduler);
  const { config: _config, ...parts } = components;
  return {
    ...parts,
    forceZerosForEmptyPrompt: config.forceZerosForEmptyPrompt ?? true,
    vaeScalingFactor,
    requiresAestheticsScore,
    dims,
  };
}

/**
 * Configures the scheduler once to check it (an unsupported class, a bad value), and, when it replaces
 * another, that it has as many training timesteps: the UNet was trained on that range, and a
 * scheduler of another would feed it timesteps it never saw.
 */
export function checkScheduler(scheduler: SdxlSchedulerComponent, replacing?: SdxlSchedulerComponent): Scheduler {
  let configured: Scheduler;
  try {
    configured = createScheduler(scheduler.config, scheduler.name ? { name: scheduler.name } : {});
  } catch (error) {
    throw new SdxlComponentError('scheduler', (error as Error).message);
  }
  if (replacing) {
    const current = createScheduler(replacing.config, replacing.name ? { name: replacing.name } : {});
    if (current.numTrainTimesteps !== configured.numTrainTimesteps) {
      throw new SdxlComponentError(
        'scheduler',
        `has num_train_timesteps ${configured.numTrainTimesteps}, but the UNet's scheduler has ${current.numTrainTimesteps}; configure the new one from the pipeline's scheduler config`,
      );
    }
  }
  return configured;
}

/** The components of a loaded export folder. */
export function componentsOfModels(models: SdxlModels): SdxlComponents {
  return {
    ...(models.tokenizer ? { tokenizer: models.tokenizer } : {}),
    tokenizer2: models.tokenizer2,
    ...(models.textEncoder ? { textEncoder: models.textEncoder } : {}),
    textEncoder2: models.textEncoder2,
    unet: models.unet,
    vaeDecoder: models.vaeDecoder,
    ...(models.vaeEncoder ? { vaeEncoder: models.vaeEncoder } : {}),
    scheduler: { config: models.settings.schedulerConfig },
    config: {
      forceZerosForEmptyPrompt: models.settings.forceZerosForEmptyPrompt,
      vaeScalingFactor: models.settings.vaeScalingFactor,
      requiresAestheticsScore: models.settings.requiresAestheticsScore,
      dims: models.dims,
    },
  };
}
