/**
 * The boundary between our TensorData and what onnxruntime takes and gives: checks feeds against the
 * model's declared inputs (all problems at once), converts float32 to float16 bit patterns and plain
 * numbers to int64, and converts float16 outputs back to float32.
 */
import type { OnnxDType } from './contract.js';
import { formatDims, formatTensorInfo } from './check-contract.js';
import { float16BitsToFloat32Array, float32ArrayToFloat16Bits } from './float16.js';
import { arrayKind, ARRAY_KIND, elementCount, type TensorArray, type TensorData, type TensorFeed, type TensorInfo } from './tensor.js';

/** A feed ready to become an onnxruntime tensor. */
export interface PreparedFeed {
  readonly dtype: OnnxDType;
  readonly dims: readonly number[];
  readonly data: TensorArray;
}

export type PreparedFeeds =
  | { readonly ok: true; readonly feeds: Record<string, PreparedFeed> }
  | { readonly ok: false; readonly problems: string[] };

/** Checks every feed against `inputs` and converts where the boundary allows it. */
export function prepareFeeds(inputs: readonly TensorInfo[], feeds: Record<string, TensorFeed>): PreparedFeeds {
  const problems: string[] = [];
  const prepared: Record<string, PreparedFeed> = {};
  const declared = new Map(inputs.map((input) => [input.name, input]));
  for (const input of inputs) {
    if (!Object.hasOwn(feeds, input.name)) problems.push(`input '${input.name}' (${formatTensorInfo(input)}) is missing`);
  }
  for (const [name, feed] of Object.entries(feeds)) {
    const input = declared.get(name);
    if (!input) {
      problems.push(`'${name}' is not an input of the model (inputs: ${inputs.map((i) => i.name).join(', ') || 'none'})`);
      continue;
    }
    const result = prepareFeed(input, feed);
    if (typeof result === 'string') problems.push(`input '${name}': ${result}`);
    else prepared[name] = result;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, feeds: prepared };
}

function prepareFeed(input: TensorInfo, feed: TensorFeed): PreparedFeed | string {
  const converts = input.dtype === 'float16' && feed.dtype === 'float32';
  if (feed.dtype !== input.dtype && !converts) {
    const accepted = input.dtype === 'float16' ? 'float16 (or float32, converted)' : input.dtype;
    return `expected ${accepted}, got ${feed.dtype}`;
  }
  const kind = arrayKind(feed.data);
  const wanted = ARRAY_KIND[feed.dtype];
  const plainIntegers = (feed.dtype === 'int64' || feed.dtype === 'uint64') && kind === 'Array';
  if (kind !== wanted && !plainIntegers) return `${feed.dtype} data must be a ${wanted}, got ${kind}`;
  const count = elementCount(feed.dims);
  if (feed.data.length !== count) {
    return `shape ${formatDims(feed.dims)} needs ${count} values, got ${feed.data.length}`;
  }
  const shapeProblem = checkShape(input.dims, feed.dims);
  if (shapeProblem) return shapeProblem;

  if (converts) return { dtype: 'float16', dims: feed.dims, data: float32ArrayToFloat16Bits(feed.data as Float32Array) };
  if (plainIntegers) {
    const values = feed.data as readonly number[];
    if (!values.every((value) => Number.isSafeInteger(value))) return `${feed.dtype} values must be integers`;
    const data = feed.dtype === 'int64' ? BigInt64Array.from(values, BigInt) : BigUint64Array.from(values, BigInt);
    return { dtype: feed.dtype, dims: feed.dims, data };
  }
  return feed as TensorData;
}

function checkShape(declared: readonly (number | string)[] | undefined, dims: readonly number[]): string | undefined {
  if (declared === undefined) return undefined;
  const fits =
    declared.length === dims.length && declared.every((dim, i) => typeof dim === 'string' || dim === dims[i]);
  return fits ? undefined : `shape ${formatDims(dims)} does not fit the declared ${formatDims(declared)}`;
}

/** An onnxruntime output as TensorData; float16 becomes float32 unless `keepFloat16`. */
export function outputTensor(dtype: string, dims: readonly number[], data: unknown, keepFloat16: boolean): TensorData {
  if (dtype === 'float16') {
    // Node 20 hands out Uint16Array bit patterns; runtimes with Float16Array hand out real halves.
    const isHalfArray = arrayKind(data) === 'Float16Array';
    if (keepFloat16) {
      const view = data as { buffer: ArrayBufferLike; byteOffset: number; length: number };
      const bits = isHalfArray ? new Uint16Array(view.buffer, view.byteOffset, view.length) : (data as Uint16Array);
      return { dtype: 'float16', dims: [...dims], data: bits };
    }
    const values = isHalfArray ? Float32Array.from(data as ArrayLike<number>) : float16BitsToFloat32Array(data as Uint16Array);
    return { dtype: 'float32', dims: [...dims], data: values };
  }
  return { dtype: dtype as OnnxDType, dims: [...dims], data: data as TensorArray };
}
