import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { NoImagesError } from '@geneava/core/image';
import { reasonOf, UsageError } from '@geneava/core/util';
import type { Evaluator, FaceAnalyzer, ProgressCallback } from '@geneava/core/contracts';
import {
  buildSummary,
  evaluatePairs,
  findLabelId,
  labelsForPair,
  listImages,
  pairImages,
  pairRecords,
  preservationSetMetrics,
  PRESERVATION_EVALUATOR_INFO,
  resolveIdentityThresholds,
  writeEvaluationReport,
  type EvaluationSummary,
  type ItemLabels,
  type PairOutcome,
  type ReportFiles,
} from '@geneava/evaluator';
import { PLACEMENTS_FILE, PlacementsFileError, readPlacements } from '@geneava/core/dataset-format';
import type { EvaluatorFactory } from '../evaluation/resolve-evaluator.js';
import { readLabelsFile } from '../labels/read-labels-file.js';
import type { Outcome } from '../outcome.js';
import { withPipelineSession, type FaceModelOptions, type PipelineSession, type SessionOptions } from '../session/pipeline-session.js';

/**
 * What to evaluate. Without services, the function opens a session of its own from `config` and `cwd`
 * (as the CLI does) and builds the face analyzer (`faceModels`, `arcface`) and the evaluator there.
 */
export interface EvaluateFoldersOptions extends SessionOptions, FaceModelOptions {
  /** Folder the other paths are relative to (default: the process's working folder). */
  readonly cwd?: string;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
  /** Folder of real photos. */
  readonly real: string;
  /** Folder of avatars, named like the real photos. */
  readonly avatars: string;
  /** Folder the report is written to. */
  readonly out: string;
  /** CSV or JSONL file with expression and demographic labels by id. */
  readonly labels?: string;
  /** Identity thresholds by model, over the defaults. */
  readonly thresholds?: Readonly<Record<string, number>>;
  /** Bootstrap resamples per set metric (default 10,000). */
  readonly resamples?: number;
  /**
   * `stylize`'s placements.jsonl: the faces each avatar's stylizer was given and where it put them.
   * Default: the avatar folder's placements.jsonl when there is one; false: none (each face is expected
   * where the photo's frame scaled to the avatar's size puts it).
   */
  readonly placements?: string | false;
}

export interface EvaluateServices {
  /** Builds the face analyzer; called only when there is at least one pair to score, and disposed after. */
  createAnalyzer(): Promise<FaceAnalyzer>;
  /** Builds the evaluator on that analyzer, with the thresholds of the request (evaluatorFactory of the run). */
  readonly createEvaluator: EvaluatorFactory;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
}

export interface EvaluateResult {
  readonly summary: EvaluationSummary;
  readonly files: ReportFiles;
  readonly out: string;
  /** What happened to each pair. */
  readonly outcomes: readonly PairOutcome[];
  /** 'ok' every pair scored and every file paired; 'partial' some pairs failed or files had no partner; 'failure' none scored. */
  readonly outcome: Outcome;
}

/**
 * Pairs the two folders by file name, scores every pair with the run's evaluator (the configured
 * evaluator plugin, by default the preservation evaluator), and writes pairs.jsonl, pairs.csv and
 * summary.json to `out`. Outcome: 'ok' every pair scored and every file paired, 'partial' some pairs
 * failed or some files had no partner, 'failure' no pair could be scored.
 * Bad options, missing folders and unusable labels files are usage errors, thrown before any work.
 */
export async function evaluateFolders(request: EvaluateFoldersOptions, services?: EvaluateServices): Promise<EvaluateResult> {
  if (!services) return withPipelineSession(request, async (session) => evaluateFolders(request, await evaluateServices(session, request)));
  const cwd = request.cwd ?? process.cwd();
  const realDir = resolve(cwd, request.real);
  const avatarDir = resolve(cwd, request.avatars);
  const out = resolve(cwd, request.out);
  const [realListing, avatarListing] = await Promise.all([listFolder('--real', realDir), listFolder('--avatars', avatarDir)]);
  const labelsFile = request.labels === undefined ? undefined : resolve(cwd, request.labels);
  const labels = labelsFile === undefined ? undefined : await readLabelsFile(labelsFile);
  // Thresholds are checked before the models load, so a typo costs nothing.
  let thresholds;
  try {
    thresholds = resolveIdentityThresholds(request.thresholds);
  } catch (error) {
    throw new UsageError(`--threshold: ${reasonOf(error)}`);
  }
  // The same usage error as stylize, compare and run --source give a folder without images.
  if (realListing.images.length === 0) throw new NoImagesError(`--real ${request.real}`, { skipped: realListing.ignored });
  if (avatarListing.images.length === 0) throw new NoImagesError(`--avatars ${request.avatars}`, { skipped: avatarListing.ignored });

  const placementsFile = await findPlacements(request.placements, cwd, avatarDir);
  let placements;
  try {
    placements = placementsFile === undefined ? undefined : await readPlacements(placementsFile);
  } catch (error) {
    if (error instanceof PlacementsFileError) throw new UsageError(`--placements: ${error.message}`);
    throw error;
  }

  const { pairs, unpaired } = pairImages(realListing.images, avatarListing.images);
  const jobs = pairs.map((pair) => ({ ...pair, labels: labelsForPair(pair, labels) as ItemLabels }));
  const matchedLabels = labels ? new Set(pairs.map((pair) => findLabelId(pair, labels)).filter((id) => id !== undefined)).size : 0;

  let outcomes: PairOutcome[] = [];
  let evaluator: Evaluator | undefined;
  let analyzer: FaceAnalyzer | undefined;
  if (jobs.length > 0) {
    analyzer = await services.createAnalyzer();
    try {
      evaluator = await services.createEvaluator(analyzer, request.thresholds ?? {});
      outcomes = await evaluatePairs(jobs, evaluator, {
        realDir,
        avatarDir,
        ...(placements ? { placements } : {}),
        ...(services.onProgress ? { onProgress: services.onProgress } : {}),
        ...(services.signal ? { signal: services.signal } : {}),
      });
    } finally {
      await analyzer.dispose?.();
    }
  }
  // The thresholds the evaluator used (the config's under the request's), when it says.
  const usedThresholds = (evaluator as { thresholds?: typeof thresholds } | undefined)?.thresholds ?? thresholds;

  const scored = outcomes.flatMap((outcome) => (outcome.status === 'ok' ? [{ labels: outcome.labels, evaluation: outcome.evaluation }] : []));
  const sets = preservationSetMetrics(scored, request.resamples === undefined ? {} : { resamples: request.resamples });
  const summary = buildSummary({
    // No pair, no evaluator built: the summary names the default one.
    evaluator: evaluator?.info ?? PRESERVATION_EVALUATOR_INFO,
    ...(analyzer ? { analyzer: analyzer.info } : {}),
    thresholds: usedThresholds,
    outcomes,
    unpaired,
    // The placements file beside the avatars is input, not a stray file.
    ignoredFiles: realListing.ignored.length + avatarListing.ignored.filter((file) => !(placements && file === PLACEMENTS_FILE)).length,
    ...(placementsFile && placements ? { placements: { file: placementsFile, avatars: placements.size } } : {}),
    ...(labelsFile && labels ? { labels: { file: labelsFile, entries: labels.size, matched: matchedLabels } } : {}),
    sets,
  });
  const files = await writeEvaluationReport(out, pairRecords(outcomes, unpaired), summary);
  const { ok, failed } = summary.counts;
  const outcome: Outcome = ok === 0 ? 'failure' : failed > 0 || unpaired.length > 0 ? 'partial' : 'ok';
  return { summary, files, out, outcomes, outcome };
}

/** The services of an evaluation in a session: the embedded face analyzer and the evaluator plugin. */
export async function evaluateServices(
  session: PipelineSession,
  options: FaceModelOptions & { readonly onProgress?: ProgressCallback; readonly signal?: AbortSignal } = {},
): Promise<EvaluateServices> {
  const { onProgress, signal } = options;
  return {
    createAnalyzer: () => session.createAnalyzer(options),
    createEvaluator: await session.evaluators(onProgress),
    ...(onProgress ? { onProgress } : {}),
    ...(signal ? { signal } : {}),
  };
}

/** The placements file to use: the one given, else the avatar folder's own when it has one. */
async function findPlacements(flag: string | false | undefined, cwd: string, avatarDir: string): Promise<string | undefined> {
  if (flag === false) return undefined;
  if (flag !== undefined) return resolve(cwd, flag);
  const beside = join(avatarDir, PLACEMENTS_FILE);
  return access(beside).then(() => beside, () => undefined);
}

async function listFolder(flag: string, dir: string) {
  try {
    return await listImages(dir);
  } catch (error) {
    throw new UsageError(`${flag}: ${reasonOf(error)}`);
  }
}

