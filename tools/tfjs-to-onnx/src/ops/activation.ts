/**
 * Activations, both as standalone TF ops and as the activation part of fused ops (_FusedConv2D,
 * FusedDepthwiseConv2dNative, _FusedMatMul), which grappler folds into the preceding node.
 */
import type { AttrReader } from '../attributes.js';
import { float32Scalar, onnxAttr } from '../onnx-values.js';
import type { OpContext } from '../op-context.js';

export const FUSABLE_ACTIVATIONS = ['Relu', 'Relu6', 'Prelu', 'LeakyRelu', 'Elu', 'Sigmoid', 'Tanh'] as const;
export type ActivationKind = (typeof FUSABLE_ACTIVATIONS)[number];

export function isActivation(name: string): name is ActivationKind {
  return (FUSABLE_ACTIVATIONS as readonly string[]).includes(name);
}

export interface ActivationArgs {
  /** The PRelu slope value (TF's alpha input), for Prelu. */
  readonly preluAlpha?: string;
  /** TF's leakyrelu_alpha / alpha attribute, for LeakyRelu. */
  readonly leakyAlpha?: number;
}

/** Applies `kind` to `x`; the result takes the TF node's name unless `suffix` is given. */
export function applyActivation(context: OpContext, x: string, kind: ActivationKind, args: ActivationArgs = {}, suffix?: string): string {
  switch (kind) {
    case 'Relu':
    case 'Sigmoid':
    case 'Tanh':
      return context.emit(kind, [x], [], suffix);
    case 'Relu6': {
      // Clip takes its bounds as inputs from opset 11 on.
      const low = context.addConstant(float32Scalar(0), 'relu6_min');
      const high = context.addConstant(float32Scalar(6), 'relu6_max');
      return context.emit('Clip', [x, low, high], [], suffix);
    }
    case 'Prelu':
      if (args.preluAlpha === undefined) throw new Error('Prelu needs an alpha input');
      return context.emit('PRelu', [x, args.preluAlpha], [], suffix);
    case 'LeakyRelu':
      return context.emit('LeakyRelu', [x], [onnxAttr.float('alpha', args.leakyAlpha ?? 0.2)], suffix);
    case 'Elu':
      return context.emit('Elu', [x], [onnxAttr.float('alpha', 1)], suffix);
  }
}

export interface FusedOps {
  readonly biasAdd: boolean;
  readonly activation?: ActivationKind;
}

/** Reads fused_ops; a string when the combination is one the converter cannot translate. */
export function parseFusedOps(attrs: AttrReader): FusedOps | string {
  const ops = attrs.strings('fused_ops');
  let rest = ops;
  const biasAdd = rest[0] === 'BiasAdd';
  if (biasAdd) rest = rest.slice(1);
  if (rest.length === 0) return { biasAdd };
  if (rest.length === 1 && isActivation(rest[0])) return { biasAdd, activation: rest[0] };
  return ops.join('+') || '(none)';
}

/** The label for the unsupported list when a fused node's fused_ops cannot be translated. */
export function unsupportedFusion(op: string, attrs: AttrReader): string | undefined {
  const fused = parseFusedOps(attrs);
  return typeof fused === 'string' ? `${op}[${fused}]` : undefined;
}

/**
 * Applies a fused node's bias (when it has no better place, e.g. after MatMul) and activation. The
 * fused arguments follow the node's first `firstArg` inputs: bias first, then the PRelu alpha.
 */
export function fusedArguments(context: OpContext, fused: FusedOps, firstArg: number): { bias?: string; args: ActivationArgs } {
  let next = firstArg;
  const expected = (fused.biasAdd ? 1 : 0) + (fused.activation === 'Prelu' ? 1 : 0);
  const numArgs = context.attrs.int('num_args', context.inputCount - firstArg);
  if (numArgs !== expected || context.inputCount < firstArg + expected) {
    throw new Error(`fused_ops need ${expected} extra argument(s) but the node has num_args ${numArgs} and ${context.inputCount - firstArg} extra input(s)`);
  }
  const bias = fused.biasAdd ? context.input(next++) : undefined;
  const preluAlpha = fused.activation === 'Prelu' ? context.input(next++) : undefined;
  const leakyAlpha = fused.activation === 'LeakyRelu' ? context.attrs.float('leakyrelu_alpha', 0.2) : undefined;
  return {
    ...(bias !== undefined ? { bias } : {}),
    args: { ...(preluAlpha !== undefined ? { preluAlpha } : {}), ...(leakyAlpha !== undefined ? { leakyAlpha } : {}) },
  };
}
