/**
 * Average pairwise Euclidean distance between two sets of embeddings (the paper's expression error on
 * POSTER embeddings). Unlike the cosine mean this does not factor, so every pair is computed: on ONNX
 * Runtime, as |a|^2 + |b|^2 - 2 a.b from one matrix product per block of rows, summed per row inside
 * the graph so only one number per row comes back.
 *
 * Both sets are first shifted by their common mean (distances do not change), which keeps the squared
 * norms small and the float32 subtraction accurate.
 */
import { encodeModel, type DevicePreference, type ModelProto, type OnnxRuntime, type OnnxSession } from '@geneava/core';
import { attribute, ELEMENT, runtimeModel, valueInfo } from '../runtime-graph/runtime-graph.js';

export interface PairwiseDistanceOptions {
  /** Rows of `a` per run (default 1024): bounds the [rows x |b|] block in memory. */
  readonly chunkRows?: number;
  readonly device?: DevicePreference;
}

function distanceSumGraph(dim: number): ModelProto {
  const f32 = ELEMENT.float32;
  return runtimeModel({
    name: 'pairwise_distance_sums',
    initializers: [{ name: 'axis1', dataType: ELEMENT.int64, dims: [1], int64Data: [1] }],
    inputs: [valueInfo('a', f32, ['q', dim]), valueInfo('b', f32, ['r', dim]), valueInfo('a_sq', f32, ['q', 1]), valueInfo('b_sq', f32, [1, 'r'])],
    outputs: [valueInfo('row_sum', f32, ['q'])],
    nodes: [
      { name: 'cross', opType: 'Gemm', input: ['a', 'b'], output: ['minus_2ab'], attribute: [attribute('transB', { type: 2, i: 1 }), attribute('alpha', { type: 1, f: -2 })] },
      { name: 'plus_a', opType: 'Add', input: ['minus_2ab', 'a_sq'], output: ['partial'] },
      { name: 'plus_b', opType: 'Add', input: ['partial', 'b_sq'], output: ['squared'] },
      // Rounding can leave a tiny negative square for near-identical rows.
      { name: 'non_negative', opType: 'Relu', input: ['squared'], output: ['squared_clamped'] },
      { name: 'distance', opType: 'Sqrt', input: ['squared_clamped'], output: ['distances'] },
      { name: 'sum', opType: 'ReduceSum', input: ['distances', 'axis1'], output: ['row_sum'], attribute: [attribute('keepdims', { type: 2, i: 0 })] },
    ],
  });
}

/** Both sets minus their common mean, and each row's squared norm. */
function centred(a: Float32Array, b: Float32Array, dim: number): { a: Float32Array; b: Float32Array; aSq: Float32Array; bSq: Float32Array } {
  const mean = new Float64Array(dim);
  const rows = (a.length + b.length) / dim;
  for (const set of [a, b]) for (let i = 0; i < set.length; i++) mean[i % dim]! += set[i]!;
  for (let k = 0; k < dim; k++) mean[k]! /= rows;
  const shift = (set: Float32Array) => {
    const out = new Float32Array(set.length);
    const sq = new Float32Array(set.length / dim);
    for (let row = 0; row < sq.length; row++) {
      let s = 0;
      for (let k = 0; k < dim; k++) {
        const v = set[row * dim + k]! - mean[k]!;
        out[row * dim + k] = v;
        s += v * v;
      }
      sq[row] = s;
    }
    return { out, sq };
  };
  const sa = shift(a);
  const sb = shift(b);
  return { a: sa.out, b: sb.out, aSq: sa.sq, bSq: sb.sq };
}

function checkRows(values: Float32Array, dim: number, what: string): number {
  if (!(dim > 0) || values.length % dim !== 0) throw new Error(`${what}: ${values.length} values do not split into rows of ${dim}`);
  return values.length / dim;
}

/** Mean of |a_i - b_j| over every pair of rows; NaN when either set is empty. */
export async function meanPairwiseDistance(
  onnx: OnnxRuntime,
  a: Float32Array,
  b: Float32Array,
  dim: number,
  options: PairwiseDistanceOptions = {},
): Promise<number> {
  const n = checkRows(a, dim, 'mean pairwise distance (first set)');
  const m = checkRows(b, dim, 'mean pairwise distance (second set)');
  if (n === 0 || m === 0) return Number.NaN;
  const c = centred(a, b, dim);
  const chunkRows = Math.max(1, options.chunkRows ?? 1024);
  let total = 0;
  let session: OnnxSession | undefined;
  try {
    session = await onnx.createSession(encodeModel(distanceSumGraph(dim)), { label: 'pairwise distances', ...(options.device ? { device: options.device } : {}) });
    const bFeed = { dtype: 'float32' as const, dims: [m, dim], data: c.b };
    const bSqFeed = { dtype: 'float32' as const, dims: [1, m], data: c.bSq };
    for (let start = 0; start < n; start += chunkRows) {
      const rows = Math.min(chunkRows, n - start);
      const out = await session.run({
        a: { dtype: 'float32', dims: [rows, dim], data: c.a.subarray(start * dim, (start + rows) * dim) },
        b: bFeed,
        a_sq: { dtype: 'float32', dims: [rows, 1], data: c.aSq.subarray(start, start + rows) },
        b_sq: bSqFeed,
      });
      for (const value of out.row_sum!.data as Float32Array) total += value;
    }
  } finally {
    await session?.dispose();
  }
  return total / (n * m);
}

/** The same mean as nested loops in float64: the test oracle. */
export function meanPairwiseDistanceNaive(a: Float32Array, b: Float32Array, dim: number): number {
  const n = checkRows(a, dim, 'first set');
  const m = checkRows(b, dim, 'second set');
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < dim; k++) {
        const d = a[i * dim + k]! - b[j * dim + k]!;
        s += d * d;
      }
      total += Math.sqrt(s);
    }
  }
  return n === 0 || m === 0 ? Number.NaN : total / (n * m);
}
