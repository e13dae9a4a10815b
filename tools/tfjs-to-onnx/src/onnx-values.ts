/**
 * ONNX protobuf pieces built from converter values: initializers (little-endian raw_data, the way
 * exporters write them), typed attributes and graph input/output declarations. Tensors and attributes
 * are encoded by core's graph builder; the converter keeps its own node list and names because it
 * rewrites the whole graph after emitting it (clamp fusion) and names values after the TF.js nodes.
 */
import { attr, attributeProto, OnnxElementType, tensorProto, type AttributeProto, type TensorProto, type ValueInfoProto } from '@geneava/core/onnx';
import type { ConstDType, ConstTensor, TfjsDim } from './graph.js';

const ELEMENT_TYPE: Readonly<Record<ConstDType, number>> = {
  float32: OnnxElementType.FLOAT,
  int32: OnnxElementType.INT32,
  int64: OnnxElementType.INT64,
  bool: OnnxElementType.BOOL,
};

/** An initializer as exporters write it: little-endian raw_data (core's graph builder encodes it). */
export function initializer(name: string, tensor: ConstTensor): TensorProto {
  return tensorProto(name, tensor.dtype, tensor.shape, tensor.data);
}

/** A graph input/output declaration; unknown sizes become the symbolic name `dimName(axis)`. */
export function valueInfo(name: string, dtype: ConstDType, shape: readonly TfjsDim[] | undefined, dimName: (axis: number) => string): ValueInfoProto {
  const tensorType = shape
    ? { elemType: ELEMENT_TYPE[dtype], shape: { dim: shape.map((dim, axis) => (dim === null ? { dimParam: dimName(axis) } : { dimValue: dim })) } }
    : { elemType: ELEMENT_TYPE[dtype] };
  return { name, type: { tensorType } };
}

/** Typed node attributes, encoded by core's graph builder (the type is explicit: a float attribute of 6 stays FLOAT). */
export const onnxAttr = {
  int: (name: string, value: number): AttributeProto => attributeProto(name, attr.int(value)),
  ints: (name: string, values: readonly number[]): AttributeProto => attributeProto(name, attr.ints(values)),
  float: (name: string, value: number): AttributeProto => attributeProto(name, attr.float(value)),
  string: (name: string, value: string): AttributeProto => attributeProto(name, value),
};

export function int64Tensor(values: readonly number[], shape: readonly number[] = [values.length]): ConstTensor {
  return { dtype: 'int64', shape, data: BigInt64Array.from(values.map((value) => BigInt(value))) };
}

export function float32Scalar(value: number): ConstTensor {
  return { dtype: 'float32', shape: [], data: Float32Array.of(value) };
}
