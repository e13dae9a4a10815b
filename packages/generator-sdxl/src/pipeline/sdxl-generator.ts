/**
 * The core Generator contract over SdxlPipeline: a GenerationRequest's plan item id names the image.
 * The contract yields faces only, one per request in order, so an image that fails ends the iteration
 * with its error (which names the item); callers wanting per-image outcomes use SdxlPipeline.generate.
 */
import { API_VERSIONS, type GeneratedFace, type GenerationRequest, type Generator, type GeneratorInfo, type RunOptions } from '@geneava/core';
import type { SdxlImageRequest } from './image-request.js';
import type { SdxlPipeline } from './sdxl-pipeline.js';

/** The package version, kept once so `info.version` and the plugin definition agree (tested against package.json). */
export const SDXL_GENERATOR_VERSION = '0.1.0';

export function toImageRequest(request: GenerationRequest): SdxlImageRequest {
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
  };
}

export class SdxlGenerator implements Generator {
  readonly apiVersion = API_VERSIONS.generator;
  readonly info: GeneratorInfo = {
    id: 'sdxl',
    version: SDXL_GENERATOR_VERSION,
    description: 'SDXL base 1.0 (+ LoRA) on ONNX Runtime, Optimum export',
  };

  constructor(
    readonly pipeline: SdxlPipeline,
    private readonly batchSize = 1,
  ) {}

  async *generate(requests: readonly GenerationRequest[], options: RunOptions = {}): AsyncIterable<GeneratedFace> {
    let index = 0;
    for await (const outcome of this.pipeline.generate(requests.map(toImageRequest), { ...options, batchSize: this.batchSize })) {
      const request = requests[index++]!;
      if (outcome.status === 'failed') throw outcome.error;
      const provenance = outcome.warnings.length > 0 ? { ...outcome.provenance, warnings: outcome.warnings.join('; ') } : outcome.provenance;
      yield { request, image: outcome.image, provenance };
    }
  }

  dispose(): Promise<void> {
    return this.pipeline.dispose();
  }
}
