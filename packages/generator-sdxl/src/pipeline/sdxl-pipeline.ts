/**
 * SDXL text-to-image on ONNX Runtime, composed diffusers-style of named parts: two tokenizers, two text
 * encoders, the UNet (optionally with a LoRA patched into its graph), the VAE decoder and a scheduler.
 * `new SdxlPipeline(components)` takes the parts (diffusers' `Pipeline(**components)`);
 * `SdxlPipeline.load(dir)` reads them from an export folder. The scheduler can be swapped afterwards.
 * Images are produced in request order, batched internally, each reported as an outcome: one image
 * failing (e.g. a float16 VAE overflow) does not stop the others.
 */
import { basename } from 'node:path';
import { OnnxRuntime, type DevicePreference } from '@geneava/core/onnx';
import { reasonOf, type Logger } from '@geneava/core/util';
import type { ProgressCallback, RgbImage } from '@geneava/core/contracts';
import { VAE_ENCODER_FILE, type SdxlDims } from '../models/contracts.js';
import { checkScheduler, componentsOfModels, resolveComponents, type ResolvedSdxlComponents, type SdxlComponents, type SdxlSchedulerComponent } from './sdxl-components.js';
import { LazySession } from './lazy-session.js';
import { modelPrecisionLabel } from './model-info.js';
import { buildUnetConditioning, type ConditioningRequest } from './conditioning.js';
import { denoise } from './denoise.js';
import { NonFiniteOutputError, SdxlRequestError } from './errors.js';
import { usesGuidance } from './guidance.js';
import { checkRequest, schedulerFor, sizeConditioning, type CheckedRequest, type SdxlImageRequest } from './image-request.js';
import { declaredInput } from './model-feeds.js';
import { sdxlModelHashes, sha256File } from './model-hashes.js';
import { PromptEncoder } from './prompt-encoder.js';
import { loadSdxlModels, type SdxlLoraOptions, type SdxlModels } from './sdxl-models.js';
import { countNonFinite, decodeLatent } from './vae-decode.js';
import { img2imgBeginIndex } from './img2img.js';
import { denoisingEndIndex, denoisingStartIndex } from './denoising-range.js';
import type { Scheduler } from '../schedulers/index.js';
import { encodeImages } from './vae-encode.js';

export type Provenance = Readonly<Record<string, string | number | boolean>>;

export type SdxlOutcome =
  | {
      readonly status: 'ok';
      readonly request: SdxlImageRequest;
      readonly image: RgbImage;
      readonly provenance: Provenance;
      /** What the user should know about this image, e.g. a prompt the tokenizers truncated. */
      readonly warnings: readonly string[];
      /** The final latents [4, height/8, width/8] (before VAE scaling): a refiner continues from them after denoising_end. */
      readonly latents: Float32Array;
    }
  | { readonly status: 'failed'; readonly request: SdxlImageRequest; readonly error: Error };

export interface SdxlPipelineOptions {
  /** Sessions are created through this runtime; default: a runtime of the pipeline's own, disposed with it. */
  readonly runtime?: OnnxRuntime;
  readonly device?: DevicePreference;
  readonly lora?: SdxlLoraOptions;
  /** Several LoRAs with their own scales (after `lora`, when both are given). */
  readonly loras?: readonly SdxlLoraOptions[];
  readonly dims?: SdxlDims;
  /** sha256 of the model graphs and the LoRA file for provenance (default true). */
  readonly hashModels?: boolean;
  /** Receives the runtime's CPU-fallback warning when the pipeline owns its runtime. */
  readonly logger?: Logger;
}

export interface SdxlGenerateOptions {
  /** Images per UNet run (the UNet batch is twice this with guidance). Default 1. */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  /**
   * task "denoise": one event per step of the running batch (item: its first image id);
   * task "generate": one event per finished image (done/total over all requests, status ok or failed).
   */
  readonly onProgress?: ProgressCallback;
}

const LATENT_CHANNELS = 4;
/** diffusers' StableDiffusionXLImg2ImgPipeline defaults for a refiner (requires_aesthetics_score). */
export const SDXL_AESTHETIC_SCORE = 6;
export const SDXL_NEGATIVE_AESTHETIC_SCORE = 2.5;

export interface SdxlComponentPipelineOptions {
  /** Added to what every image's provenance starts with (e.g. where the components came from). */
  readonly provenance?: Provenance;
}

/** A pipeline read from an export folder: what was loaded is known. */
export type LoadedSdxlPipeline = SdxlPipeline & { readonly models: SdxlModels };

export class SdxlPipeline {
  private parts: ResolvedSdxlComponents;
  private readonly encoder: PromptEncoder;
  private readonly baseProvenance: Provenance;
  private loadedModels: SdxlModels | undefined;
  /** Set by load(): the sessions (and the runtime, when it created one) are the pipeline's to release. */
  private owned: { readonly runtime: OnnxRuntime | undefined } | undefined;

  /**
   * A pipeline of the given components, each checked against its role (ModelContractError or
   * SdxlComponentError when one does not fit). The caller keeps ownership of the sessions: dispose()
   * leaves them open, so components can be shared between pipelines.
   */
  constructor(components: SdxlComponents, options: SdxlComponentPipelineOptions = {}) {
    this.parts = resolveComponents(components);
    const { tokenizer, tokenizer2, textEncoder, textEncoder2, dims } = this.parts;
    this.encoder = new PromptEncoder({ tokenizer, tokenizer2, textEncoder, textEncoder2, dims });
    this.baseProvenance = { ...componentProvenance(this.parts), ...options.provenance };
  }

  /** Checks the folder (every problem at once, before any heavy work), then loads the models. */
  static async load(dir: string, options: SdxlPipelineOptions = {}): Promise<LoadedSdxlPipeline> {
    const ownedRuntime = options.runtime ? undefined : new OnnxRuntime(options.logger ? { logger: options.logger } : {});
    const runtime = options.runtime ?? ownedRuntime!;
    try {
      const models = await loadSdxlModels(runtime, dir, {
        ...(options.device ? { device: options.device } : {}),
        ...(options.lora ? { lora: options.lora } : {}),
        ...(options.loras ? { loras: options.loras } : {}),
        ...(options.dims ? { dims: options.dims } : {}),
      });
      let pipeline: SdxlPipeline;
      try {
        pipeline = new SdxlPipeline(componentsOfModels(models), { provenance: await describeModels(models, options.hashModels ?? true) });
      } catch (error) {
        await releaseSessions(models);
        throw error;
      }
      pipeline.loadedModels = models;
      pipeline.owned = { runtime: ownedRuntime };
      return pipeline as LoadedSdxlPipeline;
    } catch (error) {
      await ownedRuntime?.dispose();
      throw error;
    }
  }

  /** What load() read from the export folder (LoRA reports, export generation...); undefined when built from components. */
  get models(): SdxlModels | undefined {
    return this.loadedModels;
  }

  /** The components the pipeline runs, defaults filled in. */
  get components(): ResolvedSdxlComponents {
    return this.parts;
  }

  /** The scheduler config and sampler; a request's `scheduler` name still picks another sampler of the same config. */
  get scheduler(): SdxlSchedulerComponent {
    return this.parts.scheduler;
  }

  /**
   * Swaps the scheduler (diffusers' `pipe.scheduler = Other.from_config(pipe.scheduler.config)`). It is
   * checked first: a config that does not configure, or one with another num_train_timesteps than the
   * UNet's scheduler, is refused with SdxlComponentError. A generate() already running keeps the old one.
   */
  set scheduler(scheduler: SdxlSchedulerComponent) {
    checkScheduler(scheduler, this.parts.scheduler);
    this.parts = { ...this.parts, scheduler };
  }

  /** What every image's provenance starts with: model folder, export generation, precision, device, hashes, LoRA. */
  get provenance(): Provenance {
    return this.baseProvenance;
  }

  /** The token ids the two text encoders get for a prompt (and prompt_2, default the prompt). */
  tokenIds(prompt: string, prompt2?: string): { readonly ids: number[]; readonly ids2: number[] } {
    return this.encoder.tokenIds(prompt, prompt2);
  }

  async *generate(requests: readonly SdxlImageRequest[], options: SdxlGenerateOptions = {}): AsyncGenerator<SdxlOutcome> {
    const batchSize = options.batchSize ?? 1;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
    const total = requests.length;
    let done = 0;
    const report = (outcome: SdxlOutcome): SdxlOutcome => {
      done++;
      options.onProgress?.({
        task: 'generate',
        done,
        total,
        item: outcome.request.id,
        status: outcome.status,
        ...(outcome.status === 'failed' ? { message: reasonOf(outcome.error) } : {}),
      });
      return outcome;
    };

    // One scheduler for the whole call, even if it is swapped while the call runs.
    const scheduler = this.parts.scheduler;
    let batch: CheckedRequest[] = [];
    for (const request of requests) {
      options.signal?.throwIfAborted();
      let checked: CheckedRequest;
      try {
        checked = checkRequest(request, scheduler.config, scheduler.name);
      } catch (error) {
        yield* this.runAndReport(batch, scheduler, options, report);
        batch = [];
        yield report({ status: 'failed', request, error: error as Error });
        continue;
      }
      if (batch.length > 0 && (batch[0]!.batchKey !== checked.batchKey || batch.length >= batchSize)) {
        yield* this.runAndReport(batch, scheduler, options, report);
        batch = [];
      }
      batch.push(checked);
    }
    yield* this.runAndReport(batch, scheduler, options, report);
  }

  /**
   * Releases what load() opened (the sessions, and the runtime when it created one). A pipeline built
   * from components leaves them to their owner.
   */
  async dispose(): Promise<void> {
    const owned = this.owned;
    this.owned = undefined;
    if (!owned || !this.loadedModels) return;
    await releaseSessions(this.loadedModels);
    await owned.runtime?.dispose();
  }

  /** The steps of the schedule this batch runs: all, or the base's part (denoising_end) or the refiner's (denoising_start). */
  private stepRange(scheduler: Scheduler, request: SdxlImageRequest): { readonly handOffBegin?: number; readonly end?: number } {
    const { timesteps, numTrainTimesteps } = scheduler;
    const handOffBegin = request.denoisingStart !== undefined ? denoisingStartIndex(timesteps, request.denoisingStart, numTrainTimesteps) : undefined;
    if (handOffBegin !== undefined && handOffBegin >= timesteps.length) {
      throw new SdxlRequestError(request.id, `denoising start ${request.denoisingStart} leaves none of the ${timesteps.length} steps to run`);
    }
    const begin = handOffBegin ?? (request.strength !== undefined ? img2imgBeginIndex(request.steps, request.strength) : 0);
    const end = request.denoisingEnd !== undefined ? denoisingEndIndex(timesteps, begin, request.denoisingEnd, numTrainTimesteps) : undefined;
    if (end !== undefined && end <= begin) throw new SdxlRequestError(request.id, `denoising end ${request.denoisingEnd} leaves none of the ${timesteps.length} steps to run`);
    return { ...(handOffBegin !== undefined ? { handOffBegin } : {}), ...(end !== undefined ? { end } : {}) };
  }

  /** Image-to-image: the batch's init images through vae_encoder, and the step their run begins at. */
  private async initLatents(batch: readonly CheckedRequest[]) {
    const strength = batch[0]!.strength;
    if (strength === undefined) return undefined;
    const first = batch[0]!.request;
    const vaeEncoder = this.parts.vaeEncoder;
    if (!vaeEncoder) {
      throw new SdxlRequestError(
        first.id,
        this.loadedModels
          ? `image-to-image needs ${VAE_ENCODER_FILE} in ${this.loadedModels.dir} (export it with optimum-cli, which writes it by default)`
          : 'image-to-image needs a vaeEncoder component, and this pipeline was built without one',
      );
    }
    const session = vaeEncoder instanceof LazySession ? await vaeEncoder.get() : vaeEncoder;
    const distribution = await encodeImages(session, batch.map((b) => b.request.initImage!), LATENT_CHANNELS, first.id);
    return { distribution, scalingFactor: this.parts.vaeScalingFactor, beginIndex: img2imgBeginIndex(first.steps, strength) };
  }

  private async *runAndReport(
    batch: readonly CheckedRequest[],
    schedulerComponent: SdxlSchedulerComponent,
    options: SdxlGenerateOptions,
    report: (outcome: SdxlOutcome) => SdxlOutcome,
  ): AsyncGenerator<SdxlOutcome> {
    if (batch.length === 0) return;
    for (const outcome of await this.runBatch(batch, schedulerComponent, options)) yield report(outcome);
  }

  private async runBatch(batch: readonly CheckedRequest[], schedulerComponent: SdxlSchedulerComponent, options: SdxlGenerateOptions): Promise<SdxlOutcome[]> {
    const requests = batch.map((b) => b.request);
    const first = requests[0]!;
    // A guidance-distilled UNet (timestep_cond input) takes the scale as an embedding instead of CFG.
    const { unet, vaeDecoder } = this.parts;
    const guided = usesGuidance(first.guidance) && !unet.inputs.some((i) => i.name === 'timestep_cond');
    const started = Date.now();
    let latents: Float32Array;
    let scheduler;
    let zeroedNegative: readonly boolean[];
    let warnings: readonly (readonly string[])[];
    try {
      scheduler = schedulerFor(schedulerComponent.config, batch[0]!.schedulerName ?? schedulerComponent.name, first.steps, first.eta);
      const conditioning = await buildUnetConditioning(this.encoder, requests.map(conditioningRequest), {
        guidance: guided,
        forceZerosForEmptyPrompt: this.parts.forceZerosForEmptyPrompt,
        ...(first.clipSkip ? { clipSkip: first.clipSkip } : {}),
        ...(this.parts.requiresAestheticsScore
          ? { aesthetic: { score: first.aestheticScore ?? SDXL_AESTHETIC_SCORE, negativeScore: first.negativeAestheticScore ?? SDXL_NEGATIVE_AESTHETIC_SCORE } }
          : {}),
      });
      zeroedNegative = conditioning.zeroedNegative;
      warnings = conditioning.warnings;
      const init = await this.initLatents(batch);
      const range = this.stepRange(scheduler, first);
      latents = await denoise({
        unet,
        timestepInput: declaredInput(unet, 'timestep'),
        scheduler,
        conditioning,
        seeds: requests.map((r) => r.seed),
        guidance: requests.map((r) => r.guidance),
        guided,
        guidanceRescale: requests.map((r) => r.guidanceRescale ?? 0),
        latentDims: [LATENT_CHANNELS, first.height / 8, first.width / 8],
        ...(init ? { init } : {}),
        ...(range.handOffBegin !== undefined ? { handOff: { latents: concatLatents(requests), beginIndex: range.handOffBegin } } : {}),
        ...(range.end !== undefined ? { endIndex: range.end } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        onStep: (done, total) =>
          options.onProgress?.({ task: 'denoise', done, total, item: first.id, message: requests.length > 1 ? `batch of ${requests.length}` : first.id }),
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      return requests.map((request) => ({ status: 'failed', request, error: error as Error }));
    }

    const denoiseMs = Date.now() - started;
    const perImage = latents.length / requests.length;
    const latentDims: [number, number, number] = [LATENT_CHANNELS, first.height / 8, first.width / 8];
    const outcomes: SdxlOutcome[] = [];
    for (const [i, request] of requests.entries()) {
      const latent = latents.subarray(i * perImage, (i + 1) * perImage);
      try {
        const bad = countNonFinite(latent);
        if (bad > 0) {
          throw new NonFiniteOutputError(unet.label, request.id, bad, 'the latents are not finite after denoising; check that the UNet belongs to this export');
        }
        const image = await decodeLatent({ vae: vaeDecoder, label: vaeDecoder.label, scalingFactor: this.parts.vaeScalingFactor }, latent, latentDims, request.id);
        outcomes.push({
          status: 'ok',
          request,
          image,
          latents: latent.slice(),
          warnings: warnings[i]!,
          provenance: {
            ...this.baseProvenance,
            seed: request.seed,
            steps: request.steps,
            guidance: request.guidance,
            scheduler: scheduler.description,
            width: request.width,
            height: request.height,
            negative: !guided ? 'none (no guidance)' : zeroedNegative[i] ? 'zeros (force_zeros_for_empty_prompt)' : 'encoded',
            ...requestOptionsProvenance(request),
            batchSize: requests.length,
            ...(batch[0]!.strength !== undefined ? { init: 'image (img2img)', strength: batch[0]!.strength, stepsRun: request.steps - img2imgBeginIndex(request.steps, batch[0]!.strength) } : {}),
            denoiseMs,
          },
        });
      } catch (error) {
        outcomes.push({ status: 'failed', request, error: error as Error });
      }
    }
    return outcomes;
  }
}

/** The batch's hand-off latents, one image after another. */
function concatLatents(requests: readonly SdxlImageRequest[]): Float32Array {
  const perImage = requests[0]!.initLatents!.length;
  const out = new Float32Array(perImage * requests.length);
  requests.forEach((r, i) => out.set(r.initLatents!, i * perImage));
  return out;
}

function conditioningRequest(request: SdxlImageRequest): ConditioningRequest {
  return {
    prompt: request.prompt,
    ...(request.prompt2 !== undefined ? { prompt2: request.prompt2 } : {}),
    ...(request.negativePrompt !== undefined ? { negativePrompt: request.negativePrompt } : {}),
    ...(request.negativePrompt2 !== undefined ? { negativePrompt2: request.negativePrompt2 } : {}),
    ...sizeConditioning(request),
  };
}

/** The request's optional settings that shaped the image, for its provenance (absent ones stay out). */
function requestOptionsProvenance(request: SdxlImageRequest): Provenance {
  const size = (value: { width: number; height: number } | undefined) => (value ? `${value.width}x${value.height}` : undefined);
  const crop = (value: { top: number; left: number } | undefined) => (value ? `${value.top},${value.left}` : undefined);
  const entries: Array<[string, string | number | undefined]> = [
    ['prompt2', request.prompt2],
    ['negativePrompt2', request.negativePrompt2],
    ['clipSkip', request.clipSkip],
    ['guidanceRescale', request.guidanceRescale],
    ['eta', request.eta],
    ['aestheticScore', request.aestheticScore],
    ['negativeAestheticScore', request.negativeAestheticScore],
    ['denoisingEnd', request.denoisingEnd],
    ['denoisingStart', request.denoisingStart],
    ['originalSize', size(request.originalSize)],
    ['cropTopLeft', crop(request.cropTopLeft)],
    ['targetSize', size(request.targetSize)],
    ['negativeOriginalSize', size(request.negativeOriginalSize)],
    ['negativeCropTopLeft', crop(request.negativeCropTopLeft)],
    ['negativeTargetSize', size(request.negativeTargetSize)],
  ];
  return Object.fromEntries(entries.filter((entry): entry is [string, string | number] => entry[1] !== undefined));
}

/** What the components themselves tell: precision of the UNet and of the VAE, device, latent scaling. */
function componentProvenance(parts: ResolvedSdxlComponents): Provenance {
  return {
    generator: 'sdxl',
    precision: modelPrecisionLabel(parts.unet),
    vaePrecision: modelPrecisionLabel(parts.vaeDecoder),
    device: parts.unet.device,
    vaeScalingFactor: parts.vaeScalingFactor,
  };
}

async function releaseSessions(models: SdxlModels): Promise<void> {
  const { textEncoder, textEncoder2, unet, vaeDecoder, vaeEncoder } = models;
  await Promise.all([textEncoder, textEncoder2, unet, vaeDecoder, vaeEncoder].map((session) => session?.dispose()));
}

/** Where a loaded pipeline's models came from: folder, export generation, hashes, LoRAs. */
async function describeModels(models: SdxlModels, hash: boolean): Promise<Provenance> {
  const provenance: Record<string, string | number | boolean> = {
    models: basename(models.dir),
    exportGeneration: models.generation,
  };
  if (hash) Object.assign(provenance, await sdxlModelHashes(models.dir));
  for (const [i, lora] of models.loras.entries()) {
    // The first LoRA keeps the plain "lora" keys; later ones are "lora2", "lora3", ...
    const key = i === 0 ? 'lora' : `lora${i + 1}`;
    provenance[key] = basename(lora.file);
    provenance[`${key}.format`] = lora.format;
    provenance[`${key}.scale`] = lora.scale;
    provenance[`${key}.modules`] = lora.applied.length;
    if (hash) provenance[`${key}.sha256`] = await sha256File(lora.file);
  }
  return provenance;
}
