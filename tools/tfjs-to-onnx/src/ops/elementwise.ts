/**
 * Element-wise ops. TF and ONNX broadcast the same way (numpy rules), so binary ops map one to one;
 * NHWC per-channel operands (BiasAdd, Prelu alpha) broadcast along the last axis in both.
 */
import { onnxAttr } from '../onnx-values.js';
import type { OpContext, OpConverter } from '../op-context.js';
import { applyActivation } from './activation.js';

function direct(onnxOp: string): OpConverter {
  return {
    convert: (context) => {
      const inputs = Array.from({ length: context.inputCount }, (_, i) => context.input(i));
      context.setOutput(context.emit(onnxOp, inputs));
    },
  };
}

function unary(emitter: (context: OpContext, x: string) => string): OpConverter {
  return { convert: (context) => context.setOutput(emitter(context, context.input(0))) };
}

const identity: OpConverter = { convert: (context) => context.forwardInput(0) };

export const elementwiseConverters: Readonly<Record<string, OpConverter>> = {
  Add: direct('Add'),
  AddV2: direct('Add'),
  BiasAdd: {
    unsupported: (node, attrs) => (attrs.has('data_format') && attrs.string('data_format') !== 'NHWC' ? `${node.op}[data_format=${attrs.string('data_format')}]` : undefined),
    convert: (context) => context.setOutput(context.emit('Add', [context.input(0), context.input(1)])),
  },
  Sub: direct('Sub'),
  Mul: direct('Mul'),
  RealDiv: direct('Div'),
  Div: direct('Div'),
  Maximum: direct('Max'),
  Minimum: direct('Min'),
  Pow: direct('Pow'),
  AddN: {
    convert: (context) => {
      if (context.inputCount === 1) return context.forwardInput(0);
      context.setOutput(context.emit('Sum', Array.from({ length: context.inputCount }, (_, i) => context.input(i))));
    },
  },
  SquaredDifference: {
    convert: (context) => {
      const difference = context.emit('Sub', [context.input(0), context.input(1)], [], 'difference');
      context.setOutput(context.emit('Mul', [difference, difference]));
    },
  },

  Relu: direct('Relu'),
  Sigmoid: direct('Sigmoid'),
  Tanh: direct('Tanh'),
  Abs: direct('Abs'),
  Neg: direct('Neg'),
  Exp: direct('Exp'),
  Log: direct('Log'),
  Sqrt: direct('Sqrt'),
  Reciprocal: direct('Reciprocal'),
  Floor: direct('Floor'),
  Elu: unary((context, x) => applyActivation(context, x, 'Elu')),
  Relu6: unary((context, x) => applyActivation(context, x, 'Relu6')),
  LeakyRelu: unary((context, x) => applyActivation(context, x, 'LeakyRelu', { leakyAlpha: context.attrs.float('alpha', 0.2) })),
  Prelu: {
    convert: (context) => {
      const slopes = context.constant(1);
      const args = { preluAlpha: context.input(1), ...(slopes ? { preluSlopes: slopes } : {}) };
      context.setOutput(applyActivation(context, context.input(0), 'Prelu', args));
    },
  },
  Rsqrt: unary((context, x) => context.emit('Reciprocal', [context.emit('Sqrt', [x], [], 'sqrt')])),
  Square: unary((context, x) => context.emit('Mul', [x, x])),
  Softmax: unary((context, x) => context.emit('Softmax', [x], [onnxAttr.int('axis', -1)])),

  Identity: identity,
  Snapshot: identity,
  StopGradient: identity,
};
