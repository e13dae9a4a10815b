/**
 * Reads a TF.js graph model (model.json plus the .bin shards its weights manifest names) into a
 * TfjsGraph, resolving inputs and outputs the way tfjs-converter does: the signature (top level, or in
 * userDefinedMetadata) when there is one, else the placeholders and the nodes nothing reads.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AttrReader, dimsOf } from './attributes.js';
import { TfjsModelError } from './errors.js';
import { parseTensorRef, tensorKey, type ConstDType, type ConstTensor, type TfjsGraph, type TfjsGraphNode, type TfjsGraphTensor } from './graph.js';
import { parseModelJson, type TfjsModelJson, type TfjsTensorInfo } from './model-json.js';
import { decodeWeightGroup } from './weights.js';

/** Reads model.json and its weight files from disk. */
export async function readTfjsGraphModel(modelJsonPath: string): Promise<TfjsGraph> {
  let text: string;
  try {
    text = await readFile(modelJsonPath, 'utf8');
  } catch (error) {
    throw new TfjsModelError(modelJsonPath, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TfjsModelError(modelJsonPath, `is not valid JSON (${(error as Error).message})`);
  }
  const folder = dirname(modelJsonPath);
  const files = new Map<string, Uint8Array>();
  for (const path of tfjsWeightFiles(json)) {
    try {
      files.set(path, await readFile(join(folder, path)));
    } catch (error) {
      throw new TfjsModelError(modelJsonPath, `weight file '${path}' cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  return parseTfjsGraphModel(json, files, modelJsonPath);
}

/**
 * Builds the graph from an already parsed model.json and its weight files by manifest path (so tests
 * and callers holding the bytes need no files). `source` names the model in errors.
 */
export function parseTfjsGraphModel(json: unknown, weightFiles: ReadonlyMap<string, Uint8Array>, source: string): TfjsGraph {
  const parsed = parseModelJson(json);
  if (!parsed.ok) throw new TfjsModelError(source, parsed.problem);
  const model = parsed.model;
  if (model.format !== undefined && model.format !== 'graph-model') {
    throw new TfjsModelError(source, `format is '${model.format}', expected 'graph-model' (layers models hold no graph to convert)`);
  }

  const nodes: TfjsGraphNode[] = model.modelTopology.node.map((node) => ({
    name: node.name,
    op: node.op,
    inputs: (node.input ?? []).filter((ref) => !ref.startsWith('^')),
    attr: node.attr ?? {},
  }));
  const byName = new Map<string, TfjsGraphNode>();
  for (const node of nodes) {
    if (byName.has(node.name)) throw new TfjsModelError(source, `two nodes are named '${node.name}'`);
    byName.set(node.name, node);
  }

  const { inputs, outputs } = graphIo(model, nodes, byName, source);
  return {
    source,
    ...(model.generatedBy ? { generatedBy: model.generatedBy } : {}),
    ...(model.convertedBy ? { convertedBy: model.convertedBy } : {}),
    nodes,
    weights: readWeights(model, weightFiles, source),
    inputs,
    outputs,
  };
}

/** The weight files a model.json names (relative to its folder), in manifest order; [] when it names none. */
export function tfjsWeightFiles(json: unknown): string[] {
  const manifest = (json as { weightsManifest?: { paths?: unknown }[] } | null)?.weightsManifest;
  if (!Array.isArray(manifest)) return [];
  return manifest.flatMap((group) => (Array.isArray(group?.paths) ? group.paths.filter((path): path is string => typeof path === 'string') : []));
}

function readWeights(model: TfjsModelJson, files: ReadonlyMap<string, Uint8Array>, source: string): Map<string, ConstTensor> {
  const weights = new Map<string, ConstTensor>();
  for (const group of model.weightsManifest) {
    const shards = group.paths.map((path) => {
      const bytes = files.get(path);
      if (!bytes) throw new TfjsModelError(source, `weight file '${path}' was not provided`);
      return bytes;
    });
    let decoded: Map<string, ConstTensor>;
    try {
      decoded = decodeWeightGroup(group.weights, concat(shards));
    } catch (error) {
      throw new TfjsModelError(source, `weights in ${group.paths.join(', ')}: ${(error as Error).message}`);
    }
    for (const [name, tensor] of decoded) weights.set(name, tensor);
  }
  return weights;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

const DTYPES: Readonly<Record<string, ConstDType>> = { DT_FLOAT: 'float32', DT_INT32: 'int32', DT_INT64: 'int64', DT_BOOL: 'bool' };

function dtypeOf(tfType: string | undefined, what: string, source: string): ConstDType {
  const dtype = DTYPES[tfType ?? 'DT_FLOAT'];
  if (!dtype) throw new TfjsModelError(source, `${what} has dtype ${tfType}, which the converter cannot give an ONNX graph (DT_FLOAT, DT_INT32, DT_INT64, DT_BOOL)`);
  return dtype;
}

/** The ONNX name of a signature entry: its key, without the ":0" TF adds to tensor names. */
function ioName(key: string): string {
  return key.endsWith(':0') ? key.slice(0, -2) : key;
}

function graphIo(
  model: TfjsModelJson,
  nodes: readonly TfjsGraphNode[],
  byName: ReadonlyMap<string, TfjsGraphNode>,
  source: string,
): { inputs: TfjsGraphTensor[]; outputs: TfjsGraphTensor[] } {
  const signature = model.signature ?? model.userDefinedMetadata?.signature;
  const fromSignature = (entries: Record<string, TfjsTensorInfo>, side: string): TfjsGraphTensor[] =>
    Object.entries(entries).map(([key, info]) => {
      const ref = parseTensorRef(info.name);
      const node = byName.get(ref.node);
      if (!node) throw new TfjsModelError(source, `signature ${side} '${key}' names tensor '${info.name}', but no node '${ref.node}' exists`);
      const placeholderShape = node.op === 'Placeholder' ? new AttrReader(node.attr).shape('shape') : undefined;
      const shape = (info.tensorShape && dimsOf(info.tensorShape)) ?? placeholderShape;
      return {
        name: ioName(key),
        tensor: tensorKey(ref.node, ref.index),
        dtype: dtypeOf(info.dtype ?? nodeType(node), `signature ${side} '${key}'`, source),
        ...(shape ? { shape } : {}),
      };
    });

  const inputs =
    signature?.inputs && Object.keys(signature.inputs).length > 0
      ? fromSignature(signature.inputs, 'input')
      : nodes.filter((node) => node.op === 'Placeholder').map((node) => placeholderInput(node, source));
  const outputs =
    signature?.outputs && Object.keys(signature.outputs).length > 0 ? fromSignature(signature.outputs, 'output') : sinkOutputs(nodes, source);

  const seen = new Set<string>();
  for (const tensor of [...inputs, ...outputs]) {
    if (seen.has(tensor.name)) throw new TfjsModelError(source, `two graph inputs/outputs would both be named '${tensor.name}'`);
    seen.add(tensor.name);
  }
  if (outputs.length === 0) throw new TfjsModelError(source, 'the graph has no outputs');
  return { inputs, outputs };
}

function nodeType(node: TfjsGraphNode): string | undefined {
  return node.attr.dtype?.type ?? node.attr.T?.type;
}

function placeholderInput(node: TfjsGraphNode, source: string): TfjsGraphTensor {
  const shape = new AttrReader(node.attr).shape('shape');
  return { name: node.name, tensor: node.name, dtype: dtypeOf(nodeType(node), `placeholder '${node.name}'`, source), ...(shape ? { shape } : {}) };
}

/** Without a signature TF.js returns every node nothing reads; constants left lying around are not outputs. */
function sinkOutputs(nodes: readonly TfjsGraphNode[], source: string): TfjsGraphTensor[] {
  const read = new Set(nodes.flatMap((node) => node.inputs.map((ref) => parseTensorRef(ref).node)));
  return nodes
    .filter((node) => !read.has(node.name) && node.op !== 'Const' && node.op !== 'Placeholder')
    .map((node) => ({ name: node.name, tensor: node.name, dtype: dtypeOf(nodeType(node), `output '${node.name}'`, source) }));
}
