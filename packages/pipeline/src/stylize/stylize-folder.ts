import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  decodeImage,
  ImageDecodeError,
  NoImagesError,
  writeImageAtomic,
} from '@geneava/core/image';
import { facesForStylizer, faceTransformsProblem } from '@geneava/core/geometry';
import { callStylizer, guardItem } from '@geneava/core/plugins';
import { reasonOf, UsageError, writeJsonlAtomic } from '@geneava/core/util';
import type {
  DetectedFace,
  ProgressCallback,
  RgbImage,
  StylizedFace,
  Stylizer,
} from '@geneava/core/contracts';
import { PLACEMENTS_FILE, type PlacementRecord } from '@geneava/core/dataset-format';
import type { Outcome } from '../outcome.js';
import { withPipelineSession, type PipelineSession, type SessionOptions } from '../session/pipeline-session.js';
import type { FaceDetectorFactory } from './face-detection.js';
import { listInputImages, outputPaths, type InputListing } from './stylize-inputs.js';
import type { StylizerChoice } from './stylizer-choice.js';

export type FileStatus = 'ok' | 'failed' | 'skipped';

/** What happened to one file of the input folder. */
export interface StylizedFileRecord {
  /** Relative to the input folder, forward slashes. */
  readonly file: string;
  readonly status: FileStatus;
  /** The avatar, relative to the output folder (status ok). */
  readonly output?: string;
  readonly outcome?: StylizedFace['outcome'];
  readonly facesStylized?: number;
  /** Faces the detection step found (absent when no detector ran). */
  readonly facesDetected?: number;
  /** Where the stylizer put each detected face (StylizedFace.faceTransforms), when it said. */
  readonly faceTransforms?: StylizedFace['faceTransforms'];
  readonly notes?: readonly string[];
  /** One line: why the file failed or was skipped. */
  readonly reason?: string;
  readonly ms?: number;
}

export interface StylizeSummary {
  /** Image files found (skipped files not counted). */
  readonly images: number;
  readonly ok: number;
  readonly failed: number;
  readonly skipped: number;
  readonly outcomes: { readonly stylized: number; readonly 'no-face': number; readonly 'whole-image': number };
  readonly facesStylized: number;
  readonly seconds: number;
}

/**
 * Whether faces were detected for the stylizer: 'off' (not asked for), 'on', 'unavailable' (no detector
 * could be created), 'not-run' (no image got that far).
 */
export type FaceDetectionState = 'off' | 'on' | 'unavailable' | 'not-run';

export interface StylizeImagesOptions {
  /** Name the stylizer goes by (progress task, failure prefix). */
  readonly name: string;
  readonly stylizer: Stylizer;
  readonly inputDir: string;
  readonly outDir: string;
  /** The input folder's listing, when the caller made it already (to refuse an empty folder before loading a stylizer). */
  readonly listing?: InputListing;
  /** Face detection; absent: never detect (the stylizer gets no faces). */
  readonly faceDetector?: FaceDetectorFactory;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
}

export interface StylizeFolderResult {
  readonly summary: StylizeSummary;
  readonly faceDetection: FaceDetectionState;
  /**
   * placements.jsonl in the output folder: per avatar, the faces given and where the stylizer put them,
   * for `geneava evaluate` (absent when no faces were detected).
   */
  readonly placements?: string;
  /** Every file, images and skipped ones, in path order. */
  readonly files: readonly StylizedFileRecord[];
  /** 'ok' every image stylized; 'partial' some failed; 'failure' none could be. */
  readonly outcome: Outcome;
}

/** The folders of a stylize job, checked, with the input folder's listing. */
export interface StylizeFolders {
  readonly inputDir: string;
  readonly outDir: string;
  readonly listing: InputListing;
}

/**
 * Checks the folders of a stylize job before any stylizer loads: `input` is a folder with images and
 * `out` another folder (avatars are written as .png and would replace PNG photos). Usage errors name
 * the option; a folder without images is the same error in every command.
 */
export async function checkStylizeFolders(options: { readonly input: string; readonly out: string; readonly cwd?: string }): Promise<StylizeFolders> {
  const cwd = options.cwd ?? process.cwd();
  const inputDir = resolve(cwd, options.input);
  const outDir = resolve(cwd, options.out);
  const inputIsFolder = await stat(inputDir).then((s) => s.isDirectory(), () => false);
  if (!inputIsFolder) throw new UsageError(`--input ${options.input}: not a folder (give the folder of photos to stylize)`);
  if (outDir === inputDir) throw new UsageError('--out must be another folder than --input (avatars are written as .png and would replace PNG photos)');
  const listing = await listInputImages(inputDir, outDir);
  if (listing.images.length === 0) throw new NoImagesError(`--input ${options.input}`, listing);
  return { inputDir, outDir, listing };
}

/**
 * Stylizes every image below `inputDir` into `outDir/<relative path>.png`, one at a time. A file that
 * cannot be decoded, a face detection that throws, a stylizer that throws on an item or reports face
 * transforms that do not fit its faces, and a write that fails each fail that file only, with a one-line
 * reason; the batch goes on. Avatars are written atomically, so an interrupted run leaves complete files.
 *
 * Faces: with a detector, every image's faces are detected and given to the stylizer in the form
 * `compare` and `run` give them (facesForStylizer), whatever kind of stylizer it is, so one stylizer
 * makes the same avatar bytes from the same photo in every command.
 */
export async function stylizeImages(options: StylizeImagesOptions): Promise<StylizeFolderResult> {
  const started = performance.now();
  const { name, stylizer, inputDir, outDir, onProgress, signal } = options;
  const listing = options.listing ?? (await listInputImages(inputDir, outDir));
  const targets = outputPaths(listing.images);
  const task = `stylize:${name}`;
  const total = listing.images.length;
  const records: StylizedFileRecord[] = listing.skipped.map(({ file, reason }) => ({ file, status: 'skipped', reason }));
  let detectionState: FaceDetectionState = options.faceDetector ? 'not-run' : 'off';
  const placements: PlacementRecord[] = [];
  const detect = async (image: RgbImage): Promise<{ faces?: DetectedFace[]; error?: string }> => {
    const find = await options.faceDetector?.();
    if (!find) {
      if (options.faceDetector) detectionState = 'unavailable';
      return {};
    }
    detectionState = 'on';
    try {
      return { faces: facesForStylizer(await find(image)) };
    } catch (error) {
      return { error: `face detection: ${reasonOf(error)}` };
    }
  };
  onProgress?.({ task, done: 0, total });

  for (const [index, file] of listing.images.entries()) {
    signal?.throwIfAborted();
    const itemStarted = performance.now();
    const failed = (reason: string): StylizedFileRecord => ({ file, status: 'failed', reason, ms: Math.round(performance.now() - itemStarted) });

    const record = await (async (): Promise<StylizedFileRecord> => {
      let image: RgbImage;
      try {
        image = await decodeImage(join(inputDir, file), { source: file });
      } catch (error) {
        return failed(error instanceof ImageDecodeError ? error.reason : reasonOf(error));
      }
      const found = await detect(image);
      if (found.error) return failed(found.error);
      const faces = found.faces;
      // The stylizer gets its own copy of the faces (placements.jsonl records the faces detected, not
      // boxes the stylizer moved to where it wants `evaluate` to look), and whatever it returns fails
      // its own item only.
      const outcome = await guardItem(file, `stylizer "${name}"`, () => callStylizer(stylizer, { id: file, image, ...(faces ? { faces } : {}) }, signal ? { signal } : {}));
      if (!outcome.ok) return failed(outcome.reason);
      const result = outcome.value;
      const problem = faceTransformsProblem(result.faceTransforms, faces?.length ?? 0);
      if (problem) return failed(`stylizer "${name}": ${problem}`);
      const output = targets.get(file)!;
      try {
        await writeImageAtomic(join(outDir, output), result.image);
      } catch (error) {
        return failed(reasonOf(error));
      }
      if (faces) placements.push({ avatar: output, real: file, faces, ...(result.faceTransforms ? { faceTransforms: result.faceTransforms } : {}) });
      return {
        file,
        status: 'ok',
        output,
        outcome: result.outcome,
        facesStylized: result.facesStylized,
        ...(faces ? { facesDetected: faces.length } : {}),
        ...(result.faceTransforms ? { faceTransforms: result.faceTransforms } : {}),
        ...(result.notes?.length ? { notes: result.notes } : {}),
        ms: Math.round(performance.now() - itemStarted),
      };
    })();
    records.push(record);
    onProgress?.({ task, done: index + 1, total, item: file, status: record.status === 'ok' ? 'ok' : 'failed', ...(record.reason ? { message: record.reason } : {}) });
  }

  records.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const placementsFile = placements.length > 0 ? join(outDir, PLACEMENTS_FILE) : undefined;
  if (placementsFile) await writeJsonlAtomic(placementsFile, placements);
  const ok = records.filter((r) => r.status === 'ok');
  const failedCount = records.filter((r) => r.status === 'failed').length;
  const count = (outcome: StylizedFace['outcome']) => ok.filter((r) => r.outcome === outcome).length;
  return {
    summary: {
      images: total,
      ok: ok.length,
      failed: failedCount,
      skipped: listing.skipped.length,
      outcomes: { stylized: count('stylized'), 'no-face': count('no-face'), 'whole-image': count('whole-image') },
      facesStylized: ok.reduce((sum, r) => sum + (r.facesStylized ?? 0), 0),
      seconds: Math.round(performance.now() - started) / 1000,
    },
    faceDetection: detectionState,
    ...(placementsFile ? { placements: placementsFile } : {}),
    files: records,
    outcome: failedCount === 0 ? 'ok' : ok.length > 0 ? 'partial' : 'failure',
  };
}

/** The default stylizer: the weights-free classic cartoon filter. */
export const DEFAULT_STYLIZER = 'classic';

/**
 * A folder to stylize. Without services, the function opens a session of its own from `config` and
 * `cwd` (as the CLI does) and builds the stylizer and the face detection there.
 */
export interface StylizeFolderOptions extends SessionOptions {
  /** Folder of photos (searched recursively; other files are skipped). */
  readonly input: string;
  /** Folder for the avatars: <out>/<relative path>.png, and placements.jsonl when faces were detected. */
  readonly out: string;
  /** An enabled (or installed) stylizer plugin's name, or "onnx" with `descriptor` (default "classic"). */
  readonly stylizer?: string;
  /** Declarative ONNX stylizer: a shipped descriptor's name or a descriptor file. */
  readonly descriptor?: string;
  /** Model folder, passed to the plugin as its `models` option. */
  readonly models?: string;
  /** Detect faces and give them to the stylizer, as compare and run do (default true). */
  readonly faces?: boolean;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
}

export interface StylizeServices {
  /** Builds the stylizer chosen (owned by the caller's run). */
  createStylizer(choice: StylizerChoice): Promise<Stylizer>;
  /** Face detection, used unless `faces` is false. */
  readonly faceDetector?: FaceDetectorFactory;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
}

/** What stylized the folder. */
export interface StylizerDescription {
  readonly name: string;
  readonly id: string;
  readonly style: string;
  readonly version: string;
  readonly needsWeights: boolean;
  readonly geometryPreserving: boolean;
}

export interface StylizeFolderRun extends StylizeFolderResult {
  readonly stylizer: StylizerDescription;
  /** The input and output folders, absolute. */
  readonly input: string;
  readonly out: string;
}

/**
 * Stylizes a folder of photos with the stylizer named, as `geneava stylize` does: the folders are
 * checked before any model loads (usage errors), faces are detected and given to the stylizer, each
 * avatar is written as it is made, and every file gets its record. Outcome: 'ok' every image stylized,
 * 'partial' some failed, 'failure' none could be.
 */
export async function stylizeFolder(options: StylizeFolderOptions, services?: StylizeServices): Promise<StylizeFolderRun> {
  if (!services) return withPipelineSession(options, (session) => stylizeFolder(options, stylizeServices(session, options)));
  const { inputDir, outDir, listing } = await checkStylizeFolders(options);
  const name = options.stylizer ?? DEFAULT_STYLIZER;
  const stylizer = await services.createStylizer({
    name,
    ...(options.descriptor !== undefined ? { descriptor: options.descriptor } : {}),
    ...(options.models !== undefined ? { models: options.models } : {}),
  });
  const faceDetector = options.faces === false ? undefined : services.faceDetector;
  const result = await stylizeImages({
    name,
    stylizer,
    inputDir,
    outDir,
    listing,
    ...(faceDetector ? { faceDetector } : {}),
    ...(services.onProgress ? { onProgress: services.onProgress } : {}),
    ...(services.signal ? { signal: services.signal } : {}),
  });
  const { id, style, version, needsWeights, geometryPreserving } = stylizer.info;
  return { stylizer: { name, id, style, version, needsWeights, geometryPreserving }, input: inputDir, out: outDir, ...result };
}

/** The services of a stylize job in a session: the stylizer named, and face detection on the embedded models. */
export function stylizeServices(
  session: PipelineSession,
  options: { readonly onProgress?: ProgressCallback; readonly signal?: AbortSignal } = {},
): StylizeServices {
  const { onProgress, signal } = options;
  return {
    createStylizer: (choice) => session.createStylizer(choice, onProgress),
    faceDetector: session.faceDetector(),
    ...(onProgress ? { onProgress } : {}),
    ...(signal ? { signal } : {}),
  };
}
