/**
 * A tiny but complete Optimum SDXL export folder: model_index.json, scheduler config, both tokenizers,
 * both text encoders, the UNet (perfect denoiser, see unet-model.ts), the VAE decoder and encoder, each with
 * its config.json. Architecture-fixed sizes (768/1280 hidden, 2048 cross-attention, 1280 pooled,
 * 6 time ids, 77 tokens) are SDXL's own, so the folder passes the real SDXL contracts; only the image
 * size is tiny. Every output is predictable with fixture-weights.ts and expected-image.ts.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SaveOptions } from '@geneava/core/onnx';
import { SDXL_VAE_SCALING_FACTOR } from './expected-image.js';
import { sdxlFixtureWeights, type SdxlFixtureWeights } from './fixture-weights.js';
import { writeFixtureTextEncoder } from './text-encoder-models.js';
import { writeClipTokenizer, type TokenizerFileForm } from './tokenizer-files.js';
import { writeFixtureUnet, type SdxlGeneration } from './unet-model.js';
import { writeFixtureVaeDecoder } from './vae-decoder-model.js';
import { writeFixtureVaeEncoder, type VaeEncoderOutput } from './vae-encoder-model.js';

export type SdxlFixturePrecision = 'fp32' | 'fp16';

export interface SdxlFixtureOptions {
  /** 'old': Optimum <= 1.23 (int32 text_encoder ids, int64 [steps] timestep); 'new': >= 1.24 (int64 ids, float scalar timestep). */
  readonly generation?: SdxlGeneration;
  readonly precision?: SdxlFixturePrecision;
  /** Weights of the UNet (and of text_encoder_2 in fp32, as in real exports) in model.onnx_data. Default true. */
  readonly externalData?: boolean;
  /** Latent size the UNet denoises towards; the image is 8× larger. Default 3 × 4 (image 24 × 32). */
  readonly latentHeight?: number;
  readonly latentWidth?: number;
  /** Default: the precision of the rest. */
  readonly vaePrecision?: SdxlFixturePrecision;
  /** The VAE produces NaN, as SDXL's VAE does when it overflows in float16. */
  readonly vaeOverflow?: boolean;
  /** Written into vae_decoder/config.json; undefined writes no scaling_factor. Default 0.13025. */
  readonly vaeScalingFactor?: number | undefined;
  readonly forceZerosForEmptyPrompt?: boolean;
  readonly tokenizerFiles?: TokenizerFileForm;
  /** Scheduler class written into scheduler_config.json. Default EulerDiscreteScheduler. */
  readonly scheduler?: string;
  /**
   * The exact text of scheduler/scheduler_config.json (e.g. DIFFUSERS_DPM_SCHEDULER_CONFIG_TEXT, which is
   * not strict JSON); replaces the SDXL base config written for `scheduler`.
   */
  readonly schedulerConfigText?: string;
  /** vae_encoder/ (img2img) with this output, or none. Default 'latent_parameters' (Optimum 1.1x and later). */
  readonly vaeEncoder?: VaeEncoderOutput | 'none';
  /**
   * The SDXL refiner's layout: no text_encoder/ or tokenizer/, model_index.json of
   * StableDiffusionXLImg2ImgPipeline with requires_aesthetics_score true and force_zeros_for_empty_prompt
   * false (as stabilityai/stable-diffusion-xl-refiner-1.0 has), a UNet with 1280-wide
   * encoder_hidden_states and 5 time ids.
   */
  readonly refiner?: boolean;
  /** See UnetModelOptions.timestepCond: a guidance-distilled UNet's `timestep_cond` size. */
  readonly timestepCond?: number;
  /** See UnetModelOptions.noiseScale; default 1 (perfect denoiser). */
  readonly noiseScale?: number;
}

export interface SdxlFixture {
  readonly dir: string;
  readonly generation: SdxlGeneration;
  readonly precision: SdxlFixturePrecision;
  readonly weights: SdxlFixtureWeights;
  /** The image size the fixture UNet accepts. */
  readonly width: number;
  readonly height: number;
  readonly scalingFactor: number;
}

/** scheduler/scheduler_config.json of SDXL base 1.0. */
export function sdxlSchedulerConfig(className = 'EulerDiscreteScheduler'): Record<string, unknown> {
  return {
    _class_name: className,
    _diffusers_version: '0.19.0.dev0',
    beta_end: 0.012,
    beta_schedule: 'scaled_linear',
    beta_start: 0.00085,
    clip_sample: false,
    interpolation_type: 'linear',
    num_train_timesteps: 1000,
    prediction_type: 'epsilon',
    sample_max_value: 1.0,
    set_alpha_to_one: false,
    skip_prk_steps: true,
    steps_offset: 1,
    timestep_spacing: 'leading',
    trained_betas: null,
    use_karras_sigmas: false,
  };
}

function modelIndex(forceZeros: boolean, scheduler: string, refiner: boolean): Record<string, unknown> {
  return {
    _class_name: refiner ? 'StableDiffusionXLImg2ImgPipeline' : 'StableDiffusionXLPipeline',
    _diffusers_version: '0.19.0.dev0',
    force_zeros_for_empty_prompt: forceZeros,
    ...(refiner ? { requires_aesthetics_score: true } : {}),
    scheduler: ['diffusers', scheduler],
    text_encoder: refiner ? [null, null] : ['transformers', 'CLIPTextModel'],
    text_encoder_2: ['transformers', 'CLIPTextModelWithProjection'],
    tokenizer: refiner ? [null, null] : ['transformers', 'CLIPTokenizer'],
    tokenizer_2: ['transformers', 'CLIPTokenizer'],
    unet: ['diffusers', 'UNet2DConditionModel'],
    vae: ['diffusers', 'AutoencoderKL'],
  };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, json(value));
}

export async function buildSdxlFixture(dir: string, options: SdxlFixtureOptions = {}): Promise<SdxlFixture> {
  const generation = options.generation ?? 'new';
  const precision = options.precision ?? 'fp32';
  const externalData = options.externalData ?? true;
  const refiner = options.refiner ?? false;
  const weights = sdxlFixtureWeights(options.latentHeight ?? 3, options.latentWidth ?? 4, { refiner });
  const floatType = precision === 'fp16' ? 'float16' : 'float32';
  const scheduler = options.scheduler ?? 'EulerDiscreteScheduler';
  const scalingFactor = 'vaeScalingFactor' in options ? options.vaeScalingFactor : SDXL_VAE_SCALING_FACTOR;
  const external: SaveOptions = externalData ? { externalData: { location: 'model.onnx_data', sizeThreshold: 64 } } : {};

  for (const sub of ['scheduler', 'text_encoder_2', 'unet', 'vae_decoder', ...(refiner ? [] : ['text_encoder'])]) await mkdir(join(dir, sub), { recursive: true });
  await writeJson(join(dir, 'model_index.json'), modelIndex(options.forceZerosForEmptyPrompt ?? !refiner, scheduler, refiner));
  if (options.schedulerConfigText !== undefined) await writeFile(join(dir, 'scheduler', 'scheduler_config.json'), options.schedulerConfigText);
  else await writeJson(join(dir, 'scheduler', 'scheduler_config.json'), sdxlSchedulerConfig(scheduler));
  const tokenizerForm = options.tokenizerFiles ?? 'vocab+merges';
  if (!refiner) await writeClipTokenizer(join(dir, 'tokenizer'), '<|endoftext|>', tokenizerForm);
  await writeClipTokenizer(join(dir, 'tokenizer_2'), '!', tokenizerForm);

  if (!refiner) {
    await writeFixtureTextEncoder(join(dir, 'text_encoder', 'model.onnx'), {
      idsType: generation === 'old' ? 'int32' : 'int64',
      floatType,
      weights: weights.textEncoder,
    });
    await writeJson(join(dir, 'text_encoder', 'config.json'), { architectures: ['CLIPTextModel'], hidden_size: 768, num_hidden_layers: 12, max_position_embeddings: 77 });
  }
  await writeFixtureTextEncoder(join(dir, 'text_encoder_2', 'model.onnx'), {
    idsType: 'int64',
    floatType,
    weights: weights.textEncoder2,
    withProjection: { pooledOffset: weights.textEncoder2.pooledOffset },
    save: precision === 'fp32' ? external : {},
  });
  await writeJson(join(dir, 'text_encoder_2', 'config.json'), { architectures: ['CLIPTextModelWithProjection'], hidden_size: 1280, num_hidden_layers: 32, projection_dim: 1280 });
  await writeFixtureUnet(join(dir, 'unet', 'model.onnx'), { generation, floatType, weights, noiseScale: options.noiseScale ?? 1, ...(options.timestepCond !== undefined ? { timestepCond: options.timestepCond } : {}), save: external });
  await writeJson(join(dir, 'unet', 'config.json'), { _class_name: 'UNet2DConditionModel', in_channels: 4, out_channels: 4, cross_attention_dim: refiner ? 1280 : 2048, addition_time_embed_dim: 256, projection_class_embeddings_input_dim: refiner ? 2560 : 2816 });
  await writeFixtureVaeDecoder(join(dir, 'vae_decoder', 'model.onnx'), {
    floatType: (options.vaePrecision ?? precision) === 'fp16' ? 'float16' : 'float32',
    weights,
    overflow: options.vaeOverflow ?? false,
  });
  const vaeEncoder = options.vaeEncoder ?? 'latent_parameters';
  if (vaeEncoder !== 'none') {
    await mkdir(join(dir, 'vae_encoder'), { recursive: true });
    await writeFixtureVaeEncoder(join(dir, 'vae_encoder', 'model.onnx'), { floatType: (options.vaePrecision ?? precision) === 'fp16' ? 'float16' : 'float32', weights, output: vaeEncoder });
    await writeJson(join(dir, 'vae_encoder', 'config.json'), {
      _class_name: 'AutoencoderKL',
      latent_channels: 4,
      in_channels: 3,
      ...(scalingFactor === undefined ? {} : { scaling_factor: scalingFactor }),
    });
  }
  await writeJson(join(dir, 'vae_decoder', 'config.json'), {
    _class_name: 'AutoencoderKL',
    latent_channels: 4,
    out_channels: 3,
    ...(scalingFactor === undefined ? {} : { scaling_factor: scalingFactor }),
  });

  return {
    dir,
    generation,
    precision,
    weights,
    width: weights.latentWidth * 8,
    height: weights.latentHeight * 8,
    scalingFactor: scalingFactor ?? SDXL_VAE_SCALING_FACTOR,
  };
}
