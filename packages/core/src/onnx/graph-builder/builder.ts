/**
 * Builds small ONNX models in code, with the names, dtypes and layouts real exports use. The one way
 * the project writes graphs: test fixtures (run the real pipeline on weights whose results are
 * computable by hand), the evaluator's run-time graphs (matrix work on ONNX Runtime) and any other
 * small model built at run time.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { OnnxDType } from '../contract.js';
import { elementTypeOf } from '../dtypes.js';
import { encodeModel, type GraphProto, type ModelProto, type NodeProto, type TensorProto, type ValueInfoProto } from '../proto.js';
import { attr, attributeProto, type AttributeValue } from './attributes.js';
import { externalizeInitializers, type ExternalDataOptions } from './external-data.js';
import { OnnxOps } from './ops.js';
import { tensorProto, type TensorValues } from './tensors.js';

export type FloatType = 'float32' | 'float16';
/** 'float' stands for the builder's float type, so one fixture function builds both precisions. */
export type BuilderDType = OnnxDType | 'float';

export interface OnnxGraphBuilderOptions {
  readonly opset?: number;
  readonly irVersion?: number;
  readonly producer?: string;
  readonly floatType?: FloatType;
  readonly graphName?: string;
}

export interface NodeOptions {
  readonly name?: string;
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
  /** Operator domain, e.g. "com.microsoft"; the model imports version 1 of every domain used. */
  readonly domain?: string;
}

export interface SaveOptions {
  /** Move large initializers into one data file next to the model, as exporters do above 2 GB. */
  readonly externalData?: ExternalDataOptions;
}

export interface SavedModel {
  readonly modelPath: string;
  /** The external data file, when one was written. */
  readonly dataPath?: string;
}

export class OnnxGraphBuilder {
  readonly opset: number;
  readonly irVersion: number;
  readonly producer: string;
  readonly floatType: FloatType;
  readonly graphName: string;
  /** Helpers for common operators. */
  readonly op: OnnxOps;

  private readonly nodes: NodeProto[] = [];
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: ValueInfoProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly values = new Set<string>();
  private readonly domains = new Set<string>();
  private readonly counters = new Map<string, number>();

  constructor(options: OnnxGraphBuilderOptions = {}) {
    this.opset = options.opset ?? 17;
    this.irVersion = options.irVersion ?? 8;
    this.producer = options.producer ?? 'geneava';
    this.floatType = options.floatType ?? 'float32';
    this.graphName = options.graphName ?? 'main_graph';
    this.op = new OnnxOps(this);
  }

  /** The concrete dtype for a builder dtype ('float' becomes the builder's float type). */
  dtype(dtype: BuilderDType): OnnxDType {
    return dtype === 'float' ? this.floatType : dtype;
  }

  /** The TensorProto.DataType code of a builder dtype (Cast's `to`). */
  elementType(dtype: BuilderDType): number {
    return elementTypeOf(this.dtype(dtype));
  }

  /** An unnamed TensorProto, for tensor attributes (Constant's value, ConstantOfShape's fill). */
  tensor(dtype: BuilderDType, dims: readonly number[], data: TensorValues): TensorProto {
    return tensorProto('', this.dtype(dtype), dims, data);
  }

  /** Whether a value (input, initializer or node output) of this name exists. */
  has(name: string): boolean {
    return this.values.has(name);
  }

  /** A name not used yet, `<prefix>_<n>`. */
  uniqueName(prefix: string): string {
    let n = this.counters.get(prefix) ?? 0;
    let name: string;
    do name = `${prefix}_${n++}`;
    while (this.values.has(name));
    this.counters.set(prefix, n);
    return name;
  }

  /** Declares a graph input; string dims are symbolic ("batch_size"). */
  input(name: string, dtype: BuilderDType, dims: readonly (number | string)[]): string {
    this.define(name);
    this.inputs.push(valueInfo(name, this.dtype(dtype), dims));
    return name;
  }

  /** Adds a weight. Float values given for a float16 initializer are stored as half bit patterns. */
  initializer(name: string, dtype: BuilderDType, dims: readonly number[], data: TensorValues): string {
    this.define(name);
    this.initializers.push(tensorProto(name, this.dtype(dtype), dims, data));
    return name;
  }

  /** Adds an initializer under a fresh name `<prefix>_<n>` (shapes, axes, scales of helper ops). */
  constantInitializer(prefix: string, dtype: BuilderDType, dims: readonly number[], data: TensorValues): string {
    return this.initializer(this.uniqueName(prefix), dtype, dims, data);
  }

  /** A Constant node holding the values (how TorchScript exports small constants). */
  constant(dtype: BuilderDType, dims: readonly number[], data: TensorValues, options: { name?: string; output?: string } = {}): string {
    const name = options.name ?? this.uniqueName('/Constant');
    const value = this.tensor(dtype, dims, data);
    return this.node('Constant', [], [options.output ?? `${name}_output_0`], { name, attributes: { value: attr.tensor(value) } })[0]!;
  }

  /**
   * Adds a node. Inputs must already exist ('' marks an omitted optional input). `outputs` names the
   * outputs or says how many to create; created names are `<node name>_output_<i>` as TorchScript does.
   */
  node(opType: string, inputs: readonly string[], outputs: readonly string[] | number = 1, options: NodeOptions = {}): string[] {
    const name = options.name ?? this.uniqueName(`/${opType}`);
    for (const input of inputs) {
      if (input !== '' && !this.values.has(input)) throw new Error(`node ${name}: input '${input}' is not defined yet`);
    }
    const outputNames = typeof outputs === 'number' ? Array.from({ length: outputs }, (_, i) => `${name}_output_${i}`) : [...outputs];
    outputNames.forEach((output) => this.define(output));
    const attribute = Object.entries(options.attributes ?? {}).map(([key, value]) => attributeProto(key, value));
    this.nodes.push({ name, opType, input: [...inputs], output: outputNames, attribute, ...(options.domain ? { domain: options.domain } : {}) });
    if (options.domain) this.domains.add(options.domain);
    return outputNames;
  }

  /** Declares an existing value as a graph output (use op.identity first to give it another name). */
  output(name: string, dtype: BuilderDType, dims: readonly (number | string)[]): string {
    if (!this.values.has(name)) throw new Error(`output '${name}' is not a value of the graph`);
    if (this.outputs.some((output) => output.name === name)) throw new Error(`output '${name}' is declared twice`);
    this.outputs.push(valueInfo(name, this.dtype(dtype), dims));
    return name;
  }

  toModel(): ModelProto {
    const graph: GraphProto = {
      name: this.graphName,
      node: this.nodes.map((node) => ({ ...node })),
      initializer: [...this.initializers],
      input: [...this.inputs],
      output: [...this.outputs],
      valueInfo: [],
    };
    return {
      irVersion: this.irVersion,
      opsetImport: [{ domain: '', version: this.opset }, ...[...this.domains].map((domain) => ({ domain, version: 1 }))],
      producerName: this.producer,
      graph,
      metadataProps: [],
    };
  }

  toBytes(): Uint8Array {
    return encodeModel(this.toModel());
  }

  /** Writes the model; with `externalData`, large initializers go to one data file beside it. */
  async save(path: string, options: SaveOptions = {}): Promise<SavedModel> {
    if (!options.externalData) {
      await writeFile(path, this.toBytes());
      return { modelPath: path };
    }
    const { model, data } = externalizeInitializers(this.toModel(), options.externalData);
    const dataPath = join(dirname(path), options.externalData.location);
    await writeFile(dataPath, data);
    await writeFile(path, encodeModel(model));
    return { modelPath: path, dataPath };
  }

  private define(name: string): void {
    if (name === '') throw new Error('value names must not be empty');
    if (this.values.has(name)) throw new Error(`value '${name}' is defined twice`);
    this.values.add(name);
  }
}

function valueInfo(name: string, dtype: OnnxDType, dims: readonly (number | string)[]): ValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType: elementTypeOf(dtype), shape: { dim } } } };
}
