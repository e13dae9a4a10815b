/**
 * Clamps written as separate ops become one Clip, which onnxruntime fuses into the convolution before
 * it. TF.js graphs of Keras models spell ReLU6 as Relu -> Minimum(6) -> Maximum(0): FaceRes has 27 of
 * them, and as three element-wise ops between convolutions (with layout reorders around each) they
 * took a fifth of its run time. The rewrites give the same number for every input (a zero may change
 * its sign):
 *   Max(Min(x, hi), lo) and Min(Max(x, lo), hi), with lo <= hi  ->  Clip(x, lo, hi)
 *   Clip(Relu(x), lo, hi), with lo >= 0                         ->  Clip(x, lo, hi)
 * They apply only where the bounds are float32 scalar constants and the intermediate value feeds
 * nothing else (not even a graph output); initializers no node reads any more are dropped.
 */
import { OnnxElementType, type NodeProto, type TensorProto } from '@geneava/core/onnx';
import { initializer, float32Scalar } from './onnx-values.js';

export interface ClampFusionInput {
  readonly nodes: readonly NodeProto[];
  readonly initializers: readonly TensorProto[];
  /** Values that must survive (graph outputs). */
  readonly outputs: ReadonlySet<string>;
  /** A free value name for a new initializer, from `base`. */
  readonly claimName: (base: string) => string;
}

export interface ClampFusionResult {
  readonly nodes: NodeProto[];
  readonly initializers: TensorProto[];
  readonly fused: number;
}

export function fuseClamps(input: ClampFusionInput): ClampFusionResult {
  const initializers = new Map(input.initializers.map((tensor) => [tensor.name ?? '', tensor]));
  const producers = new Map<string, NodeProto>();
  const uses = new Map<string, number>();
  for (const node of input.nodes) {
    for (const output of node.output) producers.set(output, node);
    for (const value of node.input) uses.set(value, (uses.get(value) ?? 0) + 1);
  }
  const onlyFeeds = (value: string): boolean => uses.get(value) === 1 && !input.outputs.has(value);
  const removed = new Set<NodeProto>();
  const added: TensorProto[] = [];
  const replaced = new Map<NodeProto, NodeProto>();

  for (const node of input.nodes) {
    const outer = bound(node, initializers);
    if (!outer || (node.opType !== 'Max' && node.opType !== 'Min')) continue;
    const inner = producers.get(outer.value);
    const innerBound = inner && inner.opType === (node.opType === 'Max' ? 'Min' : 'Max') ? bound(inner, initializers) : undefined;
    // An inner clamp already taken into a Clip of its own stays as it is.
    if (!inner || !innerBound || !onlyFeeds(outer.value) || replaced.has(inner) || removed.has(inner)) continue;
    const [lo, hi] = node.opType === 'Max' ? [outer.limit, innerBound.limit] : [innerBound.limit, outer.limit];
    if (!(lo <= hi)) continue;
    removed.add(inner);
    let x = innerBound.value;
    const relu = producers.get(x);
    if (relu?.opType === 'Relu' && lo >= 0 && onlyFeeds(x)) {
      removed.add(relu);
      x = relu.input[0]!;
    }
    const limits = [lo, hi].map((limit, i) => {
      const name = input.claimName(`${node.name ?? node.output[0]}/clip_${i === 0 ? 'min' : 'max'}`);
      added.push(initializer(name, float32Scalar(limit)));
      return name;
    });
    replaced.set(node, { ...node, opType: 'Clip', input: [x, ...limits], attribute: [] });
  }

  const nodes = input.nodes.filter((node) => !removed.has(node)).map((node) => replaced.get(node) ?? node);
  const read = new Set(nodes.flatMap((node) => node.input));
  return {
    nodes,
    initializers: [...input.initializers, ...added].filter((tensor) => read.has(tensor.name ?? '') || input.outputs.has(tensor.name ?? '')),
    fused: replaced.size,
  };
}

/** A binary node with one float32 scalar constant input: the other input and the constant's value. */
function bound(node: NodeProto, initializers: ReadonlyMap<string, TensorProto>): { value: string; limit: number } | undefined {
  if (node.input.length !== 2) return undefined;
  for (const k of [0, 1]) {
    const limit = scalarValue(initializers.get(node.input[k]!));
    const other = node.input[1 - k]!;
    if (limit !== undefined && !initializers.has(other)) return { value: other, limit };
  }
  return undefined;
}

/** The value of a float32 tensor holding one element (rank 0 or all dims 1). */
function scalarValue(tensor: TensorProto | undefined): number | undefined {
  if (!tensor || tensor.dataType !== OnnxElementType.FLOAT || (tensor.dims ?? []).some((dim) => Number(dim) !== 1)) return undefined;
  if (tensor.rawData && tensor.rawData.byteLength === 4) return new DataView(tensor.rawData.buffer, tensor.rawData.byteOffset, 4).getFloat32(0, true);
  if (tensor.floatData && tensor.floatData.length === 1) return tensor.floatData[0];
  return undefined;
}
