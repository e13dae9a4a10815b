import type { RgbImage } from './image.js';
import type { PlanItem } from './plan.js';
import type { RunOptions } from './progress.js';

/**
 * The image a request is for: its id (names the image; unique in one generate() call) and, for a plan's
 * item, the plan item with its labels. A generator reads only the id.
 */
export type GenerationItem = Pick<PlanItem, 'id'> & Partial<Omit<PlanItem, 'id'>>;

export interface GenerationRequest {
  readonly item: GenerationItem;
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

/**
 * One request's result, as a stylized face carries its outcome: an image ('ok'), or 'failed' with the
 * reason when this image could not be made (the generator goes on with the next request). Generators
 * written before the status existed yield images without it: an absent status is 'ok'.
 */
export type GeneratedFace = GeneratedImage | FailedGeneration;

export interface GeneratedImage {
  readonly status?: 'ok';
  readonly request: GenerationRequest;
  readonly image: RgbImage;
  /** Provenance written into the dataset: model and LoRA hashes, scheduler, device, timings. */
  readonly provenance: Readonly<Record<string, string | number | boolean>>;
  /** What the user should know about this image, e.g. a prompt the tokenizer truncated. */
  readonly warnings?: readonly string[];
}

export interface FailedGeneration {
  readonly status: 'failed';
  readonly request: GenerationRequest;
  /** One line: why this image was not made (e.g. "width 20 must be a positive multiple of 8"). */
  readonly reason: string;
}

export interface GeneratorInfo {
  readonly id: string;
  readonly version: string;
  readonly description?: string;
}

/**
 * Text-to-image generator. Yields one GeneratedFace per request, in request order, a failed image
 * included (status 'failed'); batching is its own affair. It throws only when it cannot go on at all
 * (models lost, options.signal aborted).
 */
export interface Generator {
  readonly apiVersion: number;
  readonly info: GeneratorInfo;
  generate(requests: readonly GenerationRequest[], options?: RunOptions): AsyncIterable<GeneratedFace>;
  dispose?(): Promise<void> | void;
}
