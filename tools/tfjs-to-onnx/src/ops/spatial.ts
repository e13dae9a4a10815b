/**
 * The NHWC spatial attributes TF conv and pool nodes share, turned into ONNX's NCHW attributes, and
 * the Transpose pair that keeps the converted graph NHWC around each NCHW-only ONNX op (onnxruntime's
 * transpose optimizer removes the pairs that cancel between consecutive ops).
 */
import type { AttributeProto } from '@geneava/core/onnx';
import type { AttrReader } from '../attributes.js';
import { onnxAttr } from '../onnx-values.js';
import type { OpContext } from '../op-context.js';

export const TO_NCHW = [0, 3, 1, 2] as const;
export const TO_NHWC = [0, 2, 3, 1] as const;

/** An NHWC 4-vector attribute (strides, dilations, ksize) as its [H, W] part; N and C must be 1. */
export function spatialPair(attrs: AttrReader, name: string, fallback?: readonly number[]): [number, number] {
  const values = attrs.ints(name, fallback);
  if (values.length !== 4 || values[0] !== 1 || values[3] !== 1) {
    throw new Error(`attribute '${name}' is [${values.join(', ')}], expected [1, h, w, 1]`);
  }
  return [values[1], values[2]];
}

/** A label for the unsupported list when the node is not NHWC or uses an unknown padding mode. */
export function unsupportedLayout(op: string, attrs: AttrReader): string | undefined {
  const format = attrs.has('data_format') ? attrs.string('data_format') : 'NHWC';
  if (format !== 'NHWC') return `${op}[data_format=${format}]`;
  const padding = attrs.has('padding') ? attrs.string('padding') : 'VALID';
  if (!['SAME', 'VALID', 'EXPLICIT'].includes(padding)) return `${op}[padding=${padding}]`;
  return undefined;
}

/**
 * TF padding as ONNX attributes. SAME puts the odd pixel at the end, which is ONNX's SAME_UPPER; the
 * pooling ops' padded cells are ignored on both sides (MaxPool skips them, AveragePool's default
 * count_include_pad=0 leaves them out of the mean, as TF does).
 */
export function paddingAttributes(attrs: AttrReader): AttributeProto[] {
  const padding = attrs.string('padding');
  switch (padding) {
    case 'SAME':
      return [onnxAttr.string('auto_pad', 'SAME_UPPER')];
    case 'VALID':
      return [onnxAttr.string('auto_pad', 'VALID')];
    case 'EXPLICIT': {
      const p = attrs.ints('explicit_paddings');
      if (p.length !== 8 || p[0] !== 0 || p[1] !== 0 || p[6] !== 0 || p[7] !== 0) {
        throw new Error(`explicit_paddings [${p.join(', ')}] must hold 8 values with zero batch and channel padding`);
      }
      // TF: [n0, n1, h0, h1, w0, w1, c0, c1]; ONNX: [h_begin, w_begin, h_end, w_end].
      return [onnxAttr.ints('pads', [p[2], p[4], p[3], p[5]])];
    }
    default:
      throw new Error(`padding '${padding}' is not SAME, VALID or EXPLICIT`);
  }
}

/** Emits NHWC -> NCHW, the op, NCHW -> NHWC; returns the NHWC result named `<node>/<suffix>` or the node's name. */
export function inNchw(
  context: OpContext,
  x: string,
  opType: string,
  extraInputs: readonly string[],
  attributes: readonly AttributeProto[],
  resultSuffix?: string,
): string {
  const nchw = context.emit('Transpose', [x], [onnxAttr.ints('perm', TO_NCHW)], 'to_nchw');
  const result = context.emit(opType, [nchw, ...extraInputs], attributes, opType.toLowerCase());
  return context.emit('Transpose', [result], [onnxAttr.ints('perm', TO_NHWC)], resultSuffix);
}
