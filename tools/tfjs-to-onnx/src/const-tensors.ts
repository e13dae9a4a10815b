/**
 * Conversion-time operations on constant tensors: re-laying kernels out for ONNX and reading small
 * integer constants (shapes, axes, paddings) as numbers.
 */
import { elementCount, type ConstArray, type ConstDType, type ConstTensor } from './graph.js';

/** The tensor with its axes permuted (out axis i is in axis perm[i]), as numpy's transpose. */
export function transposeConst(tensor: ConstTensor, perm: readonly number[]): ConstTensor {
  const rank = tensor.shape.length;
  if (perm.length !== rank) throw new Error(`cannot permute a rank-${rank} tensor with [${perm.join(', ')}]`);
  const shape = perm.map((axis) => tensor.shape[axis]);
  const inStrides = stridesOf(tensor.shape);
  const out = emptyOf(tensor.dtype, tensor.data.length);
  const index = new Array<number>(rank).fill(0);
  for (let flat = 0; flat < out.length; flat++) {
    let source = 0;
    for (let axis = 0; axis < rank; axis++) source += index[axis] * inStrides[perm[axis]];
    (out as unknown as ArrayLike<number | bigint> & Record<number, number | bigint>)[flat] = tensor.data[source];
    // Advance the output index, last axis fastest.
    for (let axis = rank - 1; axis >= 0; axis--) {
      if (++index[axis] < shape[axis]) break;
      index[axis] = 0;
    }
  }
  return { dtype: tensor.dtype, shape, data: out };
}

export function reshapeConst(tensor: ConstTensor, shape: readonly number[]): ConstTensor {
  if (elementCount(shape) !== elementCount(tensor.shape)) {
    throw new Error(`cannot reshape [${tensor.shape.join(', ')}] to [${shape.join(', ')}]`);
  }
  return { ...tensor, shape: [...shape] };
}

/** The values of an integer (or integral float) constant as numbers. */
export function constNumbers(tensor: ConstTensor): number[] {
  return Array.from(tensor.data as ArrayLike<number | bigint>, (value) => Number(value));
}

function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis];
  }
  return strides;
}

function emptyOf(dtype: ConstDType, length: number): ConstArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(length);
    case 'int32':
      return new Int32Array(length);
    case 'int64':
      return new BigInt64Array(length);
    case 'bool':
      return new Uint8Array(length);
  }
}
