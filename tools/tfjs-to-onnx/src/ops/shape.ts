/**
 * Shape and layout ops: Reshape, Squeeze, ExpandDims, ConcatV2, Pack, Transpose and the Pad family.
 * Shapes, axes and paddings are TF int32 constants; opset 13 wants int64 inputs or int attributes.
 */
import { constNumbers } from '../const-tensors.js';
import { OnnxElementType } from '@geneava/core/onnx';
import { int64Tensor, onnxAttr } from '../onnx-values.js';
import type { OpContext, OpConverter } from '../op-context.js';

/** An int64 value holding TF input `index`: re-typed at conversion time when constant, else cast. */
function int64Input(context: OpContext, index: number, suffix: string): string {
  const value = context.constant(index);
  if (value) return context.addConstant(int64Tensor(constNumbers(value), value.shape), suffix);
  return context.emit('Cast', [context.input(index)], [onnxAttr.int('to', OnnxElementType.INT64)], suffix);
}

function scalarAxis(context: OpContext, index: number): number {
  const values = constNumbers(context.requireConstant(index, 'axis'));
  if (values.length !== 1) throw new Error(`axis holds ${values.length} values, expected one`);
  return values[0];
}

const reshape: OpConverter = {
  convert: (context) => {
    const constant = context.constant(1);
    // ONNX (before opset 14's allowzero) reads 0 as "copy this dimension", TF as an empty dimension.
    if (constant && constNumbers(constant).includes(0)) throw new Error('a 0 in the target shape has no opset-13 equivalent');
    context.setOutput(context.emit('Reshape', [context.input(0), int64Input(context, 1, 'shape')]));
  },
};

const squeeze: OpConverter = {
  convert: (context) => {
    const axes = context.attrs.has('squeeze_dims') ? context.attrs.ints('squeeze_dims') : context.attrs.ints('axis', []);
    const inputs = [context.input(0), ...(axes.length > 0 ? [context.addConstant(int64Tensor(axes), 'axes')] : [])];
    context.setOutput(context.emit('Squeeze', inputs));
  },
};

const expandDims: OpConverter = {
  convert: (context) => {
    // TF's axis counts in the output rank, as Unsqueeze's does (negative: from the end).
    const axes = context.addConstant(int64Tensor([scalarAxis(context, 1)]), 'axes');
    context.setOutput(context.emit('Unsqueeze', [context.input(0), axes]));
  },
};

const concatV2: OpConverter = {
  convert: (context) => {
    const count = context.inputCount - 1;
    const axis = scalarAxis(context, count);
    const inputs = Array.from({ length: count }, (_, i) => context.input(i));
    context.setOutput(count === 1 ? context.emit('Identity', inputs) : context.emit('Concat', inputs, [onnxAttr.int('axis', axis)]));
  },
};

const pack: OpConverter = {
  convert: (context) => {
    const axis = context.attrs.int('axis', 0);
    const axes = context.addConstant(int64Tensor([axis]), 'axes');
    const parts = Array.from({ length: context.inputCount }, (_, i) => context.emit('Unsqueeze', [context.input(i), axes], [], `unsqueeze_${i}`));
    context.setOutput(parts.length === 1 ? context.emit('Identity', parts) : context.emit('Concat', parts, [onnxAttr.int('axis', axis)]));
  },
};

const transpose: OpConverter = {
  convert: (context) => {
    const perm = constNumbers(context.requireConstant(1, 'perm'));
    context.setOutput(context.emit('Transpose', [context.input(0)], [onnxAttr.ints('perm', perm)]));
  },
};

/** TF paddings [[before, after] per axis] -> ONNX pads [all befores, then all afters]. */
function padsOf(context: OpContext): string {
  const paddings = context.requireConstant(1, 'paddings');
  const values = constNumbers(paddings);
  if (paddings.shape.length !== 2 || paddings.shape[1] !== 2) throw new Error(`paddings have shape [${paddings.shape.join(', ')}], expected [rank, 2]`);
  const befores = values.filter((_, i) => i % 2 === 0);
  const afters = values.filter((_, i) => i % 2 === 1);
  return context.addConstant(int64Tensor([...befores, ...afters]), 'pads');
}

function padConverter(kind: 'Pad' | 'PadV2' | 'MirrorPad'): OpConverter {
  return {
    unsupported: (node, attrs) => {
      if (kind !== 'MirrorPad') return undefined;
      const mode = attrs.string('mode', 'REFLECT');
      // ONNX's reflect excludes the edge as TF's REFLECT does; TF's SYMMETRIC (edge repeated) has no ONNX mode.
      return mode === 'REFLECT' ? undefined : `${node.op}[${mode}]`;
    },
    convert: (context) => {
      const inputs = [context.input(0), padsOf(context), ...(kind === 'PadV2' ? [context.input(2)] : [])];
      const mode = onnxAttr.string('mode', kind === 'MirrorPad' ? 'reflect' : 'constant');
      context.setOutput(context.emit('Pad', inputs, [mode]));
    },
  };
}

export const shapeConverters: Readonly<Record<string, OpConverter>> = {
  Reshape: reshape,
  Squeeze: squeeze,
  ExpandDims: expandDims,
  ConcatV2: concatV2,
  Pack: pack,
  Transpose: transpose,
  Pad: padConverter('Pad'),
  PadV2: padConverter('PadV2'),
  MirrorPad: padConverter('MirrorPad'),
};
