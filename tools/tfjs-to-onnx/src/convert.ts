/**
 * TF.js graph -> ONNX (opset 13). The graph stays NHWC: only the ops ONNX defines as NCHW (Conv,
 * pools) are wrapped in Transpose pairs, so inputs, outputs and every other op keep TF's layout and
 * TF's broadcasting. Nodes are converted in dependency order, so the ONNX node list is topologically
 * sorted by construction; clamps spelled as separate ops are then fused into Clip (fuse-clamps.ts),
 * and the result is checked against the ONNX checker's structural rules.
 */
import { encodeModel, type ModelProto } from '@geneava/core/onnx';
import { AttrReader } from './attributes.js';
import { checkOnnxModel } from './check-model.js';
import { ConversionState } from './conversion-state.js';
import { fuseClamps } from './fuse-clamps.js';
import { TfjsConversionError, UnsupportedOpsError, type UnsupportedOp } from './errors.js';
import type { TfjsGraph, TfjsGraphNode } from './graph.js';
import { valueInfo } from './onnx-values.js';
import { OP_CONVERTERS } from './ops/index.js';
import { neededNodesInOrder } from './topo-sort.js';
import { CONVERTER_NAME, CONVERTER_VERSION } from './version.js';

export const ONNX_OPSET = 13;
/** IR version 7 is the one that goes with opset 13. */
const IR_VERSION = 7;

export interface ConvertOptions {
  /** The ONNX graph's name; default: the model.json file name without extension. */
  readonly graphName?: string;
  /** The symbolic name of a -1 batch (first) dimension; default 'batch'. Other unknown sizes are "<tensor>_dim<axis>". */
  readonly batchDimName?: string;
  /** Extra metadata_props entries (e.g. where the source files came from). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** Converts the graph; throws UnsupportedOpsError listing every op it cannot translate, with counts. */
export function convertTfjsGraphModel(graph: TfjsGraph, options: ConvertOptions = {}): ModelProto {
  const fail = (detail: string) => new TfjsConversionError(graph.source, detail);
  let order: TfjsGraphNode[];
  try {
    order = neededNodesInOrder(graph);
  } catch (error) {
    throw fail((error as Error).message);
  }
  assertSupported(graph.source, order);

  const state = new ConversionState(graph);
  for (const input of graph.inputs) state.bindInput(input.tensor, input.name);
  for (const node of order) {
    if (state.has(node.name)) continue; // a fed tensor
    if (node.op === 'Placeholder') throw fail(`placeholder '${node.name}' is needed by the outputs but is not an input of the graph's signature`);
    if (node.op === 'Const') {
      const weight = graph.weights.get(node.name);
      if (!weight) throw fail(`constant '${node.name}' has no entry in the weights manifest`);
      state.bindConstant(node.name, weight);
      continue;
    }
    const context = state.contextFor(node);
    try {
      OP_CONVERTERS.get(node.op)!.convert(context);
    } catch (error) {
      throw fail(`node '${node.name}' (${node.op}): ${(error as Error).message}`);
    }
    if (!context.producedOutput) throw fail(`node '${node.name}' (${node.op}): the converter produced no output`);
  }

  for (const output of graph.outputs) {
    let value: string;
    try {
      value = state.valueName(output.tensor);
    } catch (error) {
      throw fail(`output '${output.name}': ${(error as Error).message}`);
    }
    // The graph output must carry its signature name: a value named otherwise gets an Identity.
    if (value !== output.name) state.addNode('Identity', [value], state.names.claimExact(output.name), []);
  }

  const fused = fuseClamps({
    nodes: state.nodes,
    initializers: state.initializers,
    outputs: new Set(graph.outputs.map((output) => output.name)),
    claimName: (base) => state.names.claim(base),
  });

  const batch = options.batchDimName ?? 'batch';
  const dimName = (tensor: string) => (axis: number) => (axis === 0 ? batch : `${tensor}_dim${axis}`);
  const metadata = {
    ...(graph.generatedBy ? { 'tfjs.generatedBy': graph.generatedBy } : {}),
    ...(graph.convertedBy ? { 'tfjs.convertedBy': graph.convertedBy } : {}),
    ...options.metadata,
  };
  const model: ModelProto = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: CONVERTER_NAME,
    producerVersion: CONVERTER_VERSION,
    docString: `Converted from a TF.js graph model by ${CONVERTER_NAME} ${CONVERTER_VERSION}; NHWC layout kept.`,
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: options.graphName ?? graphNameOf(graph.source),
      node: fused.nodes,
      initializer: fused.initializers,
      input: graph.inputs.map((input) => valueInfo(input.name, input.dtype, input.shape, dimName(input.name))),
      output: graph.outputs.map((output) => valueInfo(output.name, output.dtype, output.shape, dimName(output.name))),
      valueInfo: [],
    },
  };
  const problems = checkOnnxModel(model);
  if (problems.length > 0) throw fail(`the converted graph breaks ONNX rules (a converter bug): ${problems.join('; ')}`);
  return model;
}

/** convertTfjsGraphModel, serialized. */
export function convertTfjsGraphModelToBytes(graph: TfjsGraph, options: ConvertOptions = {}): Uint8Array {
  return encodeModel(convertTfjsGraphModel(graph, options));
}

/** The TF ops the converter translates (besides Const and Placeholder), sorted. */
export function supportedTfOps(): string[] {
  return [...OP_CONVERTERS.keys()].sort();
}

function assertSupported(source: string, order: readonly TfjsGraphNode[]): void {
  const counts = new Map<string, number>();
  for (const node of order) {
    if (node.op === 'Const' || node.op === 'Placeholder') continue;
    const converter = OP_CONVERTERS.get(node.op);
    let label: string | undefined = node.op;
    if (converter) {
      try {
        label = converter.unsupported?.(node, new AttrReader(node.attr));
      } catch (error) {
        label = `${node.op}[${(error as Error).message}]`;
      }
    }
    if (label !== undefined) counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  if (counts.size === 0) return;
  const ops: UnsupportedOp[] = [...counts].map(([op, count]) => ({ op, count })).sort((a, b) => b.count - a.count || (a.op < b.op ? -1 : 1));
  throw new UnsupportedOpsError(source, ops);
}

function graphNameOf(source: string): string {
  const file = source.split(/[\\/]/).pop() ?? source;
  return file.replace(/\.json$/, '') || 'tfjs-graph';
}
