/**
 * The core Generator contract over SdxlPipeline: a GenerationRequest's item id names the image. Every
 * request gets one GeneratedFace, in order: the image, or status 'failed' with the reason when that image
 * could not be made (the others are still made). Optionally a refiner finishes each image from the
 * base's latents (diffusers' denoising_end / denoising_start hand-off).
 */
import {
  API_VERSIONS,
  type GeneratedFace,
  type GenerationRequest,
  type Generator,
  type GeneratorInfo,
  type RunOptions,
} from '@geneava/core/contracts';
import { reasonOf } from '@geneava/core/util';
import type { SdxlImageRequest } from './image-request.js';
import { baseHandOffRequest, refinerHandOffRequest, SDXL_REFINER_DEFAULT_START } from './refiner-hand-off.js';
import type { SdxlOutcome, SdxlPipeline } from './sdxl-pipeline.js';

/** The package version, kept once so `info.version` and the plugin definition agree (tested against package.json). */
export const SDXL_GENERATOR_VERSION = '0.1.0';

/** SDXL's own per-image settings beyond the contract's request (second prompts, clip skip, size conditioning...). */
export type SdxlImageOptions = Omit<SdxlImageRequest, keyof ReturnType<typeof toImageRequest> | 'denoisingEnd' | 'denoisingStart' | 'latents'>;

export interface SdxlGeneratorSettings {
  /** Images per UNet run (default 1). */
  readonly batchSize?: number;
  /** Settings given to every image as they are. */
  readonly imageOptions?: SdxlImageOptions;
  /** A refiner that finishes each image: the base stops at `start` of the schedule (default 0.8), the refiner runs the rest. */
  readonly refiner?: { readonly pipeline: SdxlPipeline; readonly start?: number };
}

export function toImageRequest(request: GenerationRequest) {
  return {
    id: request.item.id,
    prompt: request.prompt,
    ...(request.negativePrompt !== undefined ? { negativePrompt: request.negativePrompt } : {}),
    seed: request.seed,
    width: request.width,
    height: request.height,
    steps: request.steps,
    guidance: request.guidance,
    scheduler: request.scheduler,
    ...(request.initImage ? { initImage: request.initImage } : {}),
    ...(request.strength !== undefined ? { strength: request.strength } : {}),
  } satisfies SdxlImageRequest;
}

/** Provenance keys of the refiner's run that say what made the image (the rest repeats the base's). */
const REFINER_KEYS = ['models', 'exportGeneration', 'precision', 'scheduler', 'denoiseMs'];

export class SdxlGenerator implements Generator {
  readonly apiVersion = API_VERSIONS.generator;
  readonly info: GeneratorInfo = {
    id: 'sdxl',
    version: SDXL_GENERATOR_VERSION,
    description: 'SDXL base 1.0 (+ LoRA) on ONNX Runtime, Optimum export',
  };

  constructor(
    readonly pipeline: SdxlPipeline,
    private readonly options: SdxlGeneratorSettings = {},
  ) {}

  async *generate(requests: readonly GenerationRequest[], options: RunOptions = {}): AsyncIterable<GeneratedFace> {
    const { refiner, imageOptions } = this.options;
    const start = refiner?.start ?? SDXL_REFINER_DEFAULT_START;
    const imageRequests = requests.map((request) => {
      const image: SdxlImageRequest = { ...imageOptions, ...toImageRequest(request) };
      return refiner ? baseHandOffRequest(image, start) : image;
    });
    let index = 0;
    for await (const base of this.pipeline.generate(imageRequests, { ...options, batchSize: this.options.batchSize ?? 1 })) {
      const request = requests[index++]!;
      const outcome = base.status === 'ok' && refiner ? await refine(refiner.pipeline, base, start, options) : base;
      if (outcome.status === 'failed') {
        yield { status: 'failed', request, reason: reasonOf(outcome.error) };
        continue;
      }
      const provenance = outcome.warnings.length > 0 ? { ...outcome.provenance, warnings: outcome.warnings.join('; ') } : outcome.provenance;
      yield { status: 'ok', request, image: outcome.image, provenance, ...(outcome.warnings.length > 0 ? { warnings: outcome.warnings } : {}) };
    }
  }

  async dispose(): Promise<void> {
    try {
      await this.pipeline.dispose();
    } finally {
      await this.options.refiner?.pipeline.dispose();
    }
  }
}

/** The refiner's finish of a base outcome stopped at the hand-off point; its provenance keys under "refiner.". */
async function refine(refiner: SdxlPipeline, base: Extract<SdxlOutcome, { status: 'ok' }>, start: number, options: RunOptions): Promise<SdxlOutcome> {
  let refined: SdxlOutcome | undefined;
  const request = refinerHandOffRequest(base.request, base.latents, start);
  for await (const result of refiner.generate([request], options.signal ? { signal: options.signal } : {})) refined = result;
  if (!refined || refined.status === 'failed') {
    return { status: 'failed', request: base.request, error: refined?.status === 'failed' ? refined.error : new Error('the refiner gave no image') };
  }
  const refinerKeys = Object.fromEntries(
    Object.entries(refined.provenance)
      .filter(([key]) => REFINER_KEYS.includes(key) || key.endsWith('.sha256'))
      .map(([key, value]) => [`refiner.${key}`, value]),
  );
  return {
    ...refined,
    request: base.request,
    warnings: [...base.warnings, ...refined.warnings],
    provenance: { ...base.provenance, ...refinerKeys, 'refiner.start': start },
  };
}
