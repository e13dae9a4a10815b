/**
 * Conv2D, _FusedConv2D, DepthwiseConv2dNative and FusedDepthwiseConv2dNative. Kernels must be
 * constants and are re-laid out at conversion time:
 * - regular: TF HWIO [kh, kw, in, out] -> ONNX OIHW [out, in, kh, kw];
 * - depthwise: TF HWCM [kh, kw, C, M] -> ONNX [C*M, 1, kh, kw] with group = C (TF's output channel
 *   c*M + m is ONNX's group c, filter m).
 * A fused bias becomes the Conv's B input; the fused activation follows in NHWC.
 */
import { reshapeConst, transposeConst } from '../const-tensors.js';
import { onnxAttr } from '../onnx-values.js';
import type { OpContext, OpConverter } from '../op-context.js';
import { applyActivation, fusedArguments, parseFusedOps, unsupportedFusion } from './activation.js';
import { inNchw, paddingAttributes, spatialPair, unsupportedLayout } from './spatial.js';

type ConvKind = 'regular' | 'depthwise';

function convConverter(kind: ConvKind, fused: boolean): OpConverter {
  return {
    unsupported: (node, attrs) => unsupportedLayout(node.op, attrs) ?? (fused ? unsupportedFusion(node.op, attrs) : undefined),
    convert: (context) => convertConv(context, kind, fused),
  };
}

function convertConv(context: OpContext, kind: ConvKind, fused: boolean): void {
  const { attrs } = context;
  const x = context.input(0);
  const kernel = context.requireConstant(1, 'kernel');
  if (kernel.shape.length !== 4) throw new Error(`kernel has shape [${kernel.shape.join(', ')}], expected 4 dimensions`);
  const [kh, kw, channels, multiplier] = kernel.shape;
  const weights =
    kind === 'regular'
      ? transposeConst(kernel, [3, 2, 0, 1])
      : reshapeConst(transposeConst(kernel, [2, 3, 0, 1]), [channels * multiplier, 1, kh, kw]);

  const fusion = fused ? parseFusedOps(attrs) : { biasAdd: false };
  if (typeof fusion === 'string') throw new Error(`fused_ops ${fusion} cannot be converted`);
  const { bias, args } = fused ? fusedArguments(context, fusion, 2) : { bias: undefined, args: {} };

  const attributes = [
    onnxAttr.ints('kernel_shape', [kh, kw]),
    onnxAttr.ints('strides', spatialPair(attrs, 'strides')),
    onnxAttr.ints('dilations', spatialPair(attrs, 'dilations', [1, 1, 1, 1])),
    onnxAttr.int('group', kind === 'regular' ? 1 : channels),
    ...paddingAttributes(attrs),
  ];
  const inputs = [context.addConstant(weights, 'kernel'), ...(bias !== undefined ? [bias] : [])];
  const activation = fusion.activation;
  const convolved = inNchw(context, x, 'Conv', inputs, attributes, activation ? 'nhwc' : undefined);
  context.setOutput(activation ? applyActivation(context, convolved, activation, args) : convolved);
}

export const convConverters: Readonly<Record<string, OpConverter>> = {
  Conv2D: convConverter('regular', false),
  _FusedConv2D: convConverter('regular', true),
  DepthwiseConv2dNative: convConverter('depthwise', false),
  DepthwiseConv2d: convConverter('depthwise', false),
  FusedDepthwiseConv2dNative: convConverter('depthwise', true),
};
