/**
 * Tensors as the rest of the project sees them: plain data, no onnxruntime types. Only runtime.ts
 * turns them into onnxruntime tensors and back.
 */
import type { OnnxDType } from './contract.js';

export type TensorArray =
  | Float32Array
  | Float64Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | string[];

/** A tensor: row-major data of `dims` shape. float16 data are Uint16Array bit patterns, bool is Uint8Array. */
export interface TensorData {
  readonly dtype: OnnxDType;
  readonly dims: readonly number[];
  readonly data: TensorArray;
}

/**
 * What a session's run() accepts: a TensorData, or int64/uint64 values given as plain numbers
 * (converted to BigInt64Array/BigUint64Array at the boundary).
 */
export type TensorFeed =
  | TensorData
  | { readonly dtype: 'int64' | 'uint64'; readonly dims: readonly number[]; readonly data: readonly number[] };

/** The typed-array kind each dtype is held in. */
export const ARRAY_KIND: Readonly<Record<OnnxDType, string>> = {
  float32: 'Float32Array',
  float16: 'Uint16Array',
  float64: 'Float64Array',
  int8: 'Int8Array',
  uint8: 'Uint8Array',
  int16: 'Int16Array',
  uint16: 'Uint16Array',
  int32: 'Int32Array',
  uint32: 'Uint32Array',
  int64: 'BigInt64Array',
  uint64: 'BigUint64Array',
  bool: 'Uint8Array',
  string: 'Array',
};

/**
 * The kind of an array, e.g. "Float32Array" or "Array". Uses the built-in tag, not instanceof: arrays
 * made by native code (onnxruntime, sharp, Buffer) may come from another realm, where instanceof fails.
 */
export function arrayKind(data: unknown): string {
  if (Array.isArray(data)) return 'Array';
  if (ArrayBuffer.isView(data)) {
    const tag = Object.prototype.toString.call(data).slice(8, -1);
    return tag;
  }
  return typeof data;
}

/** Number of elements of a shape (1 for a scalar). */
export function elementCount(dims: readonly number[]): number {
  return dims.reduce((product, dim) => product * dim, 1);
}

/** Shorthand constructor that checks the element count. */
export function tensorData(dtype: OnnxDType, dims: readonly number[], data: TensorArray): TensorData {
  const expected = elementCount(dims);
  if (data.length !== expected) {
    throw new Error(`tensor of shape [${dims.join(', ')}] needs ${expected} values, got ${data.length}`);
  }
  return { dtype, dims: [...dims], data };
}

/** A model input or output as a file or session declares it. */
export interface TensorInfo {
  readonly name: string;
  /** 'unknown' for element types the JS API cannot hold (bfloat16, complex) and for non-tensor values. */
  readonly dtype: OnnxDType | 'unknown';
  /** Numbers are fixed sizes, strings symbolic names ('?' when the file names none); absent: rank unknown. */
  readonly dims?: readonly (number | string)[];
  /** What the file declares when dtype is 'unknown', e.g. "bfloat16" or "sequence". */
  readonly declaredType?: string;
}

/** The inputs and outputs of a model, from its file (readModelSignature) or a live session. */
export interface ModelIo {
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
}
