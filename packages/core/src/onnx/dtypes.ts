/**
 * ONNX element types (TensorProto.DataType) and the dtype names onnxruntime uses for them.
 */
import type { OnnxDType } from './contract.js';

/** TensorProto.DataType codes. */
export const OnnxElementType = {
  UNDEFINED: 0,
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  COMPLEX64: 14,
  COMPLEX128: 15,
  BFLOAT16: 16,
} as const;

const DTYPE_BY_CODE: ReadonlyMap<number, OnnxDType> = new Map<number, OnnxDType>([
  [OnnxElementType.FLOAT, 'float32'],
  [OnnxElementType.UINT8, 'uint8'],
  [OnnxElementType.INT8, 'int8'],
  [OnnxElementType.UINT16, 'uint16'],
  [OnnxElementType.INT16, 'int16'],
  [OnnxElementType.INT32, 'int32'],
  [OnnxElementType.INT64, 'int64'],
  [OnnxElementType.STRING, 'string'],
  [OnnxElementType.BOOL, 'bool'],
  [OnnxElementType.FLOAT16, 'float16'],
  [OnnxElementType.DOUBLE, 'float64'],
  [OnnxElementType.UINT32, 'uint32'],
  [OnnxElementType.UINT64, 'uint64'],
]);

const CODE_BY_DTYPE: ReadonlyMap<OnnxDType, number> = new Map([...DTYPE_BY_CODE].map(([code, dtype]) => [dtype, code]));

// Types onnxruntime's JS API has no name for; used only to say what a file holds.
const OTHER_NAMES: ReadonlyMap<number, string> = new Map([
  [OnnxElementType.UNDEFINED, 'undefined'],
  [OnnxElementType.COMPLEX64, 'complex64'],
  [OnnxElementType.COMPLEX128, 'complex128'],
  [OnnxElementType.BFLOAT16, 'bfloat16'],
]);

/** The dtype for an element-type code, or undefined for types the JS API cannot hold (bfloat16, complex). */
export function dtypeOfElementType(code: number): OnnxDType | undefined {
  return DTYPE_BY_CODE.get(code);
}

/** The element-type code for a dtype. */
export function elementTypeOf(dtype: OnnxDType): number {
  const code = CODE_BY_DTYPE.get(dtype);
  if (code === undefined) throw new Error(`unknown ONNX dtype '${String(dtype)}'`);
  return code;
}

/** A readable name for any element-type code, e.g. "float16", "bfloat16", "element type 23". */
export function elementTypeName(code: number): string {
  return DTYPE_BY_CODE.get(code) ?? OTHER_NAMES.get(code) ?? `element type ${code}`;
}

const BYTES: Readonly<Record<OnnxDType, number>> = {
  float32: 4,
  float16: 2,
  float64: 8,
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
  bool: 1,
  string: 0,
};

/** Bytes per element in raw (little-endian) storage; 0 for strings, which have no fixed width. */
export function bytesPerElement(dtype: OnnxDType): number {
  return BYTES[dtype];
}

export const ONNX_DTYPES: readonly OnnxDType[] = Object.keys(BYTES) as OnnxDType[];

/** Type guard for dtype names coming from outside (session metadata, user options). */
export function isOnnxDType(name: unknown): name is OnnxDType {
  return typeof name === 'string' && Object.hasOwn(BYTES, name);
}
