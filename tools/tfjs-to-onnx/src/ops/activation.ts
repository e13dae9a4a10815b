/**
 * Activations, both as standalone TF ops and as the activation part of fused ops (_FusedConv2D,
 * FusedDepthwiseConv2dNative, _FusedMatMul), which grappler folds into the preceding node.
 */
import type { AttrReader } from '../attributes.js';
import type { ConstTensor } from '../graph.js';
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
  /** The slopes themselves, when known at conversion time (they choose the fastest exact form). */
  readonly preluSlopes?: ConstTensor;
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
      return emitPrelu(context, x, args.preluAlpha, args.preluSlopes, suffix);
    case 'LeakyRelu':
      return context.emit('LeakyRelu', [x], [onnxAttr.float('alpha', args.leakyAlpha ?? 0.2)], suffix);
    case 'Elu':
      return context.emit('Elu', [x], [onnxAttr.float('alpha', 1)], suffix);
  }
}

/**
 * PRelu without onnxruntime's PRelu kernel, which loops over the per-channel broadcast element by
 * element: in FaceMesh (28 PRelu) it took 69% of a run, three times all the convolutions together.
 * Both forms below use vectorised kernels and give PRelu's values bit for bit:
 * - every slope in [0, 1]: max(x, alpha * x). For x > 0, alpha * x <= x; for x <= 0, alpha * x >= x
 *   (float rounding is monotonic, so this holds for the rounded product too).
 * - otherwise: relu(x) + alpha * min(x, 0). One term is exactly 0 for every x, and y + 0 = y.
 */
function emitPrelu(context: OpContext, x: string, alpha: string, slopes: ConstTensor | undefined, suffix?: string): string {
  const part = (name: string): string => (suffix ? `${suffix}/${name}` : `prelu/${name}`);
  const scaled = (value: string): string => context.emit('Mul', [value, alpha], [], part('scaled'));
  if (slopes?.data instanceof Float32Array && slopes.data.length > 0 && slopes.data.every((slope) => slope >= 0 && slope <= 1)) {
    return context.emit('Max', [x, scaled(x)], [], suffix);
  }
  const zero = context.addConstant(float32Scalar(0), part('zero'));
  const negative = context.emit('Min', [x, zero], [], part('negative'));
  return context.emit('Add', [context.emit('Relu', [x], [], part('positive')), scaled(negative)], [], suffix);
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
  const alphaIndex = next;
  const preluAlpha = fused.activation === 'Prelu' ? context.input(next++) : undefined;
  const preluSlopes = preluAlpha !== undefined ? context.constant(alphaIndex) : undefined;
  const leakyAlpha = fused.activation === 'LeakyRelu' ? context.attrs.float('leakyrelu_alpha', 0.2) : undefined;
  return {
    ...(bias !== undefined ? { bias } : {}),
    args: {
      ...(preluAlpha !== undefined ? { preluAlpha } : {}),
      ...(preluSlopes !== undefined ? { preluSlopes } : {}),
      ...(leakyAlpha !== undefined ? { leakyAlpha } : {}),
    },
  };
}
