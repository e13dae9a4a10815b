import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { NoImagesError, reasonOf, UsageError, type FaceAnalyzer, type ProgressCallback } from '@geneava/core';
import {
  buildSummary,
  evaluatePairs,
  findLabelId,
  labelsForPair,
  listImages,
  pairImages,
  pairRecords,
  PlacementsFileError,
  readPlacements,
  PLACEMENTS_FILE,
  preservationSetMetrics,
  PRESERVATION_EVALUATOR_INFO,
  PreservationEvaluator,
  resolveIdentityThresholds,
  writeEvaluationReport,
  type EvaluationSummary,
  type ItemLabels,
  type PairOutcome,
  type ReportFiles,
} from '@geneava/evaluator';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { readLabelsFlag } from './read-labels-flag.js';

export interface EvaluateRequest {
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
  /** Builds the face analyzer; called only when there is at least one pair to score. */
  createAnalyzer(): Promise<FaceAnalyzer>;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
}

export interface EvaluateResult {
  readonly summary: EvaluationSummary;
  readonly files: ReportFiles;
  readonly out: string;
  readonly outcomes: readonly PairOutcome[];
  readonly exitCode: ExitCode;
}

/**
 * Pairs the two folders by file name, scores every pair with the preservation evaluator, and writes
 * pairs.jsonl, pairs.csv and summary.json to `out`. Exit code: 0 every pair scored and every file
 * paired, 2 some pairs failed or some files had no partner, 1 no pair could be scored.
 * Bad flags, missing folders and unusable labels files are usage errors, thrown before any work.
 */
export async function evaluateHandler(request: EvaluateRequest, cwd: string, services: EvaluateServices): Promise<EvaluateResult> {
  const realDir = resolve(cwd, request.real);
  const avatarDir = resolve(cwd, request.avatars);
  const out = resolve(cwd, request.out);
  const [realListing, avatarListing] = await Promise.all([listFolder('--real', realDir), listFolder('--avatars', avatarDir)]);
  const labelsFile = request.labels === undefined ? undefined : resolve(cwd, request.labels);
  const labels = labelsFile === undefined ? undefined : await readLabelsFlag(labelsFile);
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
  let evaluator: PreservationEvaluator | undefined;
  if (jobs.length > 0) {
    const analyzer = await services.createAnalyzer();
    evaluator = new PreservationEvaluator(analyzer, { thresholds: request.thresholds ?? {}, ownsAnalyzer: true });
    try {
      outcomes = await evaluatePairs(jobs, evaluator, {
        realDir,
        avatarDir,
        ...(placements ? { placements } : {}),
        ...(services.onProgress ? { onProgress: services.onProgress } : {}),
        ...(services.signal ? { signal: services.signal } : {}),
      });
    } finally {
      await evaluator.dispose();
    }
  }

  const scored = outcomes.flatMap((outcome) => (outcome.status === 'ok' ? [{ labels: outcome.labels, evaluation: outcome.evaluation }] : []));
  const sets = preservationSetMetrics(scored, request.resamples === undefined ? {} : { resamples: request.resamples });
  const summary = buildSummary({
    evaluator: PRESERVATION_EVALUATOR_INFO,
    ...(evaluator ? { analyzer: evaluator.analyzer.info } : {}),
    thresholds,
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
  const exitCode = ok === 0 ? EXIT.failure : failed > 0 || unpaired.length > 0 ? EXIT.partial : EXIT.ok;
  return { summary, files, out, outcomes, exitCode };
}

/** The placements file to use: the one given, else the avatar folder's own when it has one. */
async function findPlacements(flag: string | false | undefined, cwd: string, avatarDir: string): Promise<string | undefined> {
  if (flag === false) return undefined;
  if (flag !== undefined) return resolve(cwd, flag);
  const beside = join(avatarDir, PLACEMENTS_FILE);
  return access(beside).then(() => beside, () => undefined);
}

/** Turns "mobileface=0.45,arcface=0.3" style entries into thresholds by model. */
export function parseThresholds(entries: readonly string[] | undefined): Record<string, number> {
  const thresholds: Record<string, number> = {};
  for (const entry of entries ?? []) {
    const match = /^([A-Za-z0-9._-]+)=(.+)$/.exec(entry.trim());
    const value = match ? Number(match[2]) : Number.NaN;
    if (!match || !Number.isFinite(value)) throw new UsageError(`--threshold: expected MODEL=COSINE (e.g. mobileface=0.5), got "${entry}"`);
    thresholds[match[1]!] = value;
  }
  return thresholds;
}

async function listFolder(flag: string, dir: string) {
  try {
    return await listImages(dir);
  } catch (error) {
    throw new UsageError(`${flag}: ${reasonOf(error)}`);
  }
}

