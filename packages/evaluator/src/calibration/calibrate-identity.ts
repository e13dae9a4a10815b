/**
 * Fits an identity model's same/different threshold on labelled pairs and returns it with its basis:
 * the data, the counts, the error rates at the threshold, the information gain, the score ranges and a
 * bootstrap interval of the threshold, so a default or a configured value can say where it came from.
 */
import { readFile } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import { decodeImage } from '@geneava/core/image';
import { reasonOf } from '@geneava/core/util';
import type { ProgressCallback } from '@geneava/core/contracts';
import { cosineSimilarity } from '@geneava/face-analysis';
import type { SetFaceEmbedder } from '../audit/memorization/face-set-embedder.js';
import { mulberry32, DEFAULT_SEED } from '../stats/random.js';
import { fitThresholdByInformationGain, type InformationGainFit } from './information-gain.js';
import type { IdentityPairSet } from './identity-pairs.js';

export const IDENTITY_THRESHOLD_FORMAT = 'geneava-identity-threshold';
export const IDENTITY_THRESHOLD_VERSION = 1;

/** Below these counts the record says the threshold is uncertain. */
export const MIN_CONFIDENT_SAME_PAIRS = 100;
export const MIN_CONFIDENT_PEOPLE = 50;

export interface ScoreRange {
  readonly min: number;
  readonly mean: number;
  readonly max: number;
}

export interface IdentityThresholdRecord extends InformationGainFit {
  readonly format: typeof IDENTITY_THRESHOLD_FORMAT;
  readonly version: typeof IDENTITY_THRESHOLD_VERSION;
  readonly model: string;
  /** What decides the embeddings (analyzer version, weights): a threshold holds for these only. */
  readonly fingerprint: string;
  readonly rule: string;
  /** 2.5 and 97.5 percentiles of the threshold refitted on pairs resampled with replacement. */
  readonly thresholdInterval95: readonly [number, number];
  readonly bootstrapResamples: number;
  readonly data: {
    readonly kind: IdentityPairSet['kind'];
    readonly path: string;
    /** What the pairs are, in words (e.g. "photo against its classic-stylized avatar"). */
    readonly description?: string;
    readonly people?: number;
    readonly images: number;
    /** Image paths here and in hardestPairs are relative to the people folder or the CSV's folder. */
    readonly imagesWithoutFace: readonly string[];
    readonly unreadable: readonly { readonly file: string; readonly reason: string }[];
    /** Pairs left out because an image had no face or could not be read. */
    readonly skippedPairs: number;
    readonly differentPairsAvailable?: number;
  };
  readonly scores: { readonly same: ScoreRange; readonly different: ScoreRange };
  /** The lowest-scoring same-person and highest-scoring different-person pairs: where labels or detection go wrong. */
  readonly hardestPairs: { readonly same: readonly CalibrationPair[]; readonly different: readonly CalibrationPair[] };
  /** Honest limits of the basis (few pairs, few people). */
  readonly caveats: readonly string[];
  readonly fittedAt: string;
}

export interface CalibrationPair {
  readonly a: string;
  readonly b: string;
  readonly score: number;
}

/** How many hardest pairs of each kind the record lists. */
export const HARDEST_PAIRS = 5;

export interface CalibrateIdentityOptions {
  readonly description?: string;
  /** Bootstrap resamples for the threshold interval (default 200). */
  readonly resamples?: number;
  readonly seed?: number;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
  /** Fixed clock for reproducible records (tests). */
  readonly now?: () => Date;
}

function range(values: readonly number[]): ScoreRange {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  return { min, mean: sum / values.length, max };
}

function percentile(sorted: readonly number[], p: number): number {
  const position = (sorted.length - 1) * p;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (position - lo);
}

/** The fit on already-scored pairs, with its bootstrap interval and caveats (no images involved). */
export function fitIdentityThreshold(
  same: readonly number[],
  different: readonly number[],
  options: { readonly resamples?: number; readonly seed?: number; readonly people?: number } = {},
): Omit<IdentityThresholdRecord, 'format' | 'version' | 'model' | 'fingerprint' | 'data' | 'hardestPairs' | 'fittedAt'> {
  const fit = fitThresholdByInformationGain(same, different);
  const resamples = options.resamples ?? 200;
  if (!(Number.isInteger(resamples) && resamples >= 0)) throw new RangeError(`bootstrap resamples must be a non-negative integer, got ${resamples}`);
  const random = mulberry32(options.seed ?? DEFAULT_SEED);
  const draw = (values: readonly number[]) => Array.from(values, () => values[Math.floor(random() * values.length)]!);
  const thresholds: number[] = [];
  for (let r = 0; r < resamples; r++) thresholds.push(fitThresholdByInformationGain(draw(same), draw(different)).threshold);
  thresholds.sort((x, y) => x - y);
  const interval: [number, number] = resamples > 0 ? [percentile(thresholds, 0.025), percentile(thresholds, 0.975)] : [fit.threshold, fit.threshold];
  const caveats: string[] = [];
  if (same.length < MIN_CONFIDENT_SAME_PAIRS) caveats.push(`only ${same.length} same-person pairs (fewer than ${MIN_CONFIDENT_SAME_PAIRS}): the threshold is uncertain, see its interval`);
  if (options.people !== undefined && options.people < MIN_CONFIDENT_PEOPLE) caveats.push(`only ${options.people} people (fewer than ${MIN_CONFIDENT_PEOPLE}): the different-person tail is thinly sampled`);
  if (!fit.separable) caveats.push(`same- and different-person scores overlap: at the threshold ${(fit.falseAcceptRate * 100).toFixed(1)}% of different-person pairs pass and ${(fit.falseRejectRate * 100).toFixed(1)}% of same-person pairs fail`);
  return {
    ...fit,
    rule: 'same identity when cosine similarity >= threshold',
    thresholdInterval95: interval,
    bootstrapResamples: resamples,
    scores: { same: range(same), different: range(different) },
    caveats,
  };
}

/**
 * Embeds the largest face of every image the pairs name (once each), scores every pair by cosine
 * similarity and fits the threshold. Pairs with an image without a face, or unreadable, are skipped and
 * counted.
 */
export async function calibrateIdentity(pairSet: IdentityPairSet, embedder: SetFaceEmbedder, options: CalibrateIdentityOptions = {}): Promise<IdentityThresholdRecord> {
  const embeddings = new Map<string, Float32Array>();
  const withoutFace: string[] = [];
  const unreadable: { file: string; reason: string }[] = [];
  const task = 'calibrate:embed';
  let done = 0;
  for (const file of pairSet.images) {
    options.signal?.throwIfAborted();
    try {
      const image = await decodeImage(await readFile(file), { source: file });
      const face = await embedder.embedLargestFace(image);
      if (face) embeddings.set(file, face.embedding);
      else withoutFace.push(file);
      options.onProgress?.({ task, done: ++done, total: pairSet.images.length, item: file, status: face ? 'ok' : 'skipped', ...(face ? {} : { message: 'no face' }) });
    } catch (error) {
      unreadable.push({ file, reason: reasonOf(error) });
      options.onProgress?.({ task, done: ++done, total: pairSet.images.length, item: file, status: 'failed', message: reasonOf(error) });
    }
  }
  const base = pairSet.kind === 'people' ? pairSet.path : dirname(pairSet.path);
  const shown = (file: string) => relative(base, file).split(sep).join('/');
  const same: CalibrationPair[] = [];
  const different: CalibrationPair[] = [];
  let skipped = 0;
  for (const pair of pairSet.pairs) {
    const a = embeddings.get(pair.a);
    const b = embeddings.get(pair.b);
    if (!a || !b) {
      skipped++;
      continue;
    }
    (pair.same ? same : different).push({ a: shown(pair.a), b: shown(pair.b), score: cosineSimilarity(a, b) });
  }
  if (same.length === 0 || different.length === 0) {
    throw new Error(`${pairSet.path}: after skipping ${skipped} pairs with an image without a face or unreadable, ${same.length} same-person and ${different.length} different-person pairs are left; both are needed`);
  }
  const fit = fitIdentityThreshold(same.map((p) => p.score), different.map((p) => p.score), {
    ...(options.resamples !== undefined ? { resamples: options.resamples } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(pairSet.people !== undefined ? { people: pairSet.people } : {}),
  });
  return {
    format: IDENTITY_THRESHOLD_FORMAT,
    version: IDENTITY_THRESHOLD_VERSION,
    model: embedder.model,
    fingerprint: embedder.fingerprint,
    ...fit,
    data: {
      kind: pairSet.kind,
      path: pairSet.path,
      ...(options.description !== undefined ? { description: options.description } : {}),
      ...(pairSet.people !== undefined ? { people: pairSet.people } : {}),
      images: pairSet.images.length,
      imagesWithoutFace: withoutFace.map(shown),
      unreadable: unreadable.map((u) => ({ file: shown(u.file), reason: u.reason })),
      skippedPairs: skipped,
      ...(pairSet.differentPairsAvailable !== undefined ? { differentPairsAvailable: pairSet.differentPairsAvailable } : {}),
    },
    hardestPairs: {
      same: [...same].sort((x, y) => x.score - y.score).slice(0, HARDEST_PAIRS),
      different: [...different].sort((x, y) => y.score - x.score).slice(0, HARDEST_PAIRS),
    },
    fittedAt: (options.now ?? (() => new Date()))().toISOString(),
  };
}
