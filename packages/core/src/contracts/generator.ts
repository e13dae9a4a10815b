import type { RgbImage } from './image.js';
import type { PlanItem } from './plan.js';
import type { RunOptions } from './progress.js';

export interface GenerationRequest {
  readonly item: PlanItem;
  readonly prompt: string;
  readonly negativePrompt?: string;
  readonly seed: number;
  readonly width: number;
  readonly height: number;
  readonly steps: number;
  readonly guidance: number;
  readonly scheduler: string;
  /** Image-to-image: start from this image (width × height) instead of pure noise. */
  readonly initImage?: RgbImage;
  /** Image-to-image: how much of the schedule to run, in (0, 1]; the generator's default when absent. */
  readonly strength?: number;
}

export interface GeneratedFace {
  readonly request: GenerationRequest;
  readonly image: RgbImage;
  /** Provenance written into the dataset: model and LoRA hashes, scheduler, device, timings. */
  readonly provenance: Readonly<Record<string, string | number | boolean>>;
}

export interface GeneratorInfo {
  readonly id: string;
  readonly version: string;
  readonly description?: string;
}

/** Text-to-image generator. Yields one face per request, in request order; batching is its own affair. */
export interface Generator {
  readonly apiVersion: number;
  readonly info: GeneratorInfo;
  generate(requests: readonly GenerationRequest[], options?: RunOptions): AsyncIterable<GeneratedFace>;
  dispose?(): Promise<void> | void;
}
