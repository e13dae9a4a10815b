import type { AttributeProto } from '@geneava/core/onnx';
import type { AttrReader } from './attributes.js';
import type { ConstTensor, TfjsGraphNode } from './graph.js';

/** What an op converter sees of the conversion: the TF node, its inputs as ONNX values, and ways to emit. */
export interface OpContext {
  readonly node: TfjsGraphNode;
  readonly attrs: AttrReader;
  /** Number of data inputs of the TF node. */
  readonly inputCount: number;
  /** The ONNX value holding TF input `index` (a constant becomes an initializer on first use). */
  input(index: number): string;
  /** The value of TF input `index` when it is known at conversion time. */
  constant(index: number): ConstTensor | undefined;
  /** Like constant(), but a non-constant input is an error naming `role` (e.g. "kernel"). */
  requireConstant(index: number, role: string): ConstTensor;
  /** A new initializer named after the node and `suffix`; returns its value name. */
  addConstant(tensor: ConstTensor, suffix: string): string;
  /**
   * Adds one ONNX node and returns its output. Without `suffix` the output takes the TF node's own
   * name (use it for the value the TF node produces); with one it is "<node>/<suffix>".
   */
  emit(opType: string, inputs: readonly string[], attributes?: readonly AttributeProto[], suffix?: string): string;
  /** Declares ONNX value `value` to be TF output `index` of this node. */
  setOutput(value: string, index?: number): void;
  /** Makes TF output `index` the very value of TF input `inputIndex` (constant or not), adding no node. */
  forwardInput(inputIndex: number, index?: number): void;
}

export interface OpConverter {
  /**
   * A short label for the unsupported-ops list when this node uses a variant the converter cannot
   * translate (e.g. "MirrorPad[SYMMETRIC]"); undefined when it can.
   */
  unsupported?(node: TfjsGraphNode, attrs: AttrReader): string | undefined;
  convert(context: OpContext): void;
}
