import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { compareAvatarFolders } from '@geneava/core/dataset-format';
import { decodeImage, NoImagesError, writeImageAtomic } from '@geneava/core/image';
import { reasonOf, UsageError } from '@geneava/core/util';
import type { Evaluator, FaceAnalyzer, ProgressCallback, Stylizer } from '@geneava/core/contracts';
import {
  buildComparisonModel,
  collectThumbnails,
  labelsForPair,
  memoizeFaceAnalyzer,
  resolveIdentityThresholds,
  runComparison,
  thumbnailIds,
  writeComparisonReport,
  type ComparedStylizer,
  type ComparisonFiles,
  type ComparisonModel,
  type ComparisonRun,
  type NamedStylizer,
} from '@geneava/evaluator';
import type { EvaluatorFactory } from '../evaluation/resolve-evaluator.js';
import { readLabelsFile } from '../labels/read-labels-file.js';
import type { Outcome } from '../outcome.js';
import { withPipelineSession, type FaceModelOptions, type PipelineSession, type SessionOptions } from '../session/pipeline-session.js';
import { ONNX_STYLIZER_NAME, type StylizerChoice } from '../stylize/stylizer-choice.js';
import { listInputImages, outputPaths } from '../stylize/stylize-inputs.js';

/**
 * What to compare. Without services, the function opens a session of its own from `config` and `cwd`
 * (as the CLI does) and builds the stylizers, the face analyzer (`faceModels`, `arcface`) and the
 * evaluator there; with services, those options are not used.
 */
export interface CompareOptions extends SessionOptions, FaceModelOptions {
  /** Folder `input`, `out` and `labels` are relative to (default: the process's working folder). */
  readonly cwd?: string;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
  /** "NAME" (an enabled stylizer plugin), "NAME:MODELS_DIR" (with its model folder) or "onnx:DESCRIPTOR.json". */
  readonly stylizers: readonly string[];
  /** Folder of photos (searched recursively). */
  readonly input: string;
  /** Folder for avatars/, comparison.json, comparison.csv and report.html. */
  readonly out: string;
  /** CSV or JSONL with id, expression, gender, race, ageGroup. */
  readonly labels?: string;
  /** Identity thresholds by model, over the defaults. */
  readonly thresholds?: Readonly<Record<string, number>>;
  readonly resamples?: number;
  readonly seed?: number;
  /** Worst cases shown per stylizer (default 4). */
  readonly worst?: number;
  /** Items in the report's sample grid (default 8). */
  readonly sample?: number;
  /** Compare on the first N photos only (in path order). */
  readonly maxImages?: number;
}

export interface CompareServices {
  /** Builds one stylizer (owned by the caller's run scope). Called once per --stylizers entry, in order. */
  createStylizer(choice: StylizerChoice): Promise<Stylizer>;
  /** Builds the face analyzer (detection and evaluation share it); the comparison disposes it when done. */
  createAnalyzer(): Promise<FaceAnalyzer>;
  /** Builds the evaluator on that analyzer, with the thresholds of the request (evaluatorFactory of the run). */
  readonly createEvaluator: EvaluatorFactory;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
  /** The report's time stamp (default: now). */
  readonly now?: () => Date;
}

export interface CompareResult {
  readonly model: ComparisonModel;
  readonly files: ComparisonFiles;
  readonly out: string;
  /** Folder of the avatars, one subfolder per stylizer. */
  readonly avatarsDir: string;
  /** 'ok' every photo compared by every stylizer; 'partial' some pairs failed or photos were skipped; 'failure' none scored. */
  readonly outcome: Outcome;
}

/**
 * Runs every stylizer on the same photos (faces detected once and given to all), scores every
 * (photo, avatar) pair with the run's evaluator (the configured evaluator plugin, by default the
 * preservation evaluator), and writes the avatars, comparison.json, comparison.csv and report.html to
 * `out`. Outcome: 'ok' every photo compared by every stylizer, 'partial' some pairs failed or some photos
 * were skipped (unreadable, no face), 'failure' no pair could be scored.
 * Bad options, a missing folder and an unusable labels file are usage errors, thrown before any model loads.
 */
export async function compareStylizers(request: CompareOptions, services?: CompareServices): Promise<CompareResult> {
  if (!services) return withPipelineSession(request, async (session) => compareStylizers(request, await compareServices(session, request)));
  const cwd = request.cwd ?? process.cwd();
  const choices = parseStylizerSpecs(request.stylizers);
  const inputDir = resolve(cwd, request.input);
  const out = resolve(cwd, request.out);
  const inputIsFolder = await stat(inputDir).then((s) => s.isDirectory(), () => false);
  if (!inputIsFolder) throw new UsageError(`--input ${request.input}: not a folder (give the folder of photos to compare on)`);
  if (out === inputDir) throw new UsageError('--out must be another folder than --input');
  for (const [flag, value] of [['--resamples', request.resamples], ['--max-images', request.maxImages]] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) throw new UsageError(`${flag} must be a positive whole number, got ${value}`);
  }
  for (const [flag, value] of [['--worst', request.worst], ['--sample', request.sample]] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) throw new UsageError(`${flag} must be a whole number, 0 or more, got ${value}`);
  }
  if (request.seed !== undefined && !Number.isInteger(request.seed)) throw new UsageError(`--seed must be a whole number, got ${request.seed}`);
  let thresholds;
  try {
    thresholds = resolveIdentityThresholds(request.thresholds);
  } catch (error) {
    throw new UsageError(`--threshold: ${reasonOf(error)}`);
  }
  const labelsFile = request.labels === undefined ? undefined : resolve(cwd, request.labels);
  const labelsById = labelsFile === undefined ? undefined : await readLabelsFile(labelsFile);

  const listing = await listInputImages(inputDir, out);
  const files = listing.images.slice(0, request.maxImages ?? listing.images.length);
  if (files.length === 0) throw new NoImagesError(`--input ${request.input}`, listing);
  // Item ids are the avatar paths without ".png": "trip/anna", or "anna.jpg" where two photos share a name.
  const avatarPaths = outputPaths(files);
  const items = files.map((file) => {
    const avatar = avatarPaths.get(file)!;
    const id = avatar.slice(0, -'.png'.length);
    return { id, file, avatar, labels: labelsForPair({ id, real: file, avatar }, labelsById) };
  });

  const stylizers: NamedStylizer[] = [];
  for (const choice of choices) {
    const stylizer = await services.createStylizer(choice);
    stylizers.push({ name: uniqueName(choice.name === ONNX_STYLIZER_NAME ? stylizer.info.id : choice.name, stylizers), stylizer });
  }
  const avatarsDir = join(out, 'avatars');
  const folders = new Map([...compareAvatarFolders(stylizers.map(({ name }) => name))].map(([name, folder]) => [name, join(avatarsDir, folder)]));
  const avatarFile = new Map(items.map((item) => [item.id, item.avatar]));

  // One analyzer detects the faces the stylizers get and scores the pairs; it is released once every
  // pair is scored, failed or not (the evaluator belongs to the caller's run).
  const analyzer = memoizeFaceAnalyzer(await services.createAnalyzer());
  let evaluator: Evaluator;
  let run: ComparisonRun;
  try {
    evaluator = await services.createEvaluator(analyzer, request.thresholds ?? {});
    run = await runComparison(
      items.map((item) => ({ id: item.id, load: () => decodeImage(join(inputDir, item.file), { source: item.file }) })),
      {
        stylizers,
        evaluator,
        detectFaces: (image) => analyzer.detect(image),
        onAvatar: (name, id, avatar) => writeImageAtomic(join(folders.get(name)!, avatarFile.get(id)!), avatar.image),
        ...(services.onProgress ? { onProgress: services.onProgress } : {}),
        ...(services.signal ? { signal: services.signal } : {}),
      },
    );
  } finally {
    await analyzer.dispose?.();
  }
  // The thresholds the evaluator used (the config's under the request's), when it says.
  const usedThresholds = (evaluator as { thresholds?: typeof thresholds }).thresholds ?? thresholds;

  const compared: ComparedStylizer[] = stylizers.map(({ name, stylizer }) => {
    const { id, style, version, geometryPreserving } = stylizer.info;
    return { name, id, style, version, geometryPreserving };
  });
  const model = buildComparisonModel(
    {
      stylizers: compared,
      pairs: run.pairs,
      labels: Object.fromEntries(items.map((item) => [item.id, item.labels])),
      skipped: run.skipped,
      generatedAt: (services.now?.() ?? new Date()).toISOString(),
      context: {
        Input: inputDir,
        Analyzer: `${analyzer.info.id} ${analyzer.info.version} (${analyzer.info.identityModels.join(', ')})`,
        Evaluator: `${evaluator.info.id} ${evaluator.info.version}`,
        'Identity thresholds': Object.entries(usedThresholds)
          .map(([model, source]) => `${model} ${source.threshold}`)
          .join(', '),
        ...(labelsFile ? { Labels: labelsFile } : {}),
      },
    },
    {
      ...(request.resamples === undefined ? {} : { resamples: request.resamples }),
      ...(request.seed === undefined ? {} : { seed: request.seed }),
      ...(request.worst === undefined ? {} : { worstCases: request.worst }),
      ...(request.sample === undefined ? {} : { galleryItems: request.sample }),
    },
  );
  const okPairs = new Set(run.pairs.filter((pair) => pair.status === 'ok').map((pair) => `${pair.stylizer}\n${pair.id}`));
  const fileOf = new Map(items.map((item) => [item.id, item.file]));
  const thumbnails = await collectThumbnails(
    thumbnailIds(model),
    compared.map((stylizer) => stylizer.name),
    {
      realPath: (id) => join(inputDir, fileOf.get(id)!),
      avatarPath: (name, id) => (okPairs.has(`${name}\n${id}`) ? join(folders.get(name)!, avatarFile.get(id)!) : undefined),
      // Thumbnails show the scored face, not the whole (often group) photo.
      faceBox: (id) => run.faceBoxes[id],
      // Avatar thumbnails show the same face where the stylizer put it (crop outputs included).
      avatarFaceBox: (name, id) => run.avatarFaceBoxes[name]?.[id],
    },
  );
  const withImages = { ...model, thumbnails };
  const written = await writeComparisonReport(out, withImages);
  const { compared: comparedItems, failedPairs, skipped } = model.counts;
  const outcome: Outcome = comparedItems === 0 ? 'failure' : failedPairs > 0 || skipped > 0 ? 'partial' : 'ok';
  return { model: withImages, files: written, out, avatarsDir, outcome };
}

/** The services of a comparison in a session: its stylizers, the embedded face analyzer, the evaluator plugin. */
export async function compareServices(
  session: PipelineSession,
  options: FaceModelOptions & { readonly onProgress?: ProgressCallback; readonly signal?: AbortSignal } = {},
): Promise<CompareServices> {
  const { onProgress, signal } = options;
  return {
    createStylizer: (choice) => session.createStylizer(choice, onProgress),
    createAnalyzer: () => session.createAnalyzer(options),
    createEvaluator: await session.evaluators(onProgress),
    ...(onProgress ? { onProgress } : {}),
    ...(signal ? { signal } : {}),
  };
}

/**
 * "--stylizers classic,onnx:styles/anime.json,dctnet:models/dctnet": a plugin name, optionally with its
 * model folder after a colon, or "onnx:" and a descriptor file. Each entry may be given once.
 */
export function parseStylizerSpecs(specs: readonly string[]): StylizerChoice[] {
  if (specs.length === 0) throw new UsageError('--stylizers: name at least one stylizer, e.g. --stylizers classic,onnx:styles/anime.json');
  const seen = new Set<string>();
  return specs.map((raw) => {
    const spec = raw.trim();
    if (seen.has(spec)) throw new UsageError(`--stylizers: "${spec}" is given twice`);
    seen.add(spec);
    const colon = spec.indexOf(':');
    const name = colon < 0 ? spec : spec.slice(0, colon);
    const rest = colon < 0 ? undefined : spec.slice(colon + 1);
    if (!name || rest === '') throw new UsageError(`--stylizers: "${spec}" is not NAME, NAME:MODELS_DIR or ${ONNX_STYLIZER_NAME}:DESCRIPTOR.json`);
    if (name === ONNX_STYLIZER_NAME) {
      if (rest === undefined) throw new UsageError(`--stylizers: "${ONNX_STYLIZER_NAME}" needs a descriptor file: ${ONNX_STYLIZER_NAME}:path/to/descriptor.json`);
      return { name, descriptor: rest };
    }
    return rest === undefined ? { name } : { name, models: rest };
  });
}

/** The stylizer's name, with "-2", "-3"... when another one already goes by it (two descriptors with one id). */
function uniqueName(name: string, taken: readonly NamedStylizer[]): string {
  const names = new Set(taken.map((stylizer) => stylizer.name));
  if (!names.has(name)) return name;
  let k = 2;
  while (names.has(`${name}-${k}`)) k++;
  return `${name}-${k}`;
}


