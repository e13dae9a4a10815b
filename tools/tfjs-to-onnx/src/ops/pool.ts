/** MaxPool and AvgPool (NHWC in TF, NCHW in ONNX: wrapped in a Transpose pair). */
import { onnxAttr } from '../onnx-values.js';
import type { OpContext, OpConverter } from '../op-context.js';
import { inNchw, paddingAttributes, spatialPair, unsupportedLayout } from './spatial.js';

function poolConverter(onnxOp: 'MaxPool' | 'AveragePool'): OpConverter {
  return {
    unsupported: (node, attrs) => unsupportedLayout(node.op, attrs),
    convert: (context: OpContext) => {
      const { attrs } = context;
      const attributes = [
        onnxAttr.ints('kernel_shape', spatialPair(attrs, 'ksize')),
        onnxAttr.ints('strides', spatialPair(attrs, 'strides')),
        ...paddingAttributes(attrs),
        // TF averages over the cells inside the input only.
        ...(onnxOp === 'AveragePool' ? [onnxAttr.int('count_include_pad', 0)] : []),
      ];
      context.setOutput(inNchw(context, context.input(0), onnxOp, [], attributes));
    },
  };
}

export const poolConverters: Readonly<Record<string, OpConverter>> = {
  MaxPool: poolConverter('MaxPool'),
  AvgPool: poolConverter('AveragePool'),
};
