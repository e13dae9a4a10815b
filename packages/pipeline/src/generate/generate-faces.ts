/**
 * `geneava generate`: SDXL (+ LoRA) images for the items of a plan or for one prompt. The model folder
 * is checked (as `geneava models check sdxl` does) before any model is loaded; images are written as
 * they finish, each PNG atomically and followed by its line in metadata.jsonl, so an interrupted run
 * (services.signal, or a killed process) leaves only complete images with their records. Each image is
 * fingerprinted (model folder content, LoRA and scale, request, generator version): run again into the
 * same folder, the images made with the same fingerprint are skipped, the others made again, and each
 * id keeps one record.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { cachedSha256, contentIdentity } from '@geneava/core/provenance';
import { decodeImage, resizeImage } from '@geneava/core/image';
import type { Generator, ProgressCallback, RgbImage } from '@geneava/core/contracts';
import { reasonOf, UsageError, type Logger } from '@geneava/core/util';
import { TOKENS } from '@geneava/core/di';
import { z } from '@geneava/core';
import type { DevicePreference, OnnxRuntime } from '@geneava/core/onnx';
import {
  checkSdxlFolder,
  requestedScheduler,
  SdxlFolderError,
  SDXL_GENERATOR_VERSION,
  SdxlGenerator,
  SdxlPipeline,
  SDXL_REFINER_DEFAULT_START,
  type LoraReport,
  type SdxlImageRequest,
} from '@geneava/generator-sdxl';
import type { Outcome } from '../outcome.js';
import { withPipelineSession, type SessionOptions } from '../session/pipeline-session.js';
import { GeneratedRecords, generationFingerprint } from './generate-records.js';
import { writeGeneratedFaces, type GeneratedItem, type GenerationJob as Job } from './write-generated-faces.js';

/**
 * What to generate. Without services, the function opens a session of its own from `config` and `cwd`
 * (its device and ONNX runtime, as the CLI does).
 */
export interface GenerateOptions extends SessionOptions {
  /** Folder the paths are relative to (default: the process's working folder). */
  readonly cwd?: string;
  readonly onProgress?: ProgressCallback;
  /** Stops after the current denoising step (see GenerateServices.signal). */
  readonly signal?: AbortSignal;
  /** Optimum SDXL export folder. */
  readonly models: string;
  readonly out: string;
  /** Plan file (JSON Lines of plan items); exactly one of plan and prompt. */
  readonly plan?: string;
  readonly prompt?: string;
  /** Negative prompt for --prompt images (plan items carry their own). */
  readonly negativePrompt?: string;
  readonly lora?: string;
  /** Scale of `lora` (default 1). */
  readonly loraScale?: number;
  /** An SDXL refiner export folder: the base stops at `refinerStart` of the schedule and the refiner finishes. */
  readonly refiner?: string;
  /** The hand-off point (diffusers' denoising_end / denoising_start); default 0.8. */
  readonly refinerStart?: number;
  /** Further LoRAs after `lora`, each with its own scale (UNet and text-encoder keys). */
  readonly extraLoras?: readonly { readonly file: string; readonly scale: number }[];
  /** Denoising steps (default 30). */
  readonly steps?: number;
  /** Classifier-free guidance scale (default 5). */
  readonly guidance?: number;
  /** Scheduler name (default "default": the export's own scheduler_config.json). */
  readonly scheduler?: string;
  /** Image size (default 1024 × 1024). */
  readonly width?: number;
  readonly height?: number;
  /** prompt: seed of the first image; the others count up from it (default 0). */
  readonly seed?: number;
  /** prompt: how many images (default 1). */
  readonly count?: number;
  /** Images per UNet run (default 1). */
  readonly batch?: number;
  /** sha256 of the model graphs and LoRA in the provenance (default true). */
  readonly hashModels?: boolean;
  /** Image-to-image: every image starts from this picture (resized to width × height when it differs). */
  readonly initImage?: string;
  /** Image-to-image strength in (0, 1]; the generator's default (0.3) when absent. */
  readonly strength?: number;
  /** Settings passed to every image's request as they are (prompt_2, clip skip, size conditioning...). */
  readonly imageOptions?: ImageOptions;
}

/** SDXL's optional per-image settings, the same for every image. */
export type ImageOptions = Pick<
  SdxlImageRequest,
  | 'prompt2'
  | 'negativePrompt2'
  | 'clipSkip'
  | 'guidanceRescale'
  | 'eta'
  | 'originalSize'
  | 'cropTopLeft'
  | 'targetSize'
  | 'negativeOriginalSize'
  | 'negativeCropTopLeft'
  | 'negativeTargetSize'
>;

export interface GenerateServices {
  readonly runtime: OnnxRuntime;
  readonly device: DevicePreference;
  readonly logger?: Logger;
  readonly onProgress?: ProgressCallback;
  /**
   * Aborting stops the run after the current denoising step: images already written are kept, the
   * rest are listed in the result's `interrupted`, and the outcome is 'partial' (some written) or 'failure' (none).
   */
  readonly signal?: AbortSignal;
}

export interface GenerateResult {
  readonly out: string;
  readonly metadata: string;
  readonly items: readonly GeneratedItem[];
  readonly lora?: LoraReport;
  /** Every LoRA's report (what was applied, and every unmatched module and ignored key group). */
  readonly loras?: readonly LoraReport[];
  /** Present when `services.signal` stopped the run: why, and the ids of the images never generated. */
  readonly interrupted?: { readonly reason: string; readonly notGenerated: readonly string[] };
  /** 'ok' every image made (now or by an earlier run); 'partial' some failed or were not made; 'failure' none. */
  readonly outcome: Outcome;
}

/** The settings `geneava generate` uses when none are given. */
export const GENERATE_DEFAULTS = { loraScale: 1, steps: 30, guidance: 5, scheduler: 'default', seed: 0, count: 1, batch: 1 } as const;

export const METADATA_FILE = 'metadata.jsonl';
export const DEFAULT_SIZE = 1024;

/** File and folder names taken from plan items: no separators, no leading dot. */
const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9 ._-]*$/;

const planLineSchema = z
  .object({
    id: z.string().regex(SAFE_NAME, 'letters, digits, spaces, ".", "_" or "-", not starting with "." or a space'),
    prompt: z.string(),
    negativePrompt: z.string().optional(),
    seed: z.number().int().min(0).max(0xffffffff),
    expression: z.string().regex(SAFE_NAME, 'a folder name (letters, digits, spaces, ".", "_" or "-")'),
  })
  .loose();

type PlanLine = z.infer<typeof planLineSchema>;

/** The options with every default filled in. */
type Settings = GenerateOptions & Required<Pick<GenerateOptions, keyof typeof GENERATE_DEFAULTS | 'width' | 'height'>>;

async function readPlan(path: string): Promise<PlanLine[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const items: PlanLine[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new UsageError(`${path}:${index + 1}: not valid JSON (${(error as Error).message})`);
    }
    const parsed = planLineSchema.safeParse(value);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'item'}: ${issue.message}`);
      throw new UsageError(`${path}:${index + 1}: not a plan item (${problems.join('; ')})`);
    }
    if (seen.has(parsed.data.id)) throw new UsageError(`${path}:${index + 1}: item id '${parsed.data.id}' appears twice`);
    seen.add(parsed.data.id);
    items.push(parsed.data);
  });
  if (items.length === 0) throw new UsageError(`${path}: holds no plan items`);
  return items;
}

function checkSettings(request: Settings): void {
  if ((request.plan === undefined) === (request.prompt === undefined)) throw new UsageError('give either --plan FILE or --prompt TEXT');
  if (request.plan !== undefined && request.negativePrompt !== undefined) {
    throw new UsageError('--negative-prompt applies to --prompt images; plan items carry their own negativePrompt');
  }
  const positiveInteger = (name: string, value: number) => {
    if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${name} must be a positive integer, got ${value}`);
  };
  positiveInteger('steps', request.steps);
  positiveInteger('batch', request.batch);
  positiveInteger('count', request.count);
  if (!Number.isFinite(request.guidance)) throw new UsageError(`--guidance must be a number, got ${request.guidance}`);
  if (!Number.isFinite(request.loraScale)) throw new UsageError(`--lora-scale must be a number, got ${request.loraScale}`);
  if (!Number.isInteger(request.seed) || request.seed < 0 || request.seed + request.count - 1 > 0xffffffff) {
    throw new UsageError(`--seed must be an integer with seed + count - 1 in 0..4294967295, got ${request.seed}`);
  }
  try {
    requestedScheduler(request.scheduler);
  } catch (error) {
    throw new UsageError(`--scheduler: ${(error as Error).message}`);
  }
  if (request.strength !== undefined && request.initImage === undefined) throw new UsageError('--strength applies to image-to-image; give --init-image too');
  if (request.refinerStart !== undefined && request.refiner === undefined) throw new UsageError('--refiner-start needs --refiner');
  if (request.refinerStart !== undefined && !(request.refinerStart > 0 && request.refinerStart < 1)) {
    throw new UsageError(`--refiner-start must be a fraction strictly between 0 and 1, got ${request.refinerStart}`);
  }
  if (request.strength !== undefined && !(request.strength > 0 && request.strength <= 1)) throw new UsageError(`--strength must be in (0, 1], got ${request.strength}`);
  const options = request.imageOptions ?? {};
  if (request.plan !== undefined && (options.prompt2 !== undefined || options.negativePrompt2 !== undefined)) {
    throw new UsageError('--prompt-2 and --negative-prompt-2 apply to --prompt images; plan items carry their own prompts');
  }
}

async function readInitImage(path: string, width: number, height: number): Promise<{ image: RgbImage; sha256: string }> {
  let image: RgbImage;
  try {
    image = await decodeImage(path);
  } catch (error) {
    throw new UsageError(`${path}: the --init-image cannot be read as an image (${reasonOf(error)})`);
  }
  // diffusers takes the image's own size; here the request size rules, so the image is fitted to it.
  if (image.width !== width || image.height !== height) image = await resizeImage(image, width, height);
  return { image, sha256: await cachedSha256(path) };
}

async function jobsFor(request: Settings, cwd: string, initImage: RgbImage | undefined): Promise<Job[]> {
  const common = {
    width: request.width,
    height: request.height,
    steps: request.steps,
    guidance: request.guidance,
    scheduler: request.scheduler,
    ...(initImage ? { initImage, ...(request.strength !== undefined ? { strength: request.strength } : {}) } : {}),
  };
  if (request.plan !== undefined) {
    const items = await readPlan(resolve(cwd, request.plan));
    return items.map((item) => {
      const { id, prompt, negativePrompt, seed, expression, ...rest } = item;
      return {
        request: { item: { id, expression }, prompt, ...(negativePrompt !== undefined ? { negativePrompt } : {}), seed, ...common },
        image: join('images', expression, `${id}.png`),
        labels: { expression, ...rest },
      };
    });
  }
  return Array.from({ length: request.count }, (_, i) => {
    const seed = request.seed + i;
    const id = `prompt-${seed}`;
    return {
      request: { item: { id }, prompt: request.prompt!, ...(request.negativePrompt !== undefined ? { negativePrompt: request.negativePrompt } : {}), seed, ...common },
      image: join('images', `${id}.png`),
      labels: {},
    };
  });
}

async function loraSha256(file: string, onHashing: (path: string, bytes: number) => void): Promise<string> {
  try {
    return await cachedSha256(file, { onHashing });
  } catch (error) {
    throw new UsageError(`${file}: the LoRA file cannot be read (${(error as NodeJS.ErrnoException).code ?? reasonOf(error)})`);
  }
}

/**
 * Generates the images of a plan file (or of one prompt) through the Generator contract (SDXL, with its
 * LoRAs and optional refiner) into `out/images/`, each with its line in `out/metadata.jsonl`.
 * Bad options and a model folder with problems are usage errors, thrown before any weights load.
 */
export async function generateFaces(options: GenerateOptions, services?: GenerateServices): Promise<GenerateResult> {
  if (!services) {
    return withPipelineSession(options, (session) =>
      generateFaces(options, {
        runtime: session.scope.resolve<OnnxRuntime>(TOKENS.OnnxRuntime),
        device: session.device,
        logger: session.logger,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    );
  }
  const cwd = options.cwd ?? process.cwd();
  const request: Settings = { ...GENERATE_DEFAULTS, width: DEFAULT_SIZE, height: DEFAULT_SIZE, ...withoutUndefined(options) };
  checkSettings(request);
  const init = request.initImage !== undefined ? await readInitImage(resolve(cwd, request.initImage), request.width, request.height) : undefined;
  const jobs = await jobsFor(request, cwd, init?.image);
  // What beyond the base request decides the pixels, for the fingerprint (absent when nothing is set).
  const pixelOptions: Record<string, unknown> = { ...request.imageOptions };
  if (init) Object.assign(pixelOptions, { initImage: init.sha256, strength: request.strength ?? null });
  const modelsDir = resolve(cwd, request.models);
  const out = resolve(cwd, request.out);
  const metadata = join(out, METADATA_FILE);

  // Every problem of the folder, before any weights are read.
  const report = await checkSdxlFolder(modelsDir);
  if (!report.ok) throw new SdxlFolderError(report);

  const opened = await GeneratedRecords.open(metadata);
  const records = opened.records;
  if (opened.dropped > 0) services.logger?.warn(`${metadata}: ${opened.dropped} incomplete or repeated line(s) dropped`);
  const loraFile = request.lora !== undefined ? resolve(cwd, request.lora) : undefined;
  // Model files are hashed once per machine (then found in the hash cache); the first time takes a while, so say so.
  let hashed = 0;
  const onHashing = (path: string, bytes: number) =>
    services.onProgress?.({ task: 'hash models', done: ++hashed, item: path, message: `${Math.max(1, Math.round(bytes / 1e6))} MB, hashed once per machine` });
  const models = (await contentIdentity(modelsDir, { onHashing })).sha256;
  const lora = loraFile !== undefined ? { sha256: await loraSha256(loraFile, onHashing), scale: request.loraScale } : null;
  const extraLoras = (request.extraLoras ?? []).map((extra) => ({ file: resolve(cwd, extra.file), scale: extra.scale }));
  const refinerDir = request.refiner !== undefined ? resolve(cwd, request.refiner) : undefined;
  const refinerStart = request.refinerStart ?? SDXL_REFINER_DEFAULT_START;
  if (refinerDir !== undefined) {
    const refinerReport = await checkSdxlFolder(refinerDir);
    if (!refinerReport.ok) throw new SdxlFolderError(refinerReport);
    pixelOptions['refiner'] = { models: (await contentIdentity(refinerDir, { onHashing })).sha256, start: refinerStart };
  }
  if (extraLoras.length > 0) {
    // The first LoRA keeps its place in the fingerprint; the others join the options.
    pixelOptions['loras'] = await Promise.all(extraLoras.map(async (extra) => ({ sha256: await loraSha256(extra.file, onHashing), scale: extra.scale })));
  }
  const items: GeneratedItem[] = [];
  const pending: Job[] = [];
  for (const job of jobs) {
    const r = job.request;
    job.fingerprint = generationFingerprint({
      generator: { id: 'sdxl', version: SDXL_GENERATOR_VERSION },
      models,
      lora,
      request: {
        prompt: r.prompt,
        negativePrompt: r.negativePrompt ?? null,
        seed: r.seed,
        width: r.width,
        height: r.height,
        steps: r.steps,
        guidance: r.guidance,
        scheduler: request.scheduler,
        ...(Object.keys(pixelOptions).length > 0 ? { options: pixelOptions } : {}),
      },
    });
    const id = r.item.id;
    if (await records.holds(out, id, job.fingerprint)) items.push({ id, status: 'skipped', image: records.get(id)!.image });
    else pending.push(job);
  }
  if (pending.length === 0) return { out, metadata, items, outcome: 'ok' };

  const pipeline = await SdxlPipeline.load(modelsDir, {
    runtime: services.runtime,
    device: services.device,
    hashModels: request.hashModels ?? true,
    ...(services.logger ? { logger: services.logger } : {}),
    ...(loraFile !== undefined ? { lora: { file: loraFile, scale: request.loraScale } } : {}),
    ...(extraLoras.length > 0 ? { loras: extraLoras } : {}),
  });
  const loraReport = pipeline.models.lora;
  const loraReports = pipeline.models.loras;
  let refinerPipeline: SdxlPipeline | undefined;
  try {
    refinerPipeline =
      refinerDir !== undefined
        ? await SdxlPipeline.load(refinerDir, { runtime: services.runtime, device: services.device, hashModels: request.hashModels ?? true, ...(services.logger ? { logger: services.logger } : {}) })
        : undefined;
  } catch (error) {
    await pipeline.dispose();
    throw error;
  }
  // The Generator contract: one face per request, in order, each with its status.
  const generator: Generator = new SdxlGenerator(pipeline, {
    batchSize: request.batch,
    ...(request.imageOptions ? { imageOptions: request.imageOptions } : {}),
    ...(refinerPipeline ? { refiner: { pipeline: refinerPipeline, start: refinerStart } } : {}),
  });

  let interruption: unknown;
  try {
    const written = await writeGeneratedFaces(generator, pending, {
      out,
      records,
      ...(services.logger ? { logger: services.logger } : {}),
      ...(services.onProgress ? { onProgress: services.onProgress } : {}),
      ...(services.signal ? { signal: services.signal } : {}),
    });
    items.push(...written.items);
    interruption = written.interruption;
  } finally {
    await generator.dispose?.();
  }

  // Images an earlier run made count as made.
  const ok = items.filter((item) => item.status !== 'failed').length;
  if (interruption !== undefined) {
    const done = new Set(items.map((item) => item.id));
    const notGenerated = jobs.map((job) => job.request.item.id).filter((id) => !done.has(id));
    return {
      out,
      metadata,
      items,
      ...(loraReport ? { lora: loraReport, loras: loraReports } : {}),
      interrupted: { reason: reasonOf(interruption), notGenerated },
      outcome: ok === 0 ? 'failure' : 'partial',
    };
  }
  const outcome: Outcome = ok === items.length ? 'ok' : ok === 0 ? 'failure' : 'partial';
  return { out, metadata, items, ...(loraReport ? { lora: loraReport, loras: loraReports } : {}), outcome };
}

/** The options without the keys set to undefined, so that defaults fill them. */
function withoutUndefined<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as T;
}
