/**
 * Applies a LoRA to the UNet without touching its (multi-gigabyte) weights: next to each target Linear
 * Y = X·Wᵀ the graph gets a low-rank branch
 *   Y' = Y + ((X · downᵀ) · upᵀ) · c,   c = scale · alpha / rank (· Gemm alpha)
 * which equals X·(W + c·up@down)ᵀ, the merged weight. The branch's two small matrices and c become new
 * inline initializers in the weight's float type; every existing initializer, external or not, stays
 * as it was, so the patched graph loads with its weights left in model.onnx_data.
 */
import { float32ArrayToFloat16Bits, OnnxElementType, type ModelProto, type NodeProto, type TensorProto } from '@geneava/core';
import type { LoraAdapter, LoraModuleWeights } from './lora-adapter.js';
import { LoraPatchError } from './lora-errors.js';
import { indexUnetLinears, type UnetLinear } from './unet-linears.js';

export interface UnmatchedLoraModule {
  readonly module: string;
  /** The file's keys for the module. */
  readonly keys: readonly string[];
  readonly reason: string;
}

export interface LoraPatchResult {
  readonly model: ModelProto;
  /** Modules that got a branch. */
  readonly applied: readonly string[];
  /** LoRA modules with no usable node in the graph. */
  readonly unmatched: readonly UnmatchedLoraModule[];
}

/** How a module path looks as a node name, for messages: "a.1.b" → "/a.1/b". */
function nodePrefix(module: string): string {
  const segments: string[] = [];
  for (const part of module.split('.')) {
    if (/^\d+$/.test(part) && segments.length > 0) segments[segments.length - 1] += `.${part}`;
    else segments.push(part);
  }
  return `/${segments.join('/')}`;
}

/** The new name of a patched Linear's output; the branch's Add produces the original name. */
function baseOutput(node: NodeProto): string {
  return `${node.output[0]}/lora_base`;
}

function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c]!;
  return out;
}

function floatTensor(name: string, dataType: number, dims: number[], values: Float32Array): TensorProto {
  const typed = dataType === OnnxElementType.FLOAT16 ? float32ArrayToFloat16Bits(values) : values;
  return { name, dataType, dims, rawData: new Uint8Array(typed.buffer.slice(typed.byteOffset, typed.byteOffset + typed.byteLength)) };
}

function unmatchedReason(module: string, index: ReturnType<typeof indexUnetLinears>): string {
  const unusable = index.unusable.get(module);
  if (unusable) return `node ${nodePrefix(module)}: ${unusable}`;
  if (index.convolutions.has(module)) return `${nodePrefix(module)} is a convolution; only Linear (MatMul/Gemm) layers take LoRA here`;
  return `no node ${nodePrefix(module)}/MatMul or /Gemm in the graph`;
}

/** Adds the branches; `file` names the UNet graph in errors. Throws when nothing of the LoRA can be applied. */
export function patchUnetWithLora(model: ModelProto, adapter: LoraAdapter, scale: number, file: string): LoraPatchResult {
  if (!Number.isFinite(scale)) throw new LoraPatchError(file, `LoRA scale must be a finite number, got ${scale}`);
  const graph = model.graph;
  if (!graph) throw new LoraPatchError(file, 'has no graph');
  const index = indexUnetLinears(graph);
  if (index.linears.size === 0) {
    const fused = index.fusedOperators.length > 0 ? ` and holds fused operators (${index.fusedOperators.join(', ')})` : '';
    throw new LoraPatchError(
      file,
      `no node is named after a UNet module (e.g. /down_blocks.1/attentions.0/transformer_blocks.0/attn1/to_q/MatMul)${fused}: ` +
        'the graph looks optimized or fused, which loses the names LoRA patching needs; use the plain Optimum export',
    );
  }

  const applied: string[] = [];
  const unmatched: UnmatchedLoraModule[] = [];
  const branches = new Map<number, NodeProto[]>();
  const initializers: TensorProto[] = [];
  for (const lora of adapter.modules) {
    const target = index.linears.get(lora.module);
    if (!target) {
      unmatched.push({ module: lora.module, keys: lora.keys, reason: unmatchedReason(lora.module, index) });
      continue;
    }
    const problem = shapeProblem(lora, target);
    if (problem) throw new LoraPatchError(file, `${adapter.file}: module ${lora.module}: ${problem}`);
    const dataType = target.weight.dataType ?? OnnxElementType.FLOAT;
    if (dataType !== OnnxElementType.FLOAT && dataType !== OnnxElementType.FLOAT16) {
      unmatched.push({ module: lora.module, keys: lora.keys, reason: `its weight has element type ${dataType}; only float32 and float16 graphs can be patched` });
      continue;
    }
    const { nodes, tensors } = branch(target, lora, scale, dataType);
    branches.set(target.nodeIndex, nodes);
    initializers.push(...tensors);
    applied.push(lora.module);
  }
  if (applied.length === 0) {
    const sample = unmatched.slice(0, 3).map((u) => `${u.module} (${u.reason})`).join('; ');
    throw new LoraPatchError(file, `no module of ${adapter.file} matches a node of the graph (${unmatched.length} unmatched, e.g. ${sample})`);
  }

  const nodes: NodeProto[] = [];
  graph.node.forEach((node, i) => {
    const added = branches.get(i);
    if (!added) {
      nodes.push(node);
      return;
    }
    // The Linear now writes to a fresh name; the branch's Add takes over its old output name, so every
    // consumer (and a graph output of that name) reads the adapted value without being rewritten.
    nodes.push({ ...node, output: [baseOutput(node), ...node.output.slice(1)] });
    nodes.push(...added);
  });
  return {
    model: { ...model, graph: { ...graph, node: nodes, initializer: [...graph.initializer, ...initializers] } },
    applied,
    unmatched,
  };
}

function shapeProblem(lora: LoraModuleWeights, target: UnetLinear): string | undefined {
  if (lora.inFeatures === target.inFeatures && lora.outFeatures === target.outFeatures) return undefined;
  return `LoRA factors are for a Linear ${lora.inFeatures} → ${lora.outFeatures}, the graph's ${target.node.name} is ${target.inFeatures} → ${target.outFeatures} (a LoRA for another model?)`;
}

function branch(target: UnetLinear, lora: LoraModuleWeights, scale: number, dataType: number): { nodes: NodeProto[]; tensors: TensorProto[] } {
  const prefix = `${nodePrefix(target.module)}/lora`;
  const base = baseOutput(target.node);
  const downName = `${prefix}/down.weight`;
  const upName = `${prefix}/up.weight`;
  const scaleName = `${prefix}/scale`;
  const factor = scale * lora.factor * target.gemmAlpha;
  const tensors = [
    floatTensor(downName, dataType, [lora.inFeatures, lora.rank], transpose(lora.down, lora.rank, lora.inFeatures)),
    floatTensor(upName, dataType, [lora.rank, lora.outFeatures], transpose(lora.up, lora.outFeatures, lora.rank)),
    floatTensor(scaleName, dataType, [], Float32Array.of(factor)),
  ];
  const nodes: NodeProto[] = [
    { name: `${prefix}/down/MatMul`, opType: 'MatMul', input: [target.input, downName], output: [`${prefix}/down/MatMul_output_0`], attribute: [] },
    { name: `${prefix}/up/MatMul`, opType: 'MatMul', input: [`${prefix}/down/MatMul_output_0`, upName], output: [`${prefix}/up/MatMul_output_0`], attribute: [] },
    { name: `${prefix}/Mul`, opType: 'Mul', input: [`${prefix}/up/MatMul_output_0`, scaleName], output: [`${prefix}/Mul_output_0`], attribute: [] },
    { name: `${prefix}/Add`, opType: 'Add', input: [base, `${prefix}/Mul_output_0`], output: [target.node.output[0]!], attribute: [] },
  ];
  return { nodes, tensors };
}
