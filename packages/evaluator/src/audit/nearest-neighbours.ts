import { encodeModel, type ModelProto, type OnnxRuntime, type OnnxSession, type TensorFeed } from '@geneava/core';
import { attribute, ELEMENT, runtimeModel, valueInfo } from '../runtime-graph/runtime-graph.js';

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

const gemm = { name: 'similarities', opType: 'Gemm', input: ['queries', 'references'], output: ['scores'], attribute: [attribute('transB', { type: 2, i: 1 })] };
const best = [
  { name: 'best', opType: 'ReduceMax', input: ['scores'], output: ['similarity'], attribute: [attribute('keepdims', { type: 2, i: 0 }), attribute('axes', { type: 7, ints: [1] })] },
  { name: 'best_index', opType: 'ArgMax', input: ['scores'], output: ['index'], attribute: [attribute('axis', { type: 2, i: 1 }), attribute('keepdims', { type: 2, i: 0 })] },
];

/**
 * A 3-node graph: similarities = Q @ Rᵀ (Gemm, transB), then the best reference per row (ReduceMax
 * and ArgMax over axis 1). Only two numbers per query leave the runtime, so the similarity matrix of
 * 13,230 x 10,177 faces is never materialised in JavaScript. With `counting`, a third number per query:
 * the share of references on the threshold's side (Greater or Less against a 1-element `threshold`
 * input, cast to float, ReduceMean over axis 1; exact as a count for any realistic reference set).
 */
function nearestNeighbourGraph(dim: number, counting?: 'greater' | 'less'): ModelProto {
  const inputs = [valueInfo('queries', ELEMENT.float32, ['q', dim]), valueInfo('references', ELEMENT.float32, ['r', dim])];
  const outputs = [valueInfo('similarity', ELEMENT.float32, ['q']), valueInfo('index', ELEMENT.int64, ['q'])];
  if (!counting) return runtimeModel({ name: 'nearest_neighbours', inputs, outputs, nodes: [gemm, ...best] });
  return runtimeModel({
    name: 'nearest_neighbours_counting',
    inputs: [...inputs, valueInfo('threshold', ELEMENT.float32, [1])],
    outputs: [...outputs, valueInfo('share', ELEMENT.float32, ['q'])],
    nodes: [
      gemm,
      ...best,
      { name: 'side', opType: counting === 'greater' ? 'Greater' : 'Less', input: ['scores', 'threshold'], output: ['on_side'] },
      { name: 'as_float', opType: 'Cast', input: ['on_side'], output: ['on_side_f'], attribute: [attribute('to', { type: 2, i: ELEMENT.float32 })] },
      { name: 'share_of_row', opType: 'ReduceMean', input: ['on_side_f'], output: ['share'], attribute: [attribute('keepdims', { type: 2, i: 0 }), attribute('axes', { type: 7, ints: [1] })] },
    ],
  });
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
    session = await onnx.createSession(encodeModel(nearestNeighbourGraph(dim, counting)), { device: options.device, label: 'nearest-neighbour search' });
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
