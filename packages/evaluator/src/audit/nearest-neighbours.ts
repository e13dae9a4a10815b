import { encodeModel, type ModelProto, type OnnxRuntime, type OnnxSession } from '@geneava/core';
import { attribute, ELEMENT, runtimeModel, valueInfo } from '../runtime-graph/runtime-graph.js';

export interface NearestNeighbours {
  /** For each query, the index of the most similar reference. */
  readonly index: Int32Array;
  /** For each query, the cosine similarity to that reference. */
  readonly similarity: Float32Array;
}

export interface NearestNeighbourOptions {
  /** Queries per run: bounds the [rows x references] similarity block held in memory (default 1024). */
  readonly chunkRows?: number;
  readonly device?: 'auto' | 'cuda' | 'cpu';
}

/**
 * A 3-node graph: similarities = Q @ Rᵀ (Gemm, transB), then the best reference per row (ReduceMax
 * and ArgMax over axis 1). Only two numbers per query leave the runtime, so the similarity matrix of
 * 13,230 x 10,177 faces is never materialised in JavaScript.
 */
function nearestNeighbourGraph(dim: number): ModelProto {
  return runtimeModel({
    name: 'nearest_neighbours',
    inputs: [valueInfo('queries', ELEMENT.float32, ['q', dim]), valueInfo('references', ELEMENT.float32, ['r', dim])],
    outputs: [valueInfo('similarity', ELEMENT.float32, ['q']), valueInfo('index', ELEMENT.int64, ['q'])],
    nodes: [
      { name: 'similarities', opType: 'Gemm', input: ['queries', 'references'], output: ['scores'], attribute: [attribute('transB', { type: 2, i: 1 })] },
      { name: 'best', opType: 'ReduceMax', input: ['scores'], output: ['similarity'], attribute: [attribute('keepdims', { type: 2, i: 0 }), attribute('axes', { type: 7, ints: [1] })] },
      { name: 'best_index', opType: 'ArgMax', input: ['scores'], output: ['index'], attribute: [attribute('axis', { type: 2, i: 1 }), attribute('keepdims', { type: 2, i: 0 })] },
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
  if (queryCount === 0) return { index, similarity };
  let session: OnnxSession | undefined;
  try {
    session = await onnx.createSession(encodeModel(nearestNeighbourGraph(dim)), { device: options.device, label: 'nearest-neighbour search' });
    const refs = { dtype: 'float32' as const, dims: [referenceCount, dim], data: r };
    for (let start = 0; start < queryCount; start += chunkRows) {
      const rows = Math.min(chunkRows, queryCount - start);
      const out = await session.run({
        queries: { dtype: 'float32', dims: [rows, dim], data: q.subarray(start * dim, (start + rows) * dim) },
        references: refs,
      });
      similarity.set(out.similarity.data as Float32Array, start);
      const best = out.index.data as BigInt64Array;
      for (let i = 0; i < rows; i++) index[start + i] = Number(best[i]);
    }
  } finally {
    await session?.dispose();
  }
  return { index, similarity };
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
