/**
 * The report of `geneava run`: the evaluator's self-contained comparison report (leaderboard with 95%
 * intervals, paired tests between stylizers, breakdowns per expression family and demographic group,
 * image grids with worst cases), built from the dataset's own records, with the build's counts and
 * curation settings in its header.
 */
import { writeFileAtomic } from '@geneava/core/util';
import type { FaceAnalyzer } from '@geneava/core/contracts';
import type { MetadataRecord } from '@geneava/core/dataset-format';
import type { DatasetReportInput, DatasetReportWriter } from '../dataset/index.js';
import {
  buildComparisonModel,
  collectThumbnails,
  evaluateIdentitySets,
  insertReportSection,
  renderComparisonReport,
  renderIdentitySetsSection,
  thumbnailIds,
  type ComparisonInput,
  type ComparisonPair,
  type IdentitySetEvaluation,
  type SkippedItem,
} from '@geneava/evaluator';
import { join } from 'node:path';

export const RUN_REPORT_FILE = 'report.html';

export interface RunReportOptions {
  /** Bootstrap resamples per interval. */
  readonly resamples: number;
  /** Items in the sample image grid. */
  readonly galleryItems: number;
}

function labelsOf(record: MetadataRecord): Record<string, string> {
  return Object.fromEntries(
    (['expression', 'family', 'gender', 'race', 'ageGroup'] as const).flatMap((key) => (record[key] === undefined ? [] : [[key, String(record[key])]])),
  );
}

/** The comparison input of a dataset: its scored and failed (real, avatar) pairs, and the items that never reached a stylizer. */
export function comparisonInputOf(input: DatasetReportInput): ComparisonInput {
  const { records, evaluations, counts, card } = input;
  const stylizers = card.stylizers.map(({ name, info }) => ({ name, id: info.id, style: info.style, version: info.version, geometryPreserving: info.geometryPreserving }));
  const pairs: ComparisonPair[] = evaluations.map((e) => ({
    id: e.evaluation.id,
    stylizer: e.stylizer,
    status: 'ok',
    metrics: e.evaluation.metrics,
    ...(e.stylizeMs === undefined ? {} : { stylizeMs: e.stylizeMs }),
    ...(e.evaluateMs === undefined ? {} : { evaluateMs: e.evaluateMs }),
  }));
  const skipped: SkippedItem[] = [];
  for (const record of records) {
    let reached = false;
    for (const { name } of stylizers) {
      const avatar = record.avatars[name];
      if (avatar?.status === 'ok') reached = true;
      if (avatar?.status !== 'failed') continue;
      reached = true;
      pairs.push({ id: record.id, stylizer: name, status: 'failed', stage: avatar.reason?.startsWith('evaluate') ? 'evaluate' : 'stylize', reason: avatar.reason ?? 'failed' });
    }
    if (!reached) skipped.push({ id: record.id, reason: record.reasons.join('; ') || record.status });
  }
  const thresholds = [
    ...Object.entries(card.curation.identityMinCosine).map(([model, min]) => `identity.cosine[${model}] >= ${min}`),
    ...(card.curation.expressionMinTop1Agree === undefined ? [] : [`expression.top1_agree >= ${card.curation.expressionMinTop1Agree}`]),
    ...(card.curation.expressionMinProbCosine === undefined ? [] : [`expression.prob_cosine >= ${card.curation.expressionMinProbCosine}`]),
  ];
  return {
    title: `${card.title}: run report`,
    stylizers,
    pairs,
    labels: Object.fromEntries(records.map((record) => [record.id, labelsOf(record)])),
    skipped,
    generatedAt: new Date().toISOString(),
    context: {
      'Real faces': card.source,
      'Dataset items': counts.items,
      Kept: counts.kept,
      Dropped: counts.dropped,
      'Failed items': counts.failed,
      Filter: `one face, margin ${card.filter.margin}, face at most ${card.filter.maxFaceFraction} of the frame`,
      'Curation thresholds': thresholds.join(', ') || 'none',
    },
  };
}

/** The file beside report.html with the identity-set evaluation (identity-set runs). */
export const IDENTITY_SETS_FILE = 'identity-sets.json';

/**
 * A DatasetReportWriter that renders the comparison report into <dataset>/report.html. With an analyzer
 * (identity-set runs), the sets are evaluated too: identity-sets.json, and a report section showing
 * each set as a row of images.
 */
export function runReportWriter(
  options: RunReportOptions,
  identitySets?: { readonly analyzer: FaceAnalyzer; readonly onEvaluated?: (evaluation: IdentitySetEvaluation) => void },
): DatasetReportWriter {
  return async (input) => {
    const comparison = comparisonInputOf(input);
    const model = buildComparisonModel(comparison, { resamples: options.resamples, galleryItems: options.galleryItems });
    const byId = new Map(input.records.map((record) => [record.id, record]));
    const file = (relative: string | undefined) => (relative === undefined ? undefined : join(input.out, ...relative.split('/')));
    const thumbnails = await collectThumbnails(
      thumbnailIds(model),
      comparison.stylizers.map((s) => s.name),
      { realPath: (id) => file(byId.get(id)?.image), avatarPath: (stylizer, id) => file(byId.get(id)?.avatars[stylizer]?.file) },
      { maxSide: 128 },
    );
    let html = renderComparisonReport({ ...model, thumbnails });
    if (identitySets && input.records.some((record) => record.identitySet)) {
      const evaluation = await evaluateIdentitySets({ out: input.out, records: input.records, analyzer: identitySets.analyzer, stylizers: comparison.stylizers.map((s) => s.name), resamples: options.resamples });
      identitySets.onEvaluated?.(evaluation);
      html = insertReportSection(html, await identitySetSection(input, evaluation));
    }
    await writeFileAtomic(join(input.out, RUN_REPORT_FILE), html);
    return RUN_REPORT_FILE;
  };
}

/** Writes identity-sets.json and renders the sets' report section with thumbnails. */
async function identitySetSection(input: DatasetReportInput, evaluation: IdentitySetEvaluation): Promise<string> {
  const stylizers = evaluation.views.map((view) => view.view).filter((view) => view !== 'real');
  await writeFileAtomic(join(input.out, IDENTITY_SETS_FILE), `${JSON.stringify(evaluation, null, 2)}\n`);
  const byId = new Map(input.records.map((record) => [record.id, record]));
  const file = (relative: string | undefined) => (relative === undefined ? undefined : join(input.out, ...relative.split('/')));
  const ids = input.records.filter((record) => record.identitySet).map((record) => record.id);
  const thumbnails = await collectThumbnails(ids, stylizers, { realPath: (id) => file(byId.get(id)?.image), avatarPath: (stylizer, id) => file(byId.get(id)?.avatars[stylizer]?.file) }, { maxSide: 96 });
  return renderIdentitySetsSection(evaluation, thumbnails);
}
