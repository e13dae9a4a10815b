import { attr, type OnnxRuntime, type OnnxSession, type TensorFeed } from '@geneava/core/onnx';
import { runtimeGraphBuilder } from '../../runtime-graph/runtime-graph.js';

export interface NearestNeighbours {
  /** For each query, the index of the most similar reference. */
  readonly index: Int32Array;
  /** For each query, the cosine similarity to that reference. */
  readonly similarity: Float32Array;
  /** With `countAbove`: for each query, how many references score above it (see `countStrictly`). */
  readonly above?: Int32Array;
}

export interface NearestNeighbourOptions {
  /** Queries per run: bounds the [rows x references] similarity block held in memory (default 1024). */
  readonly chunkRows?: number;
  readonly device?: 'auto' | 'cuda' | 'cpu';
  /** Also count, per query, the references whose similarity reaches this value (the chance-match estimate needs it). */
  readonly countAbove?: number;
  /** Count similarity > countAbove instead of >= (default false). */
  readonly countStrictly?: boolean;
}

/**
 * A 3-node graph: similarities = Q @ Rᵀ (Gemm, transB), then the best reference per row (ReduceMax
 * and ArgMax over axis 1). Only two numbers per query leave the runtime, so the similarity matrix of
 * 13,230 x 10,177 faces is never materialised in JavaScript. With `counting`, a third number per query:
 * the share of references on the threshold's side (Greater or Less against a 1-element `threshold`
 * input, cast to float, ReduceMean over axis 1; exact as a count for any realistic reference set).
 * Returns the encoded model.
 */
function nearestNeighbourGraph(dim: number, counting?: 'greater' | 'less'): Uint8Array {
  const g = runtimeGraphBuilder(counting ? 'nearest_neighbours_counting' : 'nearest_neighbours');
  const queries = g.input('queries', 'float32', ['q', dim]);
  const references = g.input('references', 'float32', ['r', dim]);
  const threshold = counting ? g.input('threshold', 'float32', [1]) : undefined;
  const [scores] = g.node('Gemm', [queries, references], ['scores'], { name: 'similarities', attributes: { transB: 1 } });
  const [similarity] = g.node('ReduceMax', [scores!], ['similarity'], { name: 'best', attributes: { keepdims: 0, axes: attr.ints([1]) } });
  const [index] = g.node('ArgMax', [scores!], ['index'], { name: 'best_index', attributes: { axis: 1, keepdims: 0 } });
  g.output(similarity!, 'float32', ['q']);
  g.output(index!, 'int64', ['q']);
  if (threshold) {
    const [onSide] = g.node(counting === 'greater' ? 'Greater' : 'Less', [scores!, threshold], ['on_side'], { name: 'side' });
    const [onSideF] = g.node('Cast', [onSide!], ['on_side_f'], { name: 'as_float', attributes: { to: g.elementType('float32') } });
    const [share] = g.node('ReduceMean', [onSideF!], ['share'], { name: 'share_of_row', attributes: { keepdims: 0, axes: attr.ints([1]) } });
    g.output(share!, 'float32', ['q']);
  }
  return g.toBytes();
}

/** Copies and L2-normalises rows, so dot products are cosines whatever the caller passed. */
export function normalizeRows(values: Float32Array, dim: number): Float32Array {
  if (dim <= 0 || values.length % dim !== 0) {
    throw new Error(`embeddings: ${values.length} values do not split into rows of ${dim}`);
  }
  const out = new Float32Array(values.length);
  for (let row = 0; row < values.length; row += dim) {
    let norm = 0;
    for (let k = 0; k < dim; k++) norm += values[row + k] * values[row + k];
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let k = 0; k < dim; k++) out[row + k] = values[row + k] * scale;
  }
  return out;
}

/**
 * The most similar reference of every query by cosine similarity, computed on ONNX Runtime (a matrix
 * product, CUDA when available) in chunks of query rows.
 */
export async function nearestNeighbours(
  onnx: OnnxRuntime,
  queries: Float32Array,
  references: Float32Array,
  dim: number,
  options: NearestNeighbourOptions = {},
): Promise<NearestNeighbours> {
  const q = normalizeRows(queries, dim);
  const r = normalizeRows(references, dim);
  const queryCount = q.length / dim;
  const referenceCount = r.length / dim;
  if (referenceCount === 0) throw new Error('nearest neighbours: the reference set is empty');
  const chunkRows = Math.max(1, options.chunkRows ?? 1024);
  const index = new Int32Array(queryCount);
  const similarity = new Float32Array(queryCount);
  const counting = options.countAbove === undefined ? undefined : options.countStrictly ? 'greater' : 'less';
  if (options.countAbove !== undefined && !Number.isFinite(options.countAbove)) throw new RangeError(`nearest neighbours: countAbove must be finite, got ${options.countAbove}`);
  const above = counting ? new Int32Array(queryCount) : undefined;
  if (queryCount === 0) return { index, similarity, ...(above ? { above } : {}) };
  let session: OnnxSession | undefined;
  try {
    session = await onnx.createSession(nearestNeighbourGraph(dim, counting), { device: options.device, label: 'nearest-neighbour search' });
    const refs = { dtype: 'float32' as const, dims: [referenceCount, dim], data: r };
    const threshold: Record<string, TensorFeed> = counting ? { threshold: { dtype: 'float32', dims: [1], data: Float32Array.of(options.countAbove!) } } : {};
    for (let start = 0; start < queryCount; start += chunkRows) {
      const rows = Math.min(chunkRows, queryCount - start);
      const out = await session.run({
        queries: { dtype: 'float32', dims: [rows, dim], data: q.subarray(start * dim, (start + rows) * dim) },
        references: refs,
        ...threshold,
      });
      similarity.set(out.similarity.data as Float32Array, start);
      const bestIndex = out.index.data as BigInt64Array;
      for (let i = 0; i < rows; i++) index[start + i] = Number(bestIndex[i]);
      if (above) {
        // 'greater' gives the share above; 'less' the share below, whose complement is the share at or above.
        const share = out.share!.data as Float32Array;
        for (let i = 0; i < rows; i++) {
          const onSide = Math.round(share[i]! * referenceCount);
          above[start + i] = counting === 'greater' ? onSide : referenceCount - onSide;
        }
      }
    }
  } finally {
    await session?.dispose();
  }
  return { index, similarity, ...(above ? { above } : {}) };
}

/** The same search as nested JavaScript loops: the baseline the benchmark compares against, and a test oracle. */
export function nearestNeighboursNaive(queries: Float32Array, references: Float32Array, dim: number): NearestNeighbours {
  const q = normalizeRows(queries, dim);
  const r = normalizeRows(references, dim);
  const queryCount = q.length / dim;
  const referenceCount = r.length / dim;
  const index = new Int32Array(queryCount);
  const similarity = new Float32Array(queryCount).fill(-Infinity);
  for (let i = 0; i < queryCount; i++) {
    for (let j = 0; j < referenceCount; j++) {
      let dot = 0;
      for (let k = 0; k < dim; k++) dot += q[i * dim + k] * r[j * dim + k];
      if (dot > similarity[i]) {
        similarity[i] = dot;
        index[i] = j;
      }
    }
  }
  return { index, similarity };
}
