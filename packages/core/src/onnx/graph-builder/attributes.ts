/**
 * Node attributes from plain JS values. A plain number is an INT when it is an integer and a FLOAT
 * otherwise, so attributes that ONNX types as float but that hold a whole number (Gemm's alpha=1,
 * LeakyRelu's alpha=1) must be wrapped: `attr.float(1)`.
 */
import { type AttributeProto, AttributeType, type GraphProto, type TensorProto } from '../proto.js';

export type TypedAttribute =
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'floats'; readonly value: readonly number[] }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'tensor'; readonly value: TensorProto }
  | { readonly kind: 'graph'; readonly value: GraphProto };

export type AttributeValue = number | string | readonly number[] | readonly string[] | Float32Array | Int32Array | TypedAttribute;

/** Explicitly typed attributes, for values a plain number would get wrong. */
export const attr = {
  float: (value: number): TypedAttribute => ({ kind: 'float', value }),
  int: (value: number): TypedAttribute => ({ kind: 'int', value }),
  floats: (value: ArrayLike<number>): TypedAttribute => ({ kind: 'floats', value: Array.from(value) }),
  ints: (value: ArrayLike<number>): TypedAttribute => ({ kind: 'ints', value: Array.from(value) }),
  tensor: (value: TensorProto): TypedAttribute => ({ kind: 'tensor', value }),
  graph: (value: GraphProto): TypedAttribute => ({ kind: 'graph', value }),
};

const utf8 = new TextEncoder();

function isTyped(value: AttributeValue): value is TypedAttribute {
  return typeof value === 'object' && !ArrayBuffer.isView(value) && !Array.isArray(value) && 'kind' in value;
}

export function attributeProto(name: string, value: AttributeValue): AttributeProto {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { name, type: AttributeType.INT, i: value } : { name, type: AttributeType.FLOAT, f: value };
  }
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: utf8.encode(value) };
  if (isTyped(value)) return typedAttribute(name, value);
  const values = Array.from(value as ArrayLike<number | string>);
  if (values.some((item) => typeof item === 'string')) {
    return { name, type: AttributeType.STRINGS, strings: values.map((item) => utf8.encode(String(item))) };
  }
  const numbers = values as number[];
  const floats = ArrayBuffer.isView(value) ? Object.prototype.toString.call(value) === '[object Float32Array]' : !numbers.every(Number.isInteger);
  return floats ? { name, type: AttributeType.FLOATS, floats: numbers } : { name, type: AttributeType.INTS, ints: numbers };
}

function typedAttribute(name: string, typed: TypedAttribute): AttributeProto {
  switch (typed.kind) {
    case 'float':
      return { name, type: AttributeType.FLOAT, f: typed.value };
    case 'int':
      return { name, type: AttributeType.INT, i: typed.value };
    case 'floats':
      return { name, type: AttributeType.FLOATS, floats: [...typed.value] };
    case 'ints':
      return { name, type: AttributeType.INTS, ints: [...typed.value] };
    case 'tensor':
      return { name, type: AttributeType.TENSOR, t: typed.value };
    case 'graph':
      return { name, type: AttributeType.GRAPH, g: typed.value };
  }
}
