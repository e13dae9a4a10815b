/**
 * IO contracts of the four ONNX models of an Optimum SDXL export that text-to-image needs.
 *
 * Names are stable across Optimum versions; dtypes and ranks are not (Optimum <= 1.23 exports int32
 * text_encoder input_ids and an int64 [1] timestep, >= 1.24 int64 ids and a float scalar timestep), so
 * the contracts accept both and the folder check reports which generation a folder is.
 * Symbolic dims (batch_size, sequence_length, height, ...) are the exporter's dynamic axes and match
 * any size; numbers are fixed by the model architecture and must match exactly.
 */
import { tensor, type ModelIoContract, type OnnxDType, type TensorSpec } from '@geneava/core/onnx';

/** Architecture sizes the contracts fix. SDXL base 1.0 is the default; tiny test models pass their own. */
export interface SdxlDims {
  /** Latent channels of the UNet sample and the VAE latent (4). */
  readonly latentChannels: number;
  /** Channels of the decoded image (3). */
  readonly imageChannels: number;
  /** text_encoder (CLIP ViT-L/14) hidden size (768) and transformer layers (12). */
  readonly textEncoderHidden: number;
  readonly textEncoderLayers: number;
  /** text_encoder_2 (OpenCLIP bigG) hidden size (1280) and transformer layers (32). */
  readonly textEncoder2Hidden: number;
  readonly textEncoder2Layers: number;
  /** Pooled text_embeds size fed to the UNet (1280). */
  readonly pooledDim: number;
  /** time_ids length: 6 for the base model, 5 for the refiner (original size, crop, aesthetic score). */
  readonly timeIdsLength: number;
  /**
   * The SDXL refiner: text_encoder_2 (and tokenizer_2) only, so encoder_hidden_states is 1280 wide, and
   * time_ids carry an aesthetic score instead of the target size.
   */
  readonly refiner?: boolean;
}

export const SDXL_BASE_DIMS: SdxlDims = {
  latentChannels: 4,
  imageChannels: 3,
  textEncoderHidden: 768,
  textEncoderLayers: 12,
  textEncoder2Hidden: 1280,
  textEncoder2Layers: 32,
  pooledDim: 1280,
  timeIdsLength: 6,
};

/** stabilityai/stable-diffusion-xl-refiner-1.0: no text_encoder, 5 time ids. */
export const SDXL_REFINER_DIMS: SdxlDims = { ...SDXL_BASE_DIMS, timeIdsLength: 5, refiner: true };

/** Width of the UNet's encoder_hidden_states: both encoders' hidden states, or text_encoder_2's alone (refiner). */
export function crossAttentionDim(dims: SdxlDims): number {
  return (dims.refiner ? 0 : dims.textEncoderHidden) + dims.textEncoder2Hidden;
}

/** The model folders a folder of these dims has (the refiner has no text_encoder). */
export function sdxlComponentsOf(dims: SdxlDims): readonly SdxlComponent[] {
  return dims.refiner ? SDXL_COMPONENTS.filter((component) => component !== 'text_encoder') : SDXL_COMPONENTS;
}

/** Float IO is float32, or float16 for an export made with `--dtype fp16`. */
export const SDXL_FLOAT_DTYPES: readonly OnnxDType[] = ['float32', 'float16'];

export type SdxlComponent = 'text_encoder' | 'text_encoder_2' | 'unet' | 'vae_decoder';
export const SDXL_COMPONENTS: readonly SdxlComponent[] = ['text_encoder', 'text_encoder_2', 'unet', 'vae_decoder'];

export type SdxlContracts = Readonly<Record<SdxlComponent, ModelIoContract>>;

const EXPORT_HINT =
  'use the folder written by `optimum-cli export onnx --model stabilityai/stable-diffusion-xl-base-1.0 DIR` ' +
  '(add `--dtype fp16` for half precision)';

/**
 * The hidden state SDXL conditions on is the penultimate entry of the encoder's hidden-state tuple
 * (num_layers + 1 entries): hidden_states.11 for text_encoder, hidden_states.31 for text_encoder_2.
 */
export function penultimateHiddenState(layers: number): string {
  return `hidden_states.${layers - 1}`;
}

/**
 * The hidden state diffusers' SDXL pipeline reads with `clip_skip` k: hidden_states[-(k + 2)], i.e.
 * hidden_states.<layers − 1 − k> (k = 0 or absent: the penultimate one).
 */
export function hiddenStateForClipSkip(layers: number, clipSkip = 0): string {
  if (!Number.isInteger(clipSkip) || clipSkip < 0 || clipSkip > layers - 1) {
    throw new RangeError(`clip skip must be a whole number in 0..${layers - 1} (got ${clipSkip})`);
  }
  return `hidden_states.${layers - 1 - clipSkip}`;
}

/** hidden_states.0 .. hidden_states.<layers>; only the penultimate one is required. */
function hiddenStates(layers: number, hidden: number): TensorSpec[] {
  const required = penultimateHiddenState(layers);
  const specs: TensorSpec[] = [];
  for (let i = 0; i <= layers; i++) {
    const spec = tensor(`hidden_states.${i}`, SDXL_FLOAT_DTYPES, ['batch_size', 'sequence_length', hidden]);
    specs.push(spec.name === required ? spec : { ...spec, optional: true });
  }
  return specs;
}

export function sdxlContracts(dims: SdxlDims = SDXL_BASE_DIMS): SdxlContracts {
  const textEncoder: ModelIoContract = {
    model: 'SDXL text_encoder',
    inputs: [tensor('input_ids', ['int32', 'int64'], ['batch_size', 'sequence_length'])],
    outputs: [
      tensor('last_hidden_state', SDXL_FLOAT_DTYPES, ['batch_size', 'sequence_length', dims.textEncoderHidden]),
      // Unused by SDXL (the pooled embedding comes from text_encoder_2), so a file may lack it.
      { ...tensor('pooler_output', SDXL_FLOAT_DTYPES, ['batch_size', dims.textEncoderHidden]), optional: true },
      ...hiddenStates(dims.textEncoderLayers, dims.textEncoderHidden),
    ],
    hint: EXPORT_HINT,
  };

  const textEncoder2: ModelIoContract = {
    model: 'SDXL text_encoder_2',
    inputs: [tensor('input_ids', 'int64', ['batch_size', 'sequence_length'])],
    outputs: [
      // Optimum declares axis 1 of text_embeds dynamic (labelled "sequence_length") although it holds
      // the projection (pooledDim), so a real export shows a symbolic name there: accept any.
      tensor('text_embeds', SDXL_FLOAT_DTYPES, ['batch_size', '?']),
      tensor('last_hidden_state', SDXL_FLOAT_DTYPES, ['batch_size', 'sequence_length', dims.textEncoder2Hidden]),
      ...hiddenStates(dims.textEncoder2Layers, dims.textEncoder2Hidden),
    ],
    hint: EXPORT_HINT,
  };

  const unet: ModelIoContract = {
    model: 'SDXL unet',
    inputs: [
      tensor('sample', SDXL_FLOAT_DTYPES, ['batch_size', dims.latentChannels, 'height', 'width']),
      {
        name: 'timestep',
        forms: [
          // Optimum <= 1.23: one integer timestep per call, rank 1 ("steps" axis, fed as [1]).
          { dtypes: ['int64'], dims: ['steps'] },
          // Optimum >= 1.24: a scalar in the model's float dtype.
          { dtypes: SDXL_FLOAT_DTYPES, dims: [] },
        ],
      },
      tensor('encoder_hidden_states', SDXL_FLOAT_DTYPES, ['batch_size', 'sequence_length', crossAttentionDim(dims)]),
      tensor('text_embeds', SDXL_FLOAT_DTYPES, ['batch_size', dims.pooledDim]),
      tensor('time_ids', SDXL_FLOAT_DTYPES, ['batch_size', dims.timeIdsLength]),
      // Only in UNets distilled with guidance embedding (time_cond_proj_dim set, e.g. LCM-SDXL).
      { ...tensor('timestep_cond', SDXL_FLOAT_DTYPES, ['batch_size', 'time_cond_proj_dim']), optional: true },
    ],
    outputs: [tensor('out_sample', SDXL_FLOAT_DTYPES, ['batch_size', dims.latentChannels, 'height', 'width'])],
    hint: EXPORT_HINT,
  };

  const vaeDecoder: ModelIoContract = {
    model: 'SDXL vae_decoder',
    inputs: [
      tensor('latent_sample', SDXL_FLOAT_DTYPES, ['batch_size', dims.latentChannels, 'latent_height', 'latent_width']),
    ],
    outputs: [tensor('sample', SDXL_FLOAT_DTYPES, ['batch_size', dims.imageChannels, 'height', 'width'])],
    hint: EXPORT_HINT,
  };

  return { text_encoder: textEncoder, text_encoder_2: textEncoder2, unet, vae_decoder: vaeDecoder };
}

/** The contracts of SDXL base 1.0. */
export const SDXL_CONTRACTS: SdxlContracts = sdxlContracts();

/** The VAE encoder's file (img2img only: a text-to-image folder may lack it). */
export const VAE_ENCODER_FILE = 'vae_encoder/model.onnx';

/**
 * vae_encoder: `sample` [B, 3, H, W] in [-1, 1] → `latent_parameters` [B, 2·latent, H/8, W/8] (mean ‖ logvar
 * of the posterior; Optimum 1.1x and later) or `latent_sample` [B, latent, H/8, W/8] (the v1.10 era).
 * Each output is optional here; the folder check and the loader require one of them.
 */
export function vaeEncoderContract(dims: SdxlDims = SDXL_BASE_DIMS): ModelIoContract {
  return {
    model: 'SDXL vae_encoder',
    inputs: [tensor('sample', SDXL_FLOAT_DTYPES, ['batch_size', dims.imageChannels, 'height', 'width'])],
    outputs: [
      { ...tensor('latent_parameters', SDXL_FLOAT_DTYPES, ['batch_size', 2 * dims.latentChannels, 'latent_height', 'latent_width']), optional: true },
      { ...tensor('latent_sample', SDXL_FLOAT_DTYPES, ['batch_size', dims.latentChannels, 'latent_height', 'latent_width']), optional: true },
    ],
    hint: EXPORT_HINT,
  };
}

/** Which of its two possible outputs a vae_encoder has, or undefined when it has neither. */
export function vaeEncoderOutput(outputNames: readonly string[]): 'latent_parameters' | 'latent_sample' | undefined {
  if (outputNames.includes('latent_parameters')) return 'latent_parameters';
  if (outputNames.includes('latent_sample')) return 'latent_sample';
  return undefined;
}
