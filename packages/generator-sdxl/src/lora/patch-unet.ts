/**
 * Applies a LoRA to a model graph (the UNet or a text encoder) without touching its (multi-gigabyte)
 * weights: next to each target Linear Y = X·Wᵀ the graph gets a low-rank branch
 *   Y' = Y + ((X · downᵀ) · upᵀ) · c,   c = scale · alpha / rank (· Gemm alpha)
 * which equals X·(W + c·up@down)ᵀ, the merged weight; next to each target Conv (LoCon) it gets
 *   Y' = Y + Conv₁ₓ₁(Conv(X, down; the layer's own strides, pads, dilations), up) · c.
 * The branch's factors and c become new inline initializers in the weight's float type; every existing
 * initializer, external or not, stays as it was, so the patched graph loads with its weights left in
 * model.onnx_data. Several LoRAs are applied one after another, each branch under its own tag.
 * A graph rewritten by onnxruntime's transformer optimizer (fused attention with packed q/k/v) is
 * refused as a whole: LoRA on the layers that kept their names would be a partial LoRA.
 */
import {
  AttributeType,
  float32ArrayToFloat16Bits,
  OnnxElementType,
  type AttributeProto,
  type ModelProto,
  type NodeProto,
  type TensorProto,
} from '@geneava/core/onnx';
import type { LoraAdapter, LoraModuleWeights } from './lora-adapter.js';
import { LoraPatchError } from './lora-errors.js';
import type { LoraTarget } from './lora-keys.js';
import { indexUnetLinears, type UnetConv, type UnetLinear } from './unet-linears.js';

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

export interface PatchOptions {
  /** Which of the adapter's modules to apply (default the UNet's). */
  readonly target?: LoraTarget;
  /** Names this adapter's branches (several LoRAs on one graph need distinct tags); default "lora". */
  readonly tag?: string;
  /** An example node name for the "no module names" error. */
  readonly exampleNode?: string;
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
  return `no node ${nodePrefix(module)}/MatMul, /Gemm or /Conv in the graph`;
}

interface Branch {
  readonly nodes: NodeProto[];
  readonly tensors: TensorProto[];
}

/** Adds the branches; `file` names the graph in errors. Throws when nothing of the LoRA can be applied. */
export function patchUnetWithLora(model: ModelProto, adapter: LoraAdapter, scale: number, file: string, options: PatchOptions = {}): LoraPatchResult {
  if (!Number.isFinite(scale)) throw new LoraPatchError(file, `LoRA scale must be a finite number, got ${scale}`);
  const graph = model.graph;
  if (!graph) throw new LoraPatchError(file, 'has no graph');
  const target = options.target ?? 'unet';
  const tag = options.tag ?? 'lora';
  const index = indexUnetLinears(graph);
  if (index.fusedNodes.length > 0) {
    const shown = index.fusedNodes.slice(0, 5).join(', ');
    const more = index.fusedNodes.length > 5 ? ` and ${index.fusedNodes.length - 5} more` : '';
    throw new LoraPatchError(
      file,
      `has fused layers (${index.fusedOperators.join(', ')}: ${shown}${more}), as onnxruntime's transformer optimizer writes them with packed q/k/v; ` +
        'a LoRA on them cannot be applied, and applying it to the other layers only would be a partial LoRA. Use the plain Optimum export',
    );
  }
  if (index.linears.size === 0 && index.convolutions.size === 0) {
    throw new LoraPatchError(
      file,
      `no node is named after a module (e.g. ${options.exampleNode ?? '/down_blocks.1/attentions.0/transformer_blocks.0/attn1/to_q/MatMul'}): ` +
        'the graph looks optimized, which loses the names LoRA patching needs; use the plain Optimum export',
    );
  }

  const applied: string[] = [];
  const unmatched: UnmatchedLoraModule[] = [];
  const branches = new Map<number, Branch & { readonly output: string }>();
  const initializers: TensorProto[] = [];
  for (const lora of adapter.modules.filter((m) => m.target === target)) {
    const linear = index.linears.get(lora.module);
    const conv = index.convolutions.get(lora.module);
    if (!linear && !conv) {
      unmatched.push({ module: lora.module, keys: lora.keys, reason: unmatchedReason(lora.module, index) });
      continue;
    }
    const problem = linear ? linearShapeProblem(lora, linear) : convShapeProblem(lora, conv!);
    if (problem) throw new LoraPatchError(file, `${adapter.file}: module ${lora.module}: ${problem}`);
    const dataType = linear ? (linear.weight.dataType ?? OnnxElementType.FLOAT) : conv!.dataType;
    if (dataType !== OnnxElementType.FLOAT && dataType !== OnnxElementType.FLOAT16) {
      unmatched.push({ module: lora.module, keys: lora.keys, reason: `its weight has element type ${dataType}; only float32 and float16 graphs can be patched` });
      continue;
    }
    const node = (linear ?? conv!).node;
    const built = linear ? linearBranch(linear, lora, scale, dataType, tag) : convBranch(conv!, lora, scale, dataType, tag);
    branches.set((linear ?? conv!).nodeIndex, { ...built, output: node.output[0]! });
    initializers.push(...built.tensors);
    applied.push(lora.module);
  }
  if (applied.length === 0) {
    const sample = unmatched.slice(0, 3).map((u) => `${u.module} (${u.reason})`).join('; ');
    throw new LoraPatchError(file, `no ${target} module of ${adapter.file} matches a node of the graph (${unmatched.length} unmatched, e.g. ${sample})`);
  }

  const nodes: NodeProto[] = [];
  graph.node.forEach((node, i) => {
    const added = branches.get(i);
    if (!added) {
      nodes.push(node);
      return;
    }
    // The layer now writes to a fresh name; the branch's Add takes over its old output name, so every
    // consumer (and a graph output of that name) reads the adapted value without being rewritten.
    nodes.push({ ...node, output: [baseOutput(added.output, tag), ...node.output.slice(1)] });
    nodes.push(...added.nodes);
  });
  return {
    model: { ...model, graph: { ...graph, node: nodes, initializer: [...graph.initializer, ...initializers] } },
    applied,
    unmatched,
  };
}

/** The new name of a patched layer's output; the branch's Add produces the original name. */
function baseOutput(output: string, tag: string): string {
  return `${output}/${tag}_base`;
}

function linearShapeProblem(lora: LoraModuleWeights, target: UnetLinear): string | undefined {
  if (lora.kernel[0] !== 1 || lora.kernel[1] !== 1) return `a ${lora.kernel.join('×')} convolution LoRA for a Linear layer`;
  if (lora.inFeatures === target.inFeatures && lora.outFeatures === target.outFeatures) return undefined;
  return `LoRA factors are for a Linear ${lora.inFeatures} → ${lora.outFeatures}, the graph's ${target.node.name} is ${target.inFeatures} → ${target.outFeatures} (a LoRA for another model?)`;
}

function convShapeProblem(lora: LoraModuleWeights, target: UnetConv): string | undefined {
  const [out, inPerGroup, kh, kw] = target.weightDims as [number, number, number, number];
  if (target.group !== 1) return `its Conv has group ${target.group}; LoCon branches are built for group 1`;
  if (lora.inFeatures === inPerGroup && lora.outFeatures === out && lora.kernel[0] === kh && lora.kernel[1] === kw) return undefined;
  return `LoRA factors are for a ${lora.kernel.join('×')} convolution ${lora.inFeatures} → ${lora.outFeatures}, the graph's ${target.node.name} is ${kh}×${kw}, ${inPerGroup} → ${out} (a LoRA for another model?)`;
}

function linearBranch(target: UnetLinear, lora: LoraModuleWeights, scale: number, dataType: number, tag: string): Branch {
  const prefix = `${nodePrefix(target.module)}/${tag}`;
  const base = baseOutput(target.node.output[0]!, tag);
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

/** The down convolution copies the layer's geometry (kernel, strides, pads, dilations); up is 1×1. */
function convBranch(target: UnetConv, lora: LoraModuleWeights, scale: number, dataType: number, tag: string): Branch {
  const prefix = `${nodePrefix(target.module)}/${tag}`;
  const base = baseOutput(target.node.output[0]!, tag);
  const downName = `${prefix}/down.weight`;
  const upName = `${prefix}/up.weight`;
  const scaleName = `${prefix}/scale`;
  const geometry: AttributeProto[] = target.node.attribute.filter((a) => ['kernel_shape', 'strides', 'pads', 'dilations', 'auto_pad'].includes(a.name ?? ''));
  const tensors = [
    floatTensor(downName, dataType, [lora.rank, lora.inFeatures, lora.kernel[0], lora.kernel[1]], lora.down),
    floatTensor(upName, dataType, [lora.outFeatures, lora.rank, 1, 1], lora.up),
    floatTensor(scaleName, dataType, [], Float32Array.of(scale * lora.factor)),
  ];
  const nodes: NodeProto[] = [
    { name: `${prefix}/down/Conv`, opType: 'Conv', input: [target.input, downName], output: [`${prefix}/down/Conv_output_0`], attribute: geometry },
    {
      name: `${prefix}/up/Conv`,
      opType: 'Conv',
      input: [`${prefix}/down/Conv_output_0`, upName],
      output: [`${prefix}/up/Conv_output_0`],
      attribute: [{ name: 'kernel_shape', type: AttributeType.INTS, ints: [1, 1] }],
    },
    { name: `${prefix}/Mul`, opType: 'Mul', input: [`${prefix}/up/Conv_output_0`, scaleName], output: [`${prefix}/Mul_output_0`], attribute: [] },
    { name: `${prefix}/Add`, opType: 'Add', input: [base, `${prefix}/Mul_output_0`], output: [target.node.output[0]!], attribute: [] },
  ];
  return { nodes, tensors };
}
