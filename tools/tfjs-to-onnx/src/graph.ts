/**
 * A TF.js graph model as the converter sees it: nodes with their data inputs, the weights already
 * dequantized to the dtype the graph computes in, and the graph's inputs and outputs as TF.js's
 * signature (or, without one, its placeholders and sink nodes) defines them.
 */
import type { TfjsAttrValue } from './model-json.js';

export type ConstDType = 'float32' | 'int32' | 'int64' | 'bool';

export type ConstArray = Float32Array | Int32Array | BigInt64Array | Uint8Array;

/** A tensor whose values are known at conversion time: a weight, or one the converter derived from it. */
export interface ConstTensor {
  readonly dtype: ConstDType;
  readonly shape: readonly number[];
  /** Row-major values; bool is stored as 0/1 bytes. */
  readonly data: ConstArray;
}

export interface TfjsGraphNode {
  readonly name: string;
  readonly op: string;
  /** Data inputs as tensor references ("node" or "node:k"); control dependencies ("^node") are dropped. */
  readonly inputs: readonly string[];
  readonly attr: Readonly<Record<string, TfjsAttrValue>>;
}

/** One dimension: a size, or null where TF.js says -1 (unknown). */
export type TfjsDim = number | null;

/** A graph input or output. */
export interface TfjsGraphTensor {
  /** The name the converted ONNX graph gives it: the signature key without a ":0" suffix, else the node name. */
  readonly name: string;
  /** The TF tensor it is: "node" or "node:k". */
  readonly tensor: string;
  readonly dtype: ConstDType;
  /** Undefined when neither the signature nor the placeholder gives a shape. */
  readonly shape?: readonly TfjsDim[];
}

export interface TfjsGraph {
  /** Names the model in errors: the model.json path, or a label given by the caller. */
  readonly source: string;
  readonly generatedBy?: string;
  readonly convertedBy?: string;
  readonly nodes: readonly TfjsGraphNode[];
  /** Const node values by node name. */
  readonly weights: ReadonlyMap<string, ConstTensor>;
  readonly inputs: readonly TfjsGraphTensor[];
  readonly outputs: readonly TfjsGraphTensor[];
}

/** "node:0" and "node" are the same tensor; control inputs ("^node") are not tensors at all. */
export function parseTensorRef(ref: string): { node: string; index: number } {
  const match = /^(.*):(\d+)$/.exec(ref);
  if (match) return { node: match[1], index: Number(match[2]) };
  return { node: ref, index: 0 };
}

/** The canonical spelling of a tensor reference: "node" for output 0, "node:k" otherwise. */
export function tensorKey(node: string, index: number): string {
  return index === 0 ? node : `${node}:${index}`;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}
