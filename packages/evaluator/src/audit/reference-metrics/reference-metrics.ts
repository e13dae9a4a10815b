/**
 * The GenEAva paper's Table 1 metrics of a generated image set against a reference set of real
 * expression images, each an average over (generated, reference) pairs:
 * - CLIP and DINOv2: mean pairwise cosine similarity of image embeddings (higher is better), exact over
 *   all pairs through the mean unit vectors (see mean-cosine.ts);
 * - LPIPS: mean pairwise distance (lower is better), over all pairs or a uniform sample of them;
 * - expression error: mean pairwise Euclidean distance of the largest faces' POSTER embeddings (lower
 *   is better), over all pairs of faces.
 * Pairs are formed over the two whole sets, or, with pairing 'expression', only between images in
 * folders of the same name (<expression>/<file>); the overall value is then the mean over all those
 * pairs, and each expression's own value is reported too.
 */
import { join } from 'node:path';
import { decodeImage } from '@geneava/core/image';
import type { DevicePreference, OnnxRuntime } from '@geneava/core/onnx';
import type { ProgressCallback, RgbImage } from '@geneava/core/contracts';
import { DEFAULT_SEED } from '../../stats/random.js';
import type { FaceExpressionEmbedder } from './expression-embedder.js';
import type { ImageEmbedder } from './image-embedder.js';
import type { LpipsScorer } from './lpips-scorer.js';
import { averagePairwiseCosine } from './mean-cosine.js';
import { meanPairwiseDistance } from './mean-pairwise-distance.js';
import { samplePairs, type PairGroup } from './pair-sampling.js';
import { scanImageSet, type GroupScan, type ReferenceImageSet, type SetScan } from './scan-image-set.js';

export type ReferencePairing = 'all' | 'expression';

export const REFERENCE_METRICS = {
  clip: { metric: 'reference.clip_cosine', paperName: 'CLIP', higherIsBetter: true },
  dinov2: { metric: 'reference.dinov2_cosine', paperName: 'DINO', higherIsBetter: true },
  lpips: { metric: 'reference.lpips', paperName: 'LPIPS', higherIsBetter: false },
  expression: { metric: 'reference.expression_error', paperName: 'Exp. error', higherIsBetter: false },
} as const;

export type ReferenceMetricKey = keyof typeof REFERENCE_METRICS;

export interface ReferenceMetricModels {
  readonly clip?: ImageEmbedder;
  readonly dinov2?: ImageEmbedder;
  readonly lpips?: LpipsScorer;
  readonly expression?: FaceExpressionEmbedder;
}

export interface ReferenceMetricsOptions {
  readonly pairing?: ReferencePairing;
  /** LPIPS pairs at most (default 1000); more pairs than this are sampled uniformly. */
  readonly lpipsPairs?: number;
  /** Seed of the LPIPS pair sample. */
  readonly seed?: number;
  readonly device?: DevicePreference;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
}

export interface GroupValue {
  readonly group: string;
  readonly value: number;
  readonly pairs: number;
}

export interface ReferenceMetricValue {
  readonly key: ReferenceMetricKey;
  readonly metric: string;
  readonly paperName: string;
  readonly higherIsBetter: boolean;
  /** Mean over the pairs; NaN when there is no pair. */
  readonly value: number;
  /** Pairs averaged over, and how many pairs there are in all (more when sampled). */
  readonly pairs: number;
  readonly totalPairs: number;
  readonly sampled: boolean;
  /** Sample standard deviation of the pair values and the standard error of the mean (LPIPS only). */
  readonly sd?: number;
  readonly standardError?: number;
  /** Images (faces, for the expression error) that entered the pairs. */
  readonly generatedItems: number;
  readonly referenceItems: number;
  /** Per expression, with pairing 'expression'. */
  readonly groups?: readonly GroupValue[];
}

export interface SetUsage {
  readonly name: string;
  readonly dir: string;
  readonly images: number;
  readonly used: number;
  readonly noFace: readonly string[];
  readonly failed: readonly { readonly file: string; readonly reason: string }[];
  readonly unlabelled: readonly string[];
}

export interface ReferenceMetricsResult {
  readonly pairing: ReferencePairing;
  readonly metrics: readonly ReferenceMetricValue[];
  readonly generated: SetUsage;
  readonly reference: SetUsage;
  /** Groups that have images on one side only (no pairs), with pairing 'expression'. */
  readonly unmatchedGroups: readonly string[];
}

/** The expression label of a file: its first folder (<expression>/<file>); undefined at the top level. */
export function expressionFolderOf(file: string): string | undefined {
  const slash = file.indexOf('/');
  return slash > 0 ? file.slice(0, slash) : undefined;
}

export async function computeReferenceMetrics(
  onnx: OnnxRuntime,
  generated: ReferenceImageSet,
  reference: ReferenceImageSet,
  models: ReferenceMetricModels,
  options: ReferenceMetricsOptions = {},
): Promise<ReferenceMetricsResult> {
  if (!models.clip && !models.dinov2 && !models.lpips && !models.expression) throw new Error('reference metrics: no model given');
  const pairing = options.pairing ?? 'all';
  const groupOf = pairing === 'all' ? () => 'all' : expressionFolderOf;
  const scanOptions = { ...(options.onProgress ? { onProgress: options.onProgress } : {}), ...(options.signal ? { signal: options.signal } : {}) };
  const genScan = await scanImageSet(generated, models, groupOf, scanOptions);
  const refScan = await scanImageSet(reference, models, groupOf, scanOptions);

  // Groups with images on both sides, in name order.
  const names = [...genScan.groups.keys()].filter((name) => refScan.groups.has(name)).sort();
  const unmatchedGroups = [...new Set([...genScan.groups.keys(), ...refScan.groups.keys()])].filter((name) => !names.includes(name)).sort();
  const both = names.map((name) => ({ name, gen: genScan.groups.get(name)!, ref: refScan.groups.get(name)! }));

  const metrics: ReferenceMetricValue[] = [];
  for (const key of ['clip', 'dinov2'] as const) {
    if (!models[key]) continue;
    metrics.push(
      pooled(key, pairing, both.map(({ name, gen, ref }) => {
        const pairs = (gen[key]?.count ?? 0) * (ref[key]?.count ?? 0);
        return { group: name, value: pairs > 0 ? averagePairwiseCosine(gen[key]!, ref[key]!) : Number.NaN, pairs, generated: gen[key]?.count ?? 0, reference: ref[key]?.count ?? 0 };
      })),
    );
  }
  if (models.lpips) metrics.push(await lpipsMetric(models.lpips, generated, reference, both, pairing, options));
  if (models.expression) {
    const groups = [];
    for (const { name, gen, ref } of both) {
      const dim = gen.expression[0]?.length ?? ref.expression[0]?.length ?? 0;
      const pairs = gen.expression.length * ref.expression.length;
      const value = pairs > 0 ? await meanPairwiseDistance(onnx, stack(gen.expression, dim), stack(ref.expression, dim), dim, options.device ? { device: options.device } : {}) : Number.NaN;
      groups.push({ group: name, value, pairs, generated: gen.expression.length, reference: ref.expression.length });
    }
    metrics.push(pooled('expression', pairing, groups));
  }
  return { pairing, metrics, generated: usage(generated, genScan), reference: usage(reference, refScan), unmatchedGroups };
}

interface GroupResult extends GroupValue {
  readonly generated: number;
  readonly reference: number;
}

/** The pair-weighted mean of the groups' means: the mean over all pairs of all groups. */
function pooled(key: ReferenceMetricKey, pairing: ReferencePairing, groups: readonly GroupResult[]): ReferenceMetricValue {
  const pairs = groups.reduce((sum, g) => sum + g.pairs, 0);
  const value = pairs > 0 ? groups.reduce((sum, g) => sum + (g.pairs > 0 ? g.value * g.pairs : 0), 0) / pairs : Number.NaN;
  return {
    key,
    ...REFERENCE_METRICS[key],
    value,
    pairs,
    totalPairs: pairs,
    sampled: false,
    generatedItems: groups.reduce((sum, g) => sum + g.generated, 0),
    referenceItems: groups.reduce((sum, g) => sum + g.reference, 0),
    ...(pairing === 'expression' ? { groups: groups.map(({ group, value: v, pairs: p }) => ({ group, value: v, pairs: p })) } : {}),
  };
}

async function lpipsMetric(
  scorer: LpipsScorer,
  generated: ReferenceImageSet,
  reference: ReferenceImageSet,
  both: readonly { name: string; gen: GroupScan; ref: GroupScan }[],
  pairing: ReferencePairing,
  options: ReferenceMetricsOptions,
): Promise<ReferenceMetricValue> {
  const groups: PairGroup[] = both.map(({ name, gen, ref }) => ({ name, generated: gen.images, reference: ref.images }));
  const sample = samplePairs(groups, options.lpipsPairs ?? 1000, options.seed ?? DEFAULT_SEED);
  const prepared = new BoundedCache<RgbImage>(256);
  // Keyed by side, not by set name: two sets may share a name.
  const load = (side: 'generated' | 'reference', index: number) => prepared.get(`${side}:${index}`, async () => {
    const set = side === 'generated' ? generated : reference;
    return scorer.prepare(await decodeImage(join(set.dir, set.files[index]!)));
  });

  const values: number[] = [];
  const batch = Math.max(1, scorer.batchSize);
  for (let start = 0; start < sample.pairs.length; start += batch) {
    options.signal?.throwIfAborted();
    const chunk = sample.pairs.slice(start, start + batch);
    const images = await Promise.all(chunk.map(async ([, g, r]) => [await load('generated', g), await load('reference', r)] as const));
    values.push(...(await scorer.distances(images)));
    options.onProgress?.({ task: 'reference:lpips', done: values.length, total: sample.pairs.length });
  }

  const n = values.length;
  const mean = n > 0 ? values.reduce((a, b) => a + b, 0) / n : Number.NaN;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : Number.NaN;
  const perGroup = groups.map((g, k) => {
    const own = sample.pairs.flatMap(([group], i) => (group === k ? [values[i]!] : []));
    return { group: g.name, value: own.length > 0 ? own.reduce((a, b) => a + b, 0) / own.length : Number.NaN, pairs: own.length };
  });
  const used = (side: 1 | 2) => new Set(sample.pairs.map((p) => p[side])).size;
  return {
    key: 'lpips',
    ...REFERENCE_METRICS.lpips,
    value: mean,
    pairs: n,
    totalPairs: sample.total,
    sampled: sample.sampled,
    ...(n > 1 ? { sd, standardError: sd / Math.sqrt(n) } : {}),
    generatedItems: used(1),
    referenceItems: used(2),
    ...(pairing === 'expression' ? { groups: perGroup } : {}),
  };
}

/** Keeps the most recently added values (insertion order), so a long sample holds a bounded number of images. */
class BoundedCache<T> {
  private readonly entries = new Map<string, Promise<T>>();
  constructor(private readonly capacity: number) {}

  get(key: string, make: () => Promise<T>): Promise<T> {
    let value = this.entries.get(key);
    if (!value) {
      value = make();
      this.entries.set(key, value);
      if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }
}

function stack(rows: readonly Float32Array[], dim: number): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((row, i) => {
    if (row.length !== dim) throw new Error(`expression embeddings of ${row.length} and ${dim} values in one set`);
    out.set(row, i * dim);
  });
  return out;
}

function usage(set: ReferenceImageSet, scan: SetScan): SetUsage {
  const used = [...scan.groups.values()].reduce((sum, g) => sum + g.images.length, 0);
  return { name: set.name, dir: set.dir, images: set.files.length, used, noFace: scan.noFace, failed: scan.failed, unlabelled: scan.unlabelled };
}
