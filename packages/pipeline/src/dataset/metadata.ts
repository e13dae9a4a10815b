import type { MetricRecord } from '@geneava/core/contracts';
import type { CsvCell } from '@geneava/core/util';
import type { MetadataRecord } from '@geneava/core/dataset-format';

/** The column name of a metric: "<metric>" or "<metric>[<model>]". */
export function metricColumnName(record: Pick<MetricRecord, 'metric' | 'model'>): string {
  return record.model ? `${record.metric}[${record.model}]` : record.metric;
}

export function flattenMetrics(metrics: readonly MetricRecord[]): Record<string, number> {
  const flat: Record<string, number> = {};
  for (const record of metrics) flat[metricColumnName(record)] = record.value;
  return flat;
}

const FIXED_COLUMNS = [
  'id', 'status', 'reasons', 'expression', 'family', 'gender', 'race', 'ageGroup', 'prompt', 'negativePrompt', 'seed',
  'image', 'width', 'height', 'source', 'source.crop',
  'filter.passed', 'filter.rule', 'filter.reason', 'filter.faces', 'filter.faceFraction', 'filter.edgeGap',
  'memorization.model', 'memorization.similarity', 'memorization.reference', 'memorization.nearest',
] as const;

const IDENTITY_SET_COLUMNS = ['identitySet.set', 'identitySet.role', 'identitySet.anchor', 'identitySet.strength'] as const;

/** Keys in first-seen order across records. */
function unionKeys(lists: Iterable<readonly string[]>): string[] {
  const seen = new Set<string>();
  for (const list of lists) for (const key of list) seen.add(key);
  return [...seen];
}

/**
 * metadata.csv: the fixed columns, one "provenance.<key>" column per provenance key (model hashes,
 * source photo), then for each stylizer "<stylizer>.status|kept|reasons|file|outcome" and one
 * "<stylizer>.<metric>" column per metric. Lists are joined with "; "; a missing value is an empty cell.
 */
export function metadataTable(records: readonly MetadataRecord[], stylizers: readonly string[]): { header: string[]; rows: CsvCell[][] } {
  const provenanceKeys = unionKeys(records.map((r) => Object.keys(r.provenance ?? {})));
  const metricKeys = new Map(stylizers.map((s) => [s, unionKeys(records.map((r) => Object.keys(r.avatars[s]?.metrics ?? {})))]));
  // Identity-set columns only in datasets that have sets, so other datasets keep their columns.
  const identitySets = records.some((r) => r.identitySet !== undefined);
  const header: string[] = [
    ...FIXED_COLUMNS,
    ...(identitySets ? IDENTITY_SET_COLUMNS : []),
    ...provenanceKeys.map((key) => `provenance.${key}`),
    ...stylizers.flatMap((s) => [`${s}.status`, `${s}.kept`, `${s}.reasons`, `${s}.file`, `${s}.outcome`, ...metricKeys.get(s)!.map((m) => `${s}.${m}`)]),
  ];
  const rows = records.map((r): CsvCell[] => {
    const crop = r.source?.crop;
    return [
      r.id, r.status, r.reasons.join('; '), r.expression, r.family, r.gender, r.race, r.ageGroup, r.prompt, r.negativePrompt, r.seed,
      r.image, r.width, r.height, r.source?.file, crop ? `${crop.x},${crop.y},${crop.width},${crop.height}` : undefined,
      r.filter ? r.filter.passed : undefined, r.filter?.rule, r.filter?.reason, r.filter?.faces, r.filter?.faceFraction, r.filter?.edgeGap,
      r.memorization?.model, r.memorization?.similarity, r.memorization?.reference, r.memorization?.nearest,
      ...(identitySets ? [r.identitySet?.set, r.identitySet?.role, r.identitySet?.anchor, r.identitySet?.strength] : []),
      ...provenanceKeys.map((key) => r.provenance?.[key]),
      ...stylizers.flatMap((s) => {
        const avatar = r.avatars[s];
        return [
          avatar?.status, avatar?.kept, (avatar?.reason ? [avatar.reason] : avatar?.reasons ?? []).join('; '), avatar?.file, avatar?.outcome,
          ...metricKeys.get(s)!.map((m) => avatar?.metrics?.[m]),
        ];
      }),
    ];
  });
  return { header, rows };
}
