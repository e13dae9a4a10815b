/**
 * Decodes a weights-manifest group (its .bin shards concatenated) into constant tensors, undoing
 * TF.js's weight quantization exactly as tfjs-core's decodeWeights does, so the converted graph
 * computes with the very values TF.js computes with:
 * - float16: each value is the half-precision bit pattern, widened exactly to float32;
 * - uint8/uint16: affine, value = q * scale + min (rounded to int32 for int32 weights).
 */
import { float16BitsToFloat32 } from '@geneava/core/onnx';
import { elementCount, type ConstTensor } from './graph.js';
import type { TfjsWeightSpec } from './model-json.js';

/** Bytes each stored value takes, by storage dtype. */
const STORED_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, float16: 2, uint8: 1, uint16: 2 };

/** Decodes `specs` in manifest order from `bytes`; throws a message naming the weight on any mismatch. */
export function decodeWeightGroup(specs: readonly TfjsWeightSpec[], bytes: Uint8Array): Map<string, ConstTensor> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Map<string, ConstTensor>();
  let offset = 0;
  for (const spec of specs) {
    const count = elementCount(spec.shape);
    const storedAs = spec.quantization?.dtype ?? spec.dtype;
    const width = STORED_BYTES[storedAs];
    if (width === undefined) throw new Error(`weight '${spec.name}' has dtype '${spec.dtype}', which the converter cannot read (float32, int32, bool)`);
    const length = count * width;
    if (offset + length > bytes.byteLength) {
      throw new Error(`weight '${spec.name}' needs bytes ${offset}..${offset + length} but the weight files hold only ${bytes.byteLength} bytes`);
    }
    out.set(spec.name, decodeWeight(spec, view, offset, count));
    offset += length;
  }
  return out;
}

function decodeWeight(spec: TfjsWeightSpec, view: DataView, offset: number, count: number): ConstTensor {
  const shape = [...spec.shape];
  const quantization = spec.quantization;
  if (!quantization) {
    switch (spec.dtype) {
      case 'float32': {
        const data = new Float32Array(count);
        for (let i = 0; i < count; i++) data[i] = view.getFloat32(offset + 4 * i, true);
        return { dtype: 'float32', shape, data };
      }
      case 'int32': {
        const data = new Int32Array(count);
        for (let i = 0; i < count; i++) data[i] = view.getInt32(offset + 4 * i, true);
        return { dtype: 'int32', shape, data };
      }
      case 'bool': {
        const data = new Uint8Array(count);
        for (let i = 0; i < count; i++) data[i] = view.getUint8(offset + i) === 0 ? 0 : 1;
        return { dtype: 'bool', shape, data };
      }
    }
    throw new Error(`weight '${spec.name}' has dtype '${spec.dtype}', which the converter cannot read`);
  }

  if (quantization.dtype === 'float16') {
    if (spec.dtype !== 'float32') throw new Error(`weight '${spec.name}' is float16-quantized but has dtype '${spec.dtype}' (only float32 can be)`);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = float16BitsToFloat32(view.getUint16(offset + 2 * i, true));
    return { dtype: 'float32', shape, data };
  }

  const { min, scale } = quantization;
  if (min === undefined || scale === undefined) throw new Error(`weight '${spec.name}' is ${quantization.dtype}-quantized without min and scale`);
  const read = quantization.dtype === 'uint8' ? (i: number) => view.getUint8(offset + i) : (i: number) => view.getUint16(offset + 2 * i, true);
  if (spec.dtype === 'float32') {
    const data = new Float32Array(count);
    // Computed in double and stored as float32, as tfjs-core does.
    for (let i = 0; i < count; i++) data[i] = read(i) * scale + min;
    return { dtype: 'float32', shape, data };
  }
  if (spec.dtype === 'int32') {
    const data = new Int32Array(count);
    for (let i = 0; i < count; i++) data[i] = Math.round(read(i) * scale + min);
    return { dtype: 'int32', shape, data };
  }
  throw new Error(`weight '${spec.name}' is ${quantization.dtype}-quantized but has dtype '${spec.dtype}' (only float32 and int32 can be)`);
}
