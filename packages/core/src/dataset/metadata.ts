import type { MetricRecord } from '../contracts/metrics.js';
import type { CsvCell } from '../util/csv.js';
import type { ItemStatus, MemorizationResult } from './curate.js';
import type { FilterOutcome } from './filter.js';
import type { Provenance } from './image-provider.js';
import type { IdentitySetRecord } from './identity-set.js';
import type { DatasetItem } from './item.js';

/** One avatar of an item in the metadata. */
export interface AvatarRecord {
  /** ok: stylized and evaluated; failed: a stage threw (see reason); not-run: the item was dropped before. */
  readonly status: 'ok' | 'failed' | 'not-run';
  readonly file?: string;
  /** The stylizer's outcome: stylized, no-face or whole-image. */
  readonly outcome?: string;
  readonly facesStylized?: number;
  /** Every pair metric, keyed "<metric>" or "<metric>[<model>]". */
  readonly metrics?: Readonly<Record<string, number>>;
  /** Whether the avatar passed the curation thresholds, and if not why. */
  readonly kept?: boolean;
  readonly reasons?: readonly string[];
  /** Why a stage failed. */
  readonly reason?: string;
  readonly notes?: readonly string[];
}

/** One line of metadata.jsonl (and row of metadata.csv): everything known about one item. */
export interface MetadataRecord
  extends Pick<DatasetItem, 'id' | 'expression' | 'family' | 'gender' | 'race' | 'ageGroup' | 'prompt' | 'negativePrompt' | 'seed' | 'source'> {
  readonly status: ItemStatus;
  /** Why the item was dropped or failed (empty when kept). */
  readonly reasons: readonly string[];
  /** The real image, relative to the dataset folder. */
  readonly image?: string;
  readonly width?: number;
  readonly height?: number;
  /** Generator and model hashes (generated items), or the photo and its hash (source items). */
  readonly provenance?: Provenance;
  readonly filter?: FilterOutcome;
  readonly memorization?: MemorizationResult;
  readonly avatars: Readonly<Record<string, AvatarRecord>>;
  /** Identity-set runs: the item's set, its role (anchor or member), and for members the anchor's id and the strength. */
  readonly identitySet?: IdentitySetRecord;
  /** The fingerprint of every done stage ("image", "faces", "stylize:<name>"...): a hash of all the inputs its output was made from. */
  readonly fingerprints?: Readonly<Record<string, string>>;
}

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
