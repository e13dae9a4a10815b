/**
 * The denoising loop (diffusers StableDiffusionXLPipeline.__call__), for a batch of images at once:
 *   latents = randn(seed of each image) · init_noise_sigma
 *   for each step i:  input = scale_model_input(latents, i), duplicated as [uncond, cond] with guidance
 *                     noise = unet(input, t_i, conditioning); guidance per image
 *                     latents = step(noise, i, latents)
 * Each image draws its noise from its own seeded stream, so its result does not depend on its batch.
 * Image-to-image starts from the encoded image noised to the level of a later step instead (img2img.ts)
 * and runs the schedule from that step on.
 */
import { GeneavaError } from '@geneava/core/util';
import type { OnnxSession, TensorFeed, TensorInfo } from '@geneava/core/onnx';
import { guidanceScaleEmbedding } from './guidance-embedding.js';
import { BatchGaussianStream } from '../random/index.js';
import type { Scheduler } from '../schedulers/index.js';
import type { LatentDistribution } from './vae-encode.js';
import type { UnetConditioning } from './conditioning.js';
import { img2imgLatents } from './img2img.js';
import { declaredInput, reusableFloatFeed, timestepFeed } from './model-feeds.js';
import { NoisePrediction } from './noise-prediction.js';
import { UnetSampleInput } from './unet-sample-input.js';

export interface DenoiseInput {
  readonly unet: OnnxSession;
  readonly timestepInput: TensorInfo;
  readonly scheduler: Scheduler;
  readonly conditioning: UnetConditioning;
  readonly seeds: readonly number[];
  /** Per image; with `guided` false the scales are not used. */
  readonly guidance: readonly number[];
  readonly guided: boolean;
  /** Per image guidance_rescale φ (used with guidance only). */
  readonly guidanceRescale?: readonly number[];
  /** [channels, height, width] of one image's latent. */
  readonly latentDims: readonly [number, number, number];
  /** Image-to-image: the init images' latent distribution and the step the run begins at. */
  readonly init?: { readonly distribution: LatentDistribution; readonly scalingFactor: number; readonly beginIndex: number };
  /** Refiner hand-off: continue from these latents ([images, ...latentDims]) as they are, at this step. */
  readonly handOff?: { readonly latents: Float32Array; readonly beginIndex: number };
  /** Stop before this step (the base's denoising_end); default: run to the end. */
  readonly endIndex?: number;
  readonly signal?: AbortSignal;
  readonly onStep?: (done: number, total: number) => void;
}

/**
 * The final latents, [images, channels, height, width] flat. The loop allocates nothing per step on the
 * host side: the UNet input, the guided noise and the latents each live in one buffer for the whole run
 * (the latents are stepped in place), and float16 conversion happens once per value where the buffers
 * are filled and read (see UnetSampleInput and NoisePrediction).
 */
export async function denoise(input: DenoiseInput): Promise<Float32Array> {
  const { scheduler, conditioning, latentDims } = input;
  const images = input.seeds.length;
  const perImage = latentDims[0] * latentDims[1] * latentDims[2];
  const noise = new BatchGaussianStream(input.seeds);
  const begin = input.init?.beginIndex ?? input.handOff?.beginIndex ?? 0;
  let latents: Float32Array;
  if (input.handOff) {
    if (input.handOff.latents.length !== images * perImage) {
      throw new RangeError(`hand-off latents hold ${input.handOff.latents.length} values, expected ${images} × ${perImage}`);
    }
    scheduler.setBeginIndex(begin);
    latents = input.handOff.latents.slice();
  } else if (input.init) {
    if (input.init.distribution.mean.length !== images * perImage) {
      throw new RangeError(`init latents hold ${input.init.distribution.mean.length} values, expected ${images} × ${perImage}`);
    }
    scheduler.setBeginIndex(begin);
    latents = img2imgLatents(input.init.distribution, input.init.scalingFactor, scheduler, begin, noise);
  } else {
    latents = noise.normals(images * perImage);
    const sigma = scheduler.initNoiseSigma;
    for (let i = 0; i < latents.length; i++) latents[i]! *= sigma;
  }

  const rows = input.guided ? 2 * images : images;
  const constant = (name: string, dims: readonly number[], data: Float32Array) => reusableFloatFeed(declaredInput(input.unet, name), dims, data);
  const hiddenStates = constant('encoder_hidden_states', [rows, conditioning.sequence, conditioning.hiddenSize], conditioning.encoderHiddenStates);
  const textEmbeds = constant('text_embeds', [rows, conditioning.pooledSize], conditioning.textEmbeds);
  const timeIds = constant('time_ids', [rows, conditioning.timeIds.length / rows], conditioning.timeIds);
  const timestepCond = timestepCondFeed(input, rows);
  const sample = new UnetSampleInput(declaredInput(input.unet, 'sample'), [rows, ...latentDims], input.guided ? 2 : 1);
  const prediction = new NoisePrediction(input.unet.label, images, perImage, input.guided ? input.guidance : undefined, input.guidanceRescale ?? []);
  const last = input.endIndex ?? scheduler.timesteps.length;
  const total = last - begin;

  for (let step = begin; step < last; step++) {
    input.signal?.throwIfAborted();
    const out = await input.unet.run(
      {
        sample: sample.fill(latents, scheduler.modelInputScale(step)),
        timestep: timestepFeed(input.timestepInput, scheduler.timesteps[step]!),
        encoder_hidden_states: hiddenStates,
        text_embeds: textEmbeds,
        time_ids: timeIds,
        ...(timestepCond ? { timestep_cond: timestepCond } : {}),
      },
      ['out_sample'],
      // float16 output stays as bits: NoisePrediction converts it while applying guidance.
      { keepFloat16: true },
    );
    scheduler.stepInto(prediction.read(out['out_sample']!), step, latents, latents, noise);
    input.onStep?.(step + 1 - begin, total);
  }
  return latents;
}

/** The guidance embedding rows of a UNet with a `timestep_cond` input (see guidance-embedding.ts). */
function timestepCondFeed(input: DenoiseInput, rows: number): TensorFeed | undefined {
  const info = input.unet.inputs.find((i) => i.name === 'timestep_cond');
  if (!info) return undefined;
  const dim = info.dims?.[1];
  if (typeof dim !== 'number') throw new GeneavaError(`${input.unet.label}: input 'timestep_cond' must declare its size (time_cond_proj_dim), found ${String(dim)}`, 'sdxl-model');
  const data = new Float32Array(rows * dim);
  for (let row = 0; row < rows; row++) data.set(guidanceScaleEmbedding(input.guidance[row % input.guidance.length]!, dim), row * dim);
  return reusableFloatFeed(info, [rows, dim], data);
}
