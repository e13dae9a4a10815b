/**
 * Builds small TF.js graph models in code (model.json object + weight bytes) in the exact JSON form
 * tfjs-converter writes, and runs their conversion in onnxruntime, so each op mapping is checked
 * against values worked out by hand.
 */
import { OnnxRuntime, type TensorData } from '@geneava/core/onnx';
import { convertTfjsGraphModelToBytes, parseTfjsGraphModel, type TfjsGraph } from '../src/index.js';
import type { TfjsAttrValue, TfjsModelJson, TfjsWeightSpec } from '../src/model-json.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Attribute values in proto3 JSON form. */
export const tfAttr = {
  s: (value: string): TfjsAttrValue => ({ s: b64(value) }),
  i: (value: number): TfjsAttrValue => ({ i: String(value) }),
  f: (value: number): TfjsAttrValue => ({ f: value }),
  b: (value: boolean): TfjsAttrValue => ({ b: value }),
  type: (value: string): TfjsAttrValue => ({ type: value }),
  ints: (values: readonly number[]): TfjsAttrValue => ({ list: { i: values.map(String) } }),
  strings: (values: readonly string[]): TfjsAttrValue => ({ list: { s: values.map(b64) } }),
  shape: (dims: readonly number[]): TfjsAttrValue => ({ shape: { dim: dims.map((size) => ({ size: String(size) })) } }),
};

/** The attributes tfjs-converter writes on an NHWC conv or pool node. */
export function spatialAttrs(padding: 'SAME' | 'VALID', strides: readonly number[] = [1, 1, 1, 1]): Record<string, TfjsAttrValue> {
  return {
    padding: tfAttr.s(padding),
    strides: tfAttr.ints(strides),
    data_format: tfAttr.s('NHWC'),
    dilations: tfAttr.ints([1, 1, 1, 1]),
    explicit_paddings: { list: {} },
    T: tfAttr.type('DT_FLOAT'),
  };
}

type Signature = NonNullable<TfjsModelJson['signature']>;

export class TfjsGraphFixture {
  readonly nodes: { name: string; op: string; input?: string[]; attr?: Record<string, TfjsAttrValue> }[] = [];
  private readonly specs: TfjsWeightSpec[] = [];
  private readonly chunks: Uint8Array[] = [];

  placeholder(name: string, shape: readonly number[]): string {
    this.nodes.push({ name, op: 'Placeholder', attr: { dtype: tfAttr.type('DT_FLOAT'), shape: tfAttr.shape(shape) } });
    return name;
  }

  /** A float32 or int32 weight stored unquantized. */
  const(name: string, shape: readonly number[], values: readonly number[], dtype: 'float32' | 'int32' = 'float32'): string {
    const data = dtype === 'float32' ? Float32Array.from(values) : Int32Array.from(values);
    return this.rawConst(name, { name, shape: [...shape], dtype }, new Uint8Array(data.buffer));
  }

  /** A weight stored as given bytes under the given spec (quantized weights). */
  rawConst(name: string, spec: TfjsWeightSpec, bytes: Uint8Array): string {
    this.nodes.push({ name, op: 'Const', attr: { dtype: tfAttr.type(spec.dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT'), value: { tensor: { dtype: spec.dtype } } } });
    this.specs.push(spec);
    this.chunks.push(bytes);
    return name;
  }

  node(name: string, op: string, inputs: readonly string[], attr: Record<string, TfjsAttrValue> = {}): string {
    this.nodes.push({ name, op, input: [...inputs], attr });
    return name;
  }

  /** model.json and its single weight file ("weights.bin"). */
  modelJson(signature?: Signature): { json: TfjsModelJson; files: Map<string, Uint8Array> } {
    const total = this.chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
    const bin = new Uint8Array(total);
    let offset = 0;
    for (const chunk of this.chunks) {
      bin.set(chunk, offset);
      offset += chunk.byteLength;
    }
    const json: TfjsModelJson = {
      format: 'graph-model',
      generatedBy: 'fixture',
      convertedBy: 'hand',
      modelTopology: { node: this.nodes },
      weightsManifest: [{ paths: ['weights.bin'], weights: this.specs }],
      ...(signature ? { signature } : {}),
    };
    return { json, files: new Map([['weights.bin', bin]]) };
  }

  graph(signature?: Signature): TfjsGraph {
    const { json, files } = this.modelJson(signature);
    return parseTfjsGraphModel(json, files, 'fixture/model.json');
  }
}

export interface Feed {
  readonly dims: readonly number[];
  readonly data: readonly number[];
}

/** Converts `graph`, runs it on CPU with float32 feeds and returns every output. */
export async function runConverted(runtime: OnnxRuntime, graph: TfjsGraph, feeds: Readonly<Record<string, Feed>>): Promise<Record<string, TensorData>> {
  const session = await runtime.createSession(convertTfjsGraphModelToBytes(graph), { device: 'cpu', label: graph.source });
  try {
    const inputs: Record<string, TensorData> = {};
    for (const [name, feed] of Object.entries(feeds)) inputs[name] = { dtype: 'float32', dims: [...feed.dims], data: Float32Array.from(feed.data) };
    return await session.run(inputs);
  } finally {
    await session.dispose();
  }
}

/** 1..n, the usual hand-checkable input. */
export function oneTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

export function values(tensor: TensorData | undefined): number[] {
  if (!tensor) throw new Error('missing output');
  return Array.from(tensor.data as Float32Array);
}
