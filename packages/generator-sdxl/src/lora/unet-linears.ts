/**
 * Finds the Linear layers of a TorchScript-exported UNet graph by module path. The exporter names each
 * node "/<module path with ModuleList indices kept>/<Op>", e.g.
 * "/down_blocks.1/attentions.0/transformer_blocks.0/attn1/to_q/MatMul", while the weights themselves
 * are anonymous ("onnx::MatMul_1234", [in, out]). A Linear on a 2-D input is a Gemm that keeps its
 * weight name. The module path is the node name without its slashes and operator.
 */
import { AttributeType, type GraphProto, type NodeProto, type TensorProto } from '@geneava/core/onnx';

export interface UnetLinear {
  readonly module: string;
  readonly node: NodeProto;
  readonly nodeIndex: number;
  /** The node input the Linear multiplies (the activation). */
  readonly input: string;
  readonly weight: TensorProto;
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** Gemm's alpha (the branch is scaled by it too); 1 for MatMul. */
  readonly gemmAlpha: number;
}

/** A Conv node named after its module, with what a LoCon branch must copy from it. */
export interface UnetConv {
  readonly module: string;
  readonly node: NodeProto;
  readonly nodeIndex: number;
  readonly input: string;
  /** [out, in / group, kh, kw] of its weight initializer. */
  readonly weightDims: readonly number[];
  readonly dataType: number;
  readonly group: number;
}

export interface UnetLinearIndex {
  readonly linears: ReadonlyMap<string, UnetLinear>;
  /** Modules whose node exists but cannot take a branch, with why (e.g. a weight that is not an initializer). */
  readonly unusable: ReadonlyMap<string, string>;
  /** Conv nodes by module path (LoCon targets). */
  readonly convolutions: ReadonlyMap<string, UnetConv>;
  /** Operators that only appear in graphs rewritten by onnxruntime's transformer optimizer. */
  readonly fusedOperators: readonly string[];
  /** Names of the nodes of those operators (e.g. a packed-QKV attention), for the refusal message. */
  readonly fusedNodes: readonly string[];
}

const NAMED_NODE = /^\/(.+)\/(MatMul|Gemm|Conv)$/;
const FUSED = new Set(['MultiHeadAttention', 'Attention', 'PackedAttention', 'GroupQueryAttention', 'BiasSplitGelu', 'GroupNorm', 'SkipGroupNorm', 'NhwcConv', 'BiasAdd']);

function intAttribute(node: NodeProto, name: string, fallback: number): number {
  const attribute = node.attribute.find((a) => a.name === name);
  return attribute?.type === AttributeType.INT ? Number(attribute.i ?? fallback) : fallback;
}

function floatAttribute(node: NodeProto, name: string, fallback: number): number {
  const attribute = node.attribute.find((a) => a.name === name);
  return attribute?.type === AttributeType.FLOAT ? Number(attribute.f ?? fallback) : fallback;
}

export function indexUnetLinears(graph: GraphProto): UnetLinearIndex {
  const initializers = new Map(graph.initializer.map((tensor) => [tensor.name ?? '', tensor]));
  const linears = new Map<string, UnetLinear>();
  const unusable = new Map<string, string>();
  const convolutions = new Map<string, UnetConv>();
  const fused = new Set<string>();
  const fusedNodes: string[] = [];
  graph.node.forEach((node, nodeIndex) => {
    if (FUSED.has(node.opType ?? '') || (node.domain ?? '') === 'com.microsoft') {
      fused.add(node.opType ?? '');
      fusedNodes.push(node.name || `${node.opType} #${nodeIndex}`);
    }
    const match = NAMED_NODE.exec(node.name ?? '');
    if (!match) return;
    const module = match[1]!.replace(/\//g, '.');
    if (match[2] === 'Conv') {
      const weight = initializers.get(node.input[1] ?? '');
      if (!weight || (weight.dims ?? []).length !== 4) {
        unusable.set(module, `its Conv weight '${node.input[1]}' is not a 4-D initializer`);
        return;
      }
      convolutions.set(module, {
        module,
        node,
        nodeIndex,
        input: node.input[0]!,
        weightDims: (weight.dims ?? []).map(Number),
        dataType: weight.dataType ?? 1,
        group: intAttribute(node, 'group', 1),
      });
      return;
    }
    const weight = initializers.get(node.input[1] ?? '');
    const dims = weight?.dims ?? [];
    if (!weight || dims.length !== 2) {
      unusable.set(module, `its ${match[2]} weight '${node.input[1]}' is not a 2-D initializer`);
      return;
    }
    if (match[2] === 'Gemm' && intAttribute(node, 'transA', 0) !== 0) {
      unusable.set(module, 'its Gemm transposes the activation (transA=1)');
      return;
    }
    // MatMul and Gemm(transB=0) hold Wᵀ [in, out]; Gemm(transB=1) holds W [out, in].
    const transposed = match[2] === 'Gemm' && intAttribute(node, 'transB', 0) !== 0;
    const [inFeatures, outFeatures] = transposed ? [dims[1]!, dims[0]!] : [dims[0]!, dims[1]!];
    linears.set(module, {
      module,
      node,
      nodeIndex,
      input: node.input[0]!,
      weight,
      inFeatures,
      outFeatures,
      gemmAlpha: match[2] === 'Gemm' ? floatAttribute(node, 'alpha', 1) : 1,
    });
  });
  return { linears, unusable, convolutions, fusedOperators: [...fused], fusedNodes };
}
