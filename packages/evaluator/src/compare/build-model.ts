import { DEFAULT_SEED } from '../stats/random.js';
import { buildBreakdowns } from './breakdown.js';
import { galleryIds, galleryRows, worstCases } from './gallery.js';
import { DEFAULT_COMPARISON_GROUP_KEYS, withFamily } from './labels.js';
import { buildLeaderboard } from './leaderboard.js';
import { MIN_STYLIZATION_STRENGTH } from '../metrics/strength/strength.js';
import { holmFamilySize, pairwiseTests } from './pairwise.js';
import { RANK_RESAMPLES } from './rank-intervals.js';
import { paretoSummary } from './pareto.js';
import { strengthSummary } from './strength-summary.js';
import { ComparisonInputError, compareIds, tabulatePairs } from './tabulate.js';
import type { ComparisonInput, ComparisonModel, ComparisonOptions, ItemLabelSet, PairFailure } from './types.js';

export const DEFAULT_COMPARISON_TITLE = 'Stylizer comparison';

/**
 * Everything the comparison report shows, computed from plain pair records: the leaderboard (means,
 * 95% intervals, ranks), paired tests between every two stylizers, breakdowns per label value, the
 * items for the image grids, failures and skipped inputs. Deterministic: the same input and options
 * give the same model (every interval and test is seeded from `options.seed` and its own name).
 * Thumbnails are passed through untouched; see thumbnailIds() for the items that need one.
 */
export function buildComparisonModel(input: ComparisonInput, options: ComparisonOptions = {}): ComparisonModel {
  const resamples = options.resamples ?? 10_000;
  const seed = options.seed ?? DEFAULT_SEED;
  const groupKeys = options.groupKeys ?? DEFAULT_COMPARISON_GROUP_KEYS;
  const worstCount = options.worstCases ?? 4;
  const galleryCount = options.galleryItems ?? 8;
  if (!Number.isInteger(resamples) || resamples < 1) throw new ComparisonInputError(`resamples must be a positive integer, got ${resamples}`);
  for (const [name, value] of [['worstCases', worstCount], ['galleryItems', galleryCount]] as const) {
    if (!Number.isInteger(value) || value < 0) throw new ComparisonInputError(`${name} must be a non-negative integer, got ${value}`);
  }

  const table = tabulatePairs(input, options.primaryIdentityModel);
  const skipped = input.skipped ?? [];
  const itemIds = [...new Set([...input.pairs.map((pair) => pair.id), ...skipped.map((item) => item.id)])].sort(compareIds);
  const labels = new Map<string, ItemLabelSet>(itemIds.map((id) => [id, withFamily(input.labels?.[id])]));
  const statistics = { resamples, seed };
  const galleryInput = { stylizers: input.stylizers, pairs: input.pairs, labels, primaryIdentityModel: table.primaryIdentityModel };
  const failures: PairFailure[] = input.pairs.flatMap((pair) =>
    pair.status === 'failed' ? [{ id: pair.id, stylizer: pair.stylizer, stage: pair.stage, reason: pair.reason }] : [],
  );

  const pairwise = pairwiseTests(input.stylizers, table, statistics);
  const leaderboard = buildLeaderboard(input, table, statistics);
  const strength = strengthSummary(input.stylizers, table, statistics);
  const pareto = paretoSummary(table.metrics, table.primaryIdentityModel, leaderboard, strength);
  return {
    title: input.title ?? DEFAULT_COMPARISON_TITLE,
    ...(input.generatedAt === undefined ? {} : { generatedAt: input.generatedAt }),
    context: input.context ?? {},
    settings: {
      resamples,
      seed,
      confidence: 0.95,
      groupKeys,
      ...(table.primaryIdentityModel === undefined ? {} : { primaryIdentityModel: table.primaryIdentityModel }),
      rankedBy: table.metrics.filter((metric) => metric.ranked).map((metric) => metric.key),
      minStylizationStrength: MIN_STYLIZATION_STRENGTH,
      rankResamples: Math.min(RANK_RESAMPLES, resamples),
      multipleTesting: { method: 'holm', tests: holmFamilySize(pairwise) },
    },
    stylizers: input.stylizers,
    counts: {
      items: itemIds.length,
      compared: new Set(input.pairs.filter((pair) => pair.status === 'ok').map((pair) => pair.id)).size,
      skipped: skipped.length,
      pairs: input.pairs.length,
      failedPairs: failures.length,
      shared: table.shared.ids.size,
    },
    unshared: table.shared.unshared,
    metrics: table.metrics,
    leaderboard,
    pairwise,
    strength,
    ...(pareto ? { pareto } : {}),
    breakdowns: buildBreakdowns(input.stylizers, table, labels, { groupKeys, ...statistics }),
    gallery: galleryRows(galleryIds(input.pairs, galleryCount), galleryInput),
    worstCases: worstCases(worstCount, galleryInput),
    failures,
    skipped,
    ...(input.thumbnails ? { thumbnails: input.thumbnails } : {}),
  };
}

/** The item ids the report shows images of (sample grid and worst cases), in first-shown order. */
export function thumbnailIds(model: Pick<ComparisonModel, 'gallery' | 'worstCases'>): string[] {
  const ids = [...model.gallery.map((row) => row.id), ...model.worstCases.flatMap((worst) => worst.rows.map((row) => row.id))];
  return [...new Set(ids)];
}

/** The model without its thumbnails: what comparison.json holds (the images live in report.html). */
export function comparisonJson(model: ComparisonModel): Omit<ComparisonModel, 'thumbnails'> {
  const { thumbnails: _thumbnails, ...rest } = model;
  return rest;
}
