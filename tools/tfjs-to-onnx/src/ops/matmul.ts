/**
 * MatMul and _FusedMatMul (MatMul + BiasAdd + activation). TF's transpose flags become a transposed
 * constant at conversion time, or a Transpose node for a computed operand.
 */
import { transposeConst } from '../const-tensors.js';
import { onnxAttr } from '../onnx-values.js';
import type { OpContext, OpConverter } from '../op-context.js';
import { applyActivation, fusedArguments, parseFusedOps, unsupportedFusion } from './activation.js';

function operand(context: OpContext, index: number, transposed: boolean, suffix: string): string {
  if (!transposed) return context.input(index);
  const constant = context.constant(index);
  if (constant) {
    if (constant.shape.length !== 2) throw new Error(`${suffix} has shape [${constant.shape.join(', ')}], expected a matrix`);
    return context.addConstant(transposeConst(constant, [1, 0]), suffix);
  }
  return context.emit('Transpose', [context.input(index)], [onnxAttr.ints('perm', [1, 0])], suffix);
}

function matMulConverter(fused: boolean): OpConverter {
  return {
    unsupported: (node, attrs) => (fused ? unsupportedFusion(node.op, attrs) : undefined),
    convert: (context) => {
      const a = operand(context, 0, context.attrs.bool('transpose_a', false), 'a_transposed');
      const b = operand(context, 1, context.attrs.bool('transpose_b', false), 'b_transposed');
      const fusion = fused ? parseFusedOps(context.attrs) : { biasAdd: false };
      if (typeof fusion === 'string') throw new Error(`fused_ops ${fusion} cannot be converted`);
      const { bias, args } = fused ? fusedArguments(context, fusion, 2) : { bias: undefined, args: {} };
      const activation = fusion.activation;

      let result = context.emit('MatMul', [a, b], [], bias !== undefined || activation ? 'matmul' : undefined);
      if (bias !== undefined) result = context.emit('Add', [result, bias], [], activation ? 'bias' : undefined);
      context.setOutput(activation ? applyActivation(context, result, activation, args) : result);
    },
  };
}

export const matMulConverters: Readonly<Record<string, OpConverter>> = {
  MatMul: matMulConverter(false),
  _FusedMatMul: matMulConverter(true),
};
