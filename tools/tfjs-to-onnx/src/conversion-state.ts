/**
 * The ONNX graph under construction: emitted nodes and initializers, and which ONNX value (or
 * conversion-time constant) each TF tensor is. Constants become initializers only when an ONNX node
 * reads them as they are, so a kernel that is only used re-laid out is stored once, re-laid.
 */
import type { AttributeProto, NodeProto, TensorProto } from '@geneava/core/onnx';
import { AttrReader } from './attributes.js';
import { tensorKey, parseTensorRef, type ConstTensor, type TfjsGraph, type TfjsGraphNode } from './graph.js';
import { NameAllocator } from './names.js';
import { initializer } from './onnx-values.js';
import type { OpContext } from './op-context.js';

type Value = { kind: 'runtime'; name: string } | { kind: 'const'; tensor: ConstTensor; owner: string; name?: string };

export class ConversionState {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  readonly names = new NameAllocator();
  private readonly values = new Map<string, Value>();

  constructor(graph: TfjsGraph) {
    for (const node of graph.nodes) this.names.reserve(node.name, ownerOf(node.name));
    // Graph input/output names win over node names: a node that shares one without being that
    // tensor gets a suffixed name (the node that is the tensor keeps its name).
    for (const tensor of [...graph.inputs, ...graph.outputs]) {
      if (tensor.tensor !== tensor.name) this.names.reserve(tensor.name, ioOwner(tensor.name));
    }
  }

  bindInput(tensor: string, name: string): void {
    this.values.set(tensor, { kind: 'runtime', name: this.names.claimExact(name) });
  }

  bindConstant(node: string, tensor: ConstTensor): void {
    this.values.set(node, { kind: 'const', tensor, owner: node });
  }

  has(tensor: string): boolean {
    return this.values.has(canonical(tensor));
  }

  /** The ONNX value name of a TF tensor, adding its initializer on first use of a constant. */
  valueName(tensor: string): string {
    const value = this.lookup(tensor);
    if (value.kind === 'runtime') return value.name;
    value.name ??= this.addInitializer(value.tensor, value.owner, ownerOf(value.owner));
    return value.name;
  }

  constantOf(tensor: string): ConstTensor | undefined {
    const value = this.lookup(tensor);
    return value.kind === 'const' ? value.tensor : undefined;
  }

  addInitializer(tensor: ConstTensor, name: string, owner?: string): string {
    const claimed = this.names.claim(name, owner);
    this.initializers.push(initializer(claimed, tensor));
    return claimed;
  }

  addNode(opType: string, inputs: readonly string[], output: string, attributes: readonly AttributeProto[]): void {
    this.nodes.push({ name: output, opType, input: [...inputs], output: [output], attribute: [...attributes] });
  }

  /** Binds TF tensor `tensor` to what `source` is (used for Identity-like ops). */
  alias(tensor: string, source: string): void {
    this.values.set(canonical(tensor), this.lookup(source));
  }

  bindRuntime(tensor: string, name: string): void {
    this.values.set(canonical(tensor), { kind: 'runtime', name });
  }

  private lookup(tensor: string): Value {
    const value = this.values.get(canonical(tensor));
    if (!value) throw new Error(`tensor '${tensor}' is not produced by the graph (no such output of its node)`);
    return value;
  }

  contextFor(node: TfjsGraphNode): NodeContext {
    return new NodeContext(this, node);
  }
}

function ownerOf(nodeName: string): string {
  return `node:${nodeName}`;
}

function ioOwner(name: string): string {
  return `io:${name}`;
}

function canonical(tensor: string): string {
  const ref = parseTensorRef(tensor);
  return tensorKey(ref.node, ref.index);
}

class NodeContext implements OpContext {
  readonly attrs: AttrReader;
  readonly inputCount: number;
  private readonly bound = new Set<number>();

  constructor(
    private readonly state: ConversionState,
    readonly node: TfjsGraphNode,
  ) {
    this.attrs = new AttrReader(node.attr);
    this.inputCount = node.inputs.length;
  }

  input(index: number): string {
    return this.state.valueName(this.ref(index));
  }

  constant(index: number): ConstTensor | undefined {
    return this.state.constantOf(this.ref(index));
  }

  requireConstant(index: number, role: string): ConstTensor {
    const value = this.constant(index);
    if (!value) throw new Error(`its ${role} (input ${index}, '${this.node.inputs[index]}') must be a constant, but it is computed in the graph`);
    return value;
  }

  addConstant(tensor: ConstTensor, suffix: string): string {
    return this.state.addInitializer(tensor, `${this.node.name}/${suffix}`);
  }

  emit(opType: string, inputs: readonly string[], attributes: readonly AttributeProto[] = [], suffix?: string): string {
    const output = suffix === undefined ? this.state.names.claim(this.node.name, ownerOf(this.node.name)) : this.state.names.claim(`${this.node.name}/${suffix}`);
    this.state.addNode(opType, inputs, output, attributes);
    return output;
  }

  setOutput(value: string, index = 0): void {
    this.state.bindRuntime(tensorKey(this.node.name, index), value);
    this.bound.add(index);
  }

  forwardInput(inputIndex: number, index = 0): void {
    this.state.alias(tensorKey(this.node.name, index), this.ref(inputIndex));
    this.bound.add(index);
  }

  /** Whether the converter declared the node's first output (a converter that forgot is a bug). */
  get producedOutput(): boolean {
    return this.bound.has(0);
  }

  private ref(index: number): string {
    if (index < 0 || index >= this.node.inputs.length) {
      throw new Error(`expects an input ${index}, but the node has ${this.node.inputs.length} input(s)`);
    }
    return this.node.inputs[index];
  }
}
