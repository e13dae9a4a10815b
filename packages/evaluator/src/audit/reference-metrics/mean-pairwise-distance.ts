/**
 * Average pairwise Euclidean distance between two sets of embeddings (the paper's expression error on
 * POSTER embeddings). Unlike the cosine mean this does not factor, so every pair is computed: on ONNX
 * Runtime, as |a|^2 + |b|^2 - 2 a.b from one matrix product per block of rows, summed per row inside
 * the graph so only one number per row comes back.
 *
 * Both sets are first shifted by their common mean (distances do not change), which keeps the squared
 * norms small and the float32 subtraction accurate.
 */
import { attr, type DevicePreference, type OnnxRuntime, type OnnxSession } from '@geneava/core/onnx';
import { runtimeGraphBuilder } from '../../runtime-graph/runtime-graph.js';

export interface PairwiseDistanceOptions {
  /** Rows of `a` per run (default 1024): bounds the [rows x |b|] block in memory. */
  readonly chunkRows?: number;
  readonly device?: DevicePreference;
}

/** The encoded model: sum over j of |a_i - b_j| for each row i of a block. */
function distanceSumGraph(dim: number): Uint8Array {
  const g = runtimeGraphBuilder('pairwise_distance_sums');
  const axis1 = g.initializer('axis1', 'int64', [1], [1]);
  const a = g.input('a', 'float32', ['q', dim]);
  const b = g.input('b', 'float32', ['r', dim]);
  const aSq = g.input('a_sq', 'float32', ['q', 1]);
  const bSq = g.input('b_sq', 'float32', [1, 'r']);
  const [minus2ab] = g.node('Gemm', [a, b], ['minus_2ab'], { name: 'cross', attributes: { transB: 1, alpha: attr.float(-2) } });
  const [partial] = g.node('Add', [minus2ab!, aSq], ['partial'], { name: 'plus_a' });
  const [squared] = g.node('Add', [partial!, bSq], ['squared'], { name: 'plus_b' });
  // Rounding can leave a tiny negative square for near-identical rows.
  const [clamped] = g.node('Relu', [squared!], ['squared_clamped'], { name: 'non_negative' });
  const [distances] = g.node('Sqrt', [clamped!], ['distances'], { name: 'distance' });
  const [rowSum] = g.node('ReduceSum', [distances!, axis1], ['row_sum'], { name: 'sum', attributes: { keepdims: 0 } });
  g.output(rowSum!, 'float32', ['q']);
  return g.toBytes();
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
    session = await onnx.createSession(distanceSumGraph(dim), { label: 'pairwise distances', ...(options.device ? { device: options.device } : {}) });
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
