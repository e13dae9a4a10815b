/**
 * One image to generate, checked before any model runs, and how requests are grouped into batches:
 * consecutive requests that share size, steps, scheduler and whether guidance is on run together (up
 * to the batch size); prompts, seeds and guidance scales may differ within a batch.
 */
import type { RgbImage } from '@geneava/core/contracts';
import { SCHEDULER_CLASSES, createScheduler, isSchedulerName, SCHEDULER_NAMES, type Scheduler, type SchedulerName } from '../schedulers/index.js';
import { SdxlRequestError } from './errors.js';
import type { CropTopLeft, ImageSize, SizeConditioning } from './conditioning.js';
import { usesGuidance } from './guidance.js';
import { img2imgBeginIndex, SDXL_IMG2IMG_DEFAULT_STRENGTH } from './img2img.js';

export interface SdxlImageRequest {
  /** Names the image in progress events, errors and provenance. */
  readonly id: string;
  readonly prompt: string;
  /** Absent: zero negative conditioning (force_zeros_for_empty_prompt) or an encoded ""; see conditioning.ts. */
  readonly negativePrompt?: string;
  /** The prompt for tokenizer_2 / text_encoder_2 (diffusers' prompt_2); default: the prompt. */
  readonly prompt2?: string;
  /** The negative prompt for text_encoder_2 (negative_prompt_2); default: the negative prompt. */
  readonly negativePrompt2?: string;
  /** Use hidden_states[-(clipSkip + 2)] of both text encoders (diffusers' clip_skip); default 0. */
  readonly clipSkip?: number;
  /** diffusers' guidance_rescale φ in [0, 1] (Lin et al. 2023, section 3.4); default 0 (off). */
  readonly guidanceRescale?: number;
  /** SDXL size conditioning (diffusers' original_size, crops_coords_top_left, target_size); default: the image size, (0, 0). */
  readonly originalSize?: ImageSize;
  readonly cropTopLeft?: CropTopLeft;
  readonly targetSize?: ImageSize;
  /** Size conditioning of the negative rows; give original and target size together (default: the positive one). */
  readonly negativeOriginalSize?: ImageSize;
  readonly negativeCropTopLeft?: CropTopLeft;
  readonly negativeTargetSize?: ImageSize;
  /** 0..4294967295; the same seed gives the same image, batched or not. */
  readonly seed: number;
  /** Multiples of 8 (the VAE's scale factor). */
  readonly width: number;
  readonly height: number;
  readonly steps: number;
  /** Classifier-free guidance scale; above 1 turns guidance on (SDXL default 5). */
  readonly guidance: number;
  /** "euler", "ddim", "dpm++2m", a diffusers class name, or "default"/absent for the folder's scheduler. */
  readonly scheduler?: string;
  /** DDIM's eta (weight of the noise added at each step; default 0). Only with the DDIM scheduler. */
  readonly eta?: number;
  /** The refiner's aesthetic score conditioning (diffusers' aesthetic_score 6, negative_aesthetic_score 2.5). */
  readonly aestheticScore?: number;
  readonly negativeAestheticScore?: number;
  /** Stop early, at this fraction of the schedule, and hand the latents to a refiner (diffusers' denoising_end). */
  readonly denoisingEnd?: number;
  /** Refiner: take over at this fraction of the schedule from `initLatents` (diffusers' denoising_start). */
  readonly denoisingStart?: number;
  /** Refiner: the base's latents ([4, height/8, width/8]) to continue from, with denoisingStart. */
  readonly initLatents?: Float32Array;
  /** Image-to-image: the image to start from, width × height like the request (needs vae_encoder/). */
  readonly initImage?: RgbImage;
  /** How much of the schedule img2img runs, in (0, 1] (diffusers' strength; default 0.3). */
  readonly strength?: number;
}

export const SDXL_DEFAULT_GUIDANCE = 5;
export const VAE_SCALE_FACTOR = 8;
const DEFAULT_SCHEDULER_NAMES = new Set(['', 'default']);

/** The scheduler name a request asks for; undefined means the folder's own class. */
export function requestedScheduler(value: string | undefined): SchedulerName | undefined {
  if (value === undefined || DEFAULT_SCHEDULER_NAMES.has(value)) return undefined;
  if (isSchedulerName(value)) return value;
  const byClass = SCHEDULER_CLASSES[value];
  if (byClass) return byClass;
  throw new Error(`unknown scheduler "${value}" (use ${SCHEDULER_NAMES.join(', ')}, default, or one of ${Object.keys(SCHEDULER_CLASSES).join(', ')})`);
}

export interface CheckedRequest {
  readonly request: SdxlImageRequest;
  readonly schedulerName: SchedulerName | undefined;
  /** Same key: may share a batch. */
  readonly batchKey: string;
  /** Image-to-image strength (the request's, or the default); absent for text-to-image. */
  readonly strength?: number;
}

/**
 * Checks a request; the scheduler is configured once here so a bad step count fails before any model runs.
 * `defaultScheduler` is the sampler for requests that name none (default: the config's class).
 */
export function checkRequest(request: SdxlImageRequest, schedulerConfig: object, defaultScheduler?: SchedulerName): CheckedRequest {
  const fail = (problem: string) => new SdxlRequestError(request.id, problem);
  for (const [name, value] of [['width', request.width], ['height', request.height]] as const) {
    if (!Number.isInteger(value) || value < VAE_SCALE_FACTOR || value % VAE_SCALE_FACTOR !== 0) {
      throw fail(`${name} ${value} must be a positive multiple of ${VAE_SCALE_FACTOR}`);
    }
  }
  if (!Number.isInteger(request.seed) || request.seed < 0 || request.seed > 0xffffffff) throw fail(`seed ${request.seed} must be an integer in 0..4294967295`);
  if (!Number.isInteger(request.steps) || request.steps < 1) throw fail(`steps ${request.steps} must be a positive integer`);
  if (!Number.isFinite(request.guidance)) throw fail(`guidance ${request.guidance} must be a finite number`);
  const strength = checkInitImage(request, fail);
  checkConditioningOptions(request, fail);
  checkHandOff(request, fail);
  let schedulerName: SchedulerName | undefined;
  try {
    schedulerName = requestedScheduler(request.scheduler);
    schedulerFor(schedulerConfig, schedulerName ?? defaultScheduler, request.steps, request.eta);
    if (strength !== undefined) img2imgBeginIndex(request.steps, strength);
  } catch (error) {
    throw fail((error as Error).message);
  }
  const batchKey = [
    request.width,
    request.height,
    request.steps,
    schedulerName ?? 'default',
    request.eta ?? 0,
    usesGuidance(request.guidance),
    strength ?? 'text',
    request.clipSkip ?? 0,
    request.denoisingEnd ?? 1,
    request.denoisingStart ?? 0,
  ].join('|');
  return { request, schedulerName, batchKey, ...(strength !== undefined ? { strength } : {}) };
}

/** denoising_end / denoising_start: fractions in (0, 1), the start with the base's latents of this size. */
function checkHandOff(request: SdxlImageRequest, fail: (problem: string) => Error): void {
  for (const [name, value] of [['denoising end', request.denoisingEnd], ['denoising start', request.denoisingStart]] as const) {
    if (value !== undefined && !(value > 0 && value < 1)) throw fail(`${name} ${value} must be a fraction strictly between 0 and 1`);
  }
  if (request.denoisingStart !== undefined && request.denoisingEnd !== undefined && request.denoisingStart >= request.denoisingEnd) {
    throw fail(`denoising start ${request.denoisingStart} must be below denoising end ${request.denoisingEnd}`);
  }
  if ((request.denoisingStart === undefined) !== (request.initLatents === undefined)) {
    throw fail('denoising start and init latents go together (a refiner continues from the latents of a base run stopped at denoising end)');
  }
  if (request.initLatents && request.initImage) throw fail('give init latents (refiner hand-off) or an init image (image-to-image), not both');
  const expected = 4 * (request.width / 8) * (request.height / 8);
  if (request.initLatents && request.initLatents.length !== expected) {
    throw fail(`init latents hold ${request.initLatents.length} values, expected 4 × ${request.height / 8} × ${request.width / 8} = ${expected}`);
  }
  for (const [name, value] of [['aesthetic score', request.aestheticScore], ['negative aesthetic score', request.negativeAestheticScore]] as const) {
    if (value !== undefined && !Number.isFinite(value)) throw fail(`${name} ${value} must be a number`);
  }
}

function checkConditioningOptions(request: SdxlImageRequest, fail: (problem: string) => Error): void {
  if (request.clipSkip !== undefined && !(Number.isInteger(request.clipSkip) && request.clipSkip >= 0)) {
    throw fail(`clip skip ${request.clipSkip} must be a whole number of at least 0`);
  }
  const rescale = request.guidanceRescale;
  if (rescale !== undefined && !(rescale >= 0 && rescale <= 1)) throw fail(`guidance rescale ${rescale} must be in 0..1`);
  const size = (name: string, value: ImageSize | undefined) => {
    if (value && !(Number.isInteger(value.width) && Number.isInteger(value.height) && value.width > 0 && value.height > 0)) {
      throw fail(`${name} ${value.width}x${value.height} must be positive whole numbers`);
    }
  };
  const crop = (name: string, value: CropTopLeft | undefined) => {
    if (value && !(Number.isInteger(value.top) && Number.isInteger(value.left) && value.top >= 0 && value.left >= 0)) {
      throw fail(`${name} (${value.top}, ${value.left}) must be whole numbers of at least 0`);
    }
  };
  size('original size', request.originalSize);
  size('target size', request.targetSize);
  size('negative original size', request.negativeOriginalSize);
  size('negative target size', request.negativeTargetSize);
  crop('crop top-left', request.cropTopLeft);
  crop('negative crop top-left', request.negativeCropTopLeft);
  if ((request.negativeOriginalSize === undefined) !== (request.negativeTargetSize === undefined)) {
    // diffusers uses the negative size conditioning only when both are given, and ignores one alone.
    throw fail('negative original size and negative target size go together (give both, or neither)');
  }
  if (request.negativeCropTopLeft && !request.negativeOriginalSize) throw fail('a negative crop top-left needs the negative original and target size');
}

/** The size conditioning of a request's positive rows and, when given, of its negative rows. */
export function sizeConditioning(request: SdxlImageRequest): { readonly size: SizeConditioning; readonly negativeSize?: SizeConditioning } {
  const own = { width: request.width, height: request.height };
  const size = { originalSize: request.originalSize ?? own, cropTopLeft: request.cropTopLeft ?? { top: 0, left: 0 }, targetSize: request.targetSize ?? own };
  if (!request.negativeOriginalSize || !request.negativeTargetSize) return { size };
  return {
    size,
    negativeSize: { originalSize: request.negativeOriginalSize, cropTopLeft: request.negativeCropTopLeft ?? { top: 0, left: 0 }, targetSize: request.negativeTargetSize },
  };
}

/** The strength of an img2img request (undefined for text-to-image), after checking its init image. */
function checkInitImage(request: SdxlImageRequest, fail: (problem: string) => Error): number | undefined {
  const image = request.initImage;
  if (!image) {
    if (request.strength !== undefined) throw fail(`strength ${request.strength} needs an init image (image-to-image)`);
    return undefined;
  }
  if (image.width !== request.width || image.height !== request.height) {
    throw fail(`the init image is ${image.width}x${image.height} but the request is ${request.width}x${request.height}; give the image's own size`);
  }
  if (image.data.length !== image.width * image.height * 3) throw fail(`the init image holds ${image.data.length} bytes, expected ${image.width}×${image.height}×3 (RGB)`);
  return request.strength ?? SDXL_IMG2IMG_DEFAULT_STRENGTH;
}

/** A scheduler ready for `steps` steps (a fresh one per batch: multistep schedulers keep state). */
export function schedulerFor(schedulerConfig: object, name: SchedulerName | undefined, steps: number, eta?: number): Scheduler {
  if (eta !== undefined && !(eta >= 0 && Number.isFinite(eta))) throw new RangeError(`eta ${eta} must be a number of at least 0`);
  const scheduler = createScheduler(schedulerConfig, { ...(name ? { name } : {}), ...(eta !== undefined ? { eta } : {}) });
  scheduler.setTimesteps(steps);
  return scheduler;
}
