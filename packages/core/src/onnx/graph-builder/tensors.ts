/**
 * Turns JS values into TensorProtos (little-endian raw_data, as exporters write them), so fixtures can
 * give weights as plain arrays.
 */
import { endianness } from 'node:os';
import type { OnnxDType } from '../contract.js';
import { elementTypeOf } from '../dtypes.js';
import { float32ArrayToFloat16Bits } from '../float16.js';
import type { TensorProto } from '../proto.js';
import { arrayKind, elementCount } from '../tensor.js';

/** Values for a tensor. float16 takes float values (stored as half bits) or a Uint16Array of bit patterns. */
export type TensorValues =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | readonly number[]
  | readonly bigint[]
  | readonly boolean[]
  | readonly string[];

type NumericArray = Exclude<TensorValues, readonly number[] | readonly bigint[] | readonly boolean[] | readonly string[]>;

/** The typed array each dtype is stored in (float16 as its bit patterns). */
const STORAGE_KIND: Readonly<Record<Exclude<OnnxDType, 'string'>, string>> = {
  float32: 'Float32Array',
  float16: 'Uint16Array',
  float64: 'Float64Array',
  int8: 'Int8Array',
  uint8: 'Uint8Array',
  bool: 'Uint8Array',
  int16: 'Int16Array',
  uint16: 'Uint16Array',
  int32: 'Int32Array',
  uint32: 'Uint32Array',
  int64: 'BigInt64Array',
  uint64: 'BigUint64Array',
};

function numbers(values: TensorValues): number[] {
  return Array.from(values as ArrayLike<number | bigint | boolean>, (value) => Number(value));
}

function bigints(values: TensorValues): bigint[] {
  return Array.from(values as ArrayLike<number | bigint | boolean>, (value) => BigInt(value));
}

/** The values as the typed array onnxruntime (and raw_data) uses for `dtype`. */
export function typedValues(dtype: Exclude<OnnxDType, 'string'>, values: TensorValues): NumericArray {
  // Already the array this dtype is stored as: copied as it is, without going through a list of numbers
  // (converted weights run to millions of values).
  if (!Array.isArray(values) && arrayKind(values) === STORAGE_KIND[dtype]) return (values as NumericArray).slice();
  switch (dtype) {
    case 'float32':
      return Float32Array.from(numbers(values));
    case 'float16':
      // A Uint16Array is taken as bit patterns; anything else as values to round to half precision.
      return arrayKind(values) === 'Uint16Array' ? Uint16Array.from(values as Uint16Array) : float32ArrayToFloat16Bits(numbers(values));
    case 'float64':
      return Float64Array.from(numbers(values));
    case 'int8':
      return Int8Array.from(numbers(values));
    case 'uint8':
    case 'bool':
      return Uint8Array.from(numbers(values));
    case 'int16':
      return Int16Array.from(numbers(values));
    case 'uint16':
      return Uint16Array.from(numbers(values));
    case 'int32':
      return Int32Array.from(numbers(values));
    case 'uint32':
      return Uint32Array.from(numbers(values));
    case 'int64':
      return BigInt64Array.from(bigints(values));
    case 'uint64':
      return BigUint64Array.from(bigints(values));
  }
}

/** A TensorProto holding `values` of `dims` shape. */
export function tensorProto(name: string, dtype: OnnxDType, dims: readonly number[], values: TensorValues): TensorProto {
  const count = elementCount(dims);
  if (values.length !== count) {
    throw new Error(`tensor '${name}': shape [${dims.join(', ')}] needs ${count} values, got ${values.length}`);
  }
  const base = { name, dataType: elementTypeOf(dtype), dims: [...dims] };
  if (dtype === 'string') {
    return { ...base, stringData: Array.from(values as readonly string[], (text) => new TextEncoder().encode(String(text))) };
  }
  // raw_data is little-endian by definition; typed arrays use the host's byte order.
  if (endianness() !== 'LE') throw new Error('writing ONNX raw_data needs a little-endian host');
  const typed = typedValues(dtype, values);
  return { ...base, rawData: new Uint8Array(typed.buffer.slice(typed.byteOffset, typed.byteOffset + typed.byteLength)) };
}
