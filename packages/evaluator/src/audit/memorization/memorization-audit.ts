/**
 * The memorization audit: the identity nearest neighbour of every generated face in each reference set
 * (the fine-tuning faces, CelebA...), by cosine similarity on ONNX Runtime, and which generated faces
 * are close enough to a reference face to count as the same identity.
 */
import type { DevicePreference, OnnxRuntime } from '@geneava/core/onnx';
import { mean, percentile } from '../../stats/descriptive.js';
import { chanceMatches, type ChanceMatchEstimate } from './chance-matches.js';
import type { EmbeddedFaceSet } from './embed-face-set.js';
import { histogramCounts, SIMILARITY_BINS, type HistogramBins } from './histogram.js';
import { itemIds } from './item-ids.js';
import type { MemorizationThreshold } from './memorization-thresholds.js';
import { nearestNeighbours } from './nearest-neighbours.js';

export interface MemorizationMatch {
  /** Generated file (relative to its set) and its item id. */
  readonly generated: string;
  readonly id: string;
  /** Index of the nearest reference face in its set's `faces`, and that face's file. */
  readonly referenceIndex: number;
  readonly reference: string;
  /** Cosine similarity of the two identity embeddings. */
  readonly similarity: number;
  /** similarity >= the threshold (> for a strict threshold, such as the paper's). */
  readonly flagged: boolean;
}

export interface SimilaritySummary {
  readonly mean: number;
  readonly median: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
}

export interface ReferenceSetAudit {
  readonly set: EmbeddedFaceSet;
  /** One per generated face, in the generated set's order. */
  readonly matches: readonly MemorizationMatch[];
  readonly flagged: number;
  /** Of the nearest-neighbour similarities. */
  readonly similarity: SimilaritySummary;
  /** Counts per bin of `bins`. */
  readonly histogram: readonly number[];
  /** How many of `flagged` unrelated faces would reach by chance against a set of this size. */
  readonly chance: ChanceMatchEstimate;
}

export interface MemorizationAudit {
  readonly model: string;
  readonly threshold: MemorizationThreshold;
  readonly bins: HistogramBins;
  readonly generated: EmbeddedFaceSet;
  readonly references: readonly ReferenceSetAudit[];
  /** Ids of generated faces flagged against any reference set, sorted. */
  readonly excluded: readonly string[];
}

export interface MemorizationAuditOptions {
  readonly threshold: MemorizationThreshold;
  readonly device?: DevicePreference;
  /** Generated faces per runtime call (see nearestNeighbours). */
  readonly chunkRows?: number;
  readonly bins?: HistogramBins;
}

export async function auditMemorization(
  onnx: OnnxRuntime,
  generated: EmbeddedFaceSet,
  references: readonly EmbeddedFaceSet[],
  options: MemorizationAuditOptions,
): Promise<MemorizationAudit> {
  if (references.length === 0) throw new Error('memorization audit: no reference set given');
  for (const set of [generated, ...references]) {
    if (set.faces.length === 0) throw new Error(`memorization audit: no face found in set '${set.name}' (${set.dir})`);
    if (set.model !== generated.model) throw new Error(`memorization audit: set '${set.name}' was embedded with ${set.model}, '${generated.name}' with ${generated.model}`);
    if (set.dim !== generated.dim) throw new Error(`memorization audit: set '${set.name}' has ${set.dim}-d embeddings, '${generated.name}' ${generated.dim}-d`);
  }
  const bins = options.bins ?? SIMILARITY_BINS;
  const { threshold, strict = false } = options.threshold;
  const reaches = (similarity: number) => (strict ? similarity > threshold : similarity >= threshold);
  const ids = itemIds(generated.faces.map((face) => face.file));
  const excluded = new Set<string>();

  const audits: ReferenceSetAudit[] = [];
  for (const set of references) {
    const nn = await nearestNeighbours(onnx, generated.embeddings, set.embeddings, generated.dim, {
      ...(options.device ? { device: options.device } : {}),
      ...(options.chunkRows ? { chunkRows: options.chunkRows } : {}),
      countAbove: threshold,
      countStrictly: strict,
    });
    const matches = generated.faces.map((face, i): MemorizationMatch => {
      const similarity = nn.similarity[i]!;
      const flagged = reaches(similarity);
      if (flagged) excluded.add(ids[i]!);
      return { generated: face.file, id: ids[i]!, referenceIndex: nn.index[i]!, reference: set.faces[nn.index[i]!]!.file, similarity, flagged };
    });
    audits.push({
      set,
      matches,
      flagged: matches.filter((match) => match.flagged).length,
      similarity: summarize(nn.similarity),
      histogram: histogramCounts(nn.similarity, bins),
      chance: chanceMatches(nn.above!, set.faces.length),
    });
  }
  return { model: generated.model, threshold: options.threshold, bins, generated, references: audits, excluded: [...excluded].sort() };
}

function summarize(values: Float32Array): SimilaritySummary {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  return { mean: mean(values), median: percentile(values, 50), p95: percentile(values, 95), min, max };
}
