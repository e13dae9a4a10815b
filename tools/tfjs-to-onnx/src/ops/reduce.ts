/**
 * Mean, Sum, Max, Min and Prod over constant axes. Opset 13 takes ReduceSum's axes as an input and the
 * others' as an attribute. TF with an empty axes list reduces nothing, whereas ONNX without axes
 * reduces everything, so that case forwards the input.
 */
import { constNumbers } from '../const-tensors.js';
import { int64Tensor, onnxAttr } from '../onnx-values.js';
import type { OpConverter } from '../op-context.js';

function reduceConverter(onnxOp: string, axesAsInput: boolean): OpConverter {
  return {
    convert: (context) => {
      const axes = constNumbers(context.requireConstant(1, 'axes'));
      if (axes.length === 0) return context.forwardInput(0);
      const keepdims = onnxAttr.int('keepdims', context.attrs.bool('keep_dims', false) ? 1 : 0);
      const x = context.input(0);
      const output = axesAsInput
        ? context.emit(onnxOp, [x, context.addConstant(int64Tensor(axes), 'axes')], [keepdims])
        : context.emit(onnxOp, [x], [onnxAttr.ints('axes', axes), keepdims]);
      context.setOutput(output);
    },
  };
}

export const reduceConverters: Readonly<Record<string, OpConverter>> = {
  Mean: reduceConverter('ReduceMean', false),
  Sum: reduceConverter('ReduceSum', true),
  Max: reduceConverter('ReduceMax', false),
  Min: reduceConverter('ReduceMin', false),
  Prod: reduceConverter('ReduceProd', false),
};
