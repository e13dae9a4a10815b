/**
 * ONNX protobuf pieces built from converter values: initializers (little-endian raw_data, the way
 * exporters write them), typed attributes and graph input/output declarations.
 */
import { AttributeType, OnnxElementType, type AttributeProto, type TensorProto, type ValueInfoProto } from '@geneava/core/onnx';
import type { ConstDType, ConstTensor, TfjsDim } from './graph.js';

const ELEMENT_TYPE: Readonly<Record<ConstDType, number>> = {
  float32: OnnxElementType.FLOAT,
  int32: OnnxElementType.INT32,
  int64: OnnxElementType.INT64,
  bool: OnnxElementType.BOOL,
};

export function initializer(name: string, tensor: ConstTensor): TensorProto {
  return { name, dims: [...tensor.shape], dataType: ELEMENT_TYPE[tensor.dtype], rawData: littleEndianBytes(tensor) };
}

/** The values as little-endian bytes, whatever the host's byte order. */
function littleEndianBytes(tensor: ConstTensor): Uint8Array {
  const { data } = tensor;
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  switch (tensor.dtype) {
    case 'float32':
      for (let i = 0; i < data.length; i++) view.setFloat32(4 * i, data[i] as number, true);
      break;
    case 'int32':
      for (let i = 0; i < data.length; i++) view.setInt32(4 * i, data[i] as number, true);
      break;
    case 'int64':
      for (let i = 0; i < data.length; i++) view.setBigInt64(8 * i, data[i] as bigint, true);
      break;
    case 'bool':
      out.set(data as Uint8Array);
      break;
  }
  return out;
}

/** A graph input/output declaration; unknown sizes become the symbolic name `dimName(axis)`. */
export function valueInfo(name: string, dtype: ConstDType, shape: readonly TfjsDim[] | undefined, dimName: (axis: number) => string): ValueInfoProto {
  const tensorType = shape
    ? { elemType: ELEMENT_TYPE[dtype], shape: { dim: shape.map((dim, axis) => (dim === null ? { dimParam: dimName(axis) } : { dimValue: dim })) } }
    : { elemType: ELEMENT_TYPE[dtype] };
  return { name, type: { tensorType } };
}

export const onnxAttr = {
  int: (name: string, value: number): AttributeProto => ({ name, type: AttributeType.INT, i: value }),
  ints: (name: string, values: readonly number[]): AttributeProto => ({ name, type: AttributeType.INTS, ints: [...values] }),
  float: (name: string, value: number): AttributeProto => ({ name, type: AttributeType.FLOAT, f: value }),
  string: (name: string, value: string): AttributeProto => ({ name, type: AttributeType.STRING, s: new TextEncoder().encode(value) }),
};

export function int64Tensor(values: readonly number[], shape: readonly number[] = [values.length]): ConstTensor {
  return { dtype: 'int64', shape, data: BigInt64Array.from(values.map((value) => BigInt(value))) };
}

export function float32Scalar(value: number): ConstTensor {
  return { dtype: 'float32', shape: [], data: Float32Array.of(value) };
}
