/**
 * Small ONNX graphs the evaluator builds at run time (similarity search, pairwise distances), so that
 * heavy matrix work runs on ONNX Runtime instead of in JavaScript loops. These helpers fill the
 * protobuf fields every such graph needs; the graphs themselves stay next to the code that runs them.
 */
import type { ModelProto } from '@geneava/core';

/** ONNX element types used here. */
export const ELEMENT = { float32: 1, int64: 7 } as const;

/** A typed graph input or output; string dims are symbolic (any size). */
export function valueInfo(name: string, elemType: number, dims: readonly (number | string)[]) {
  return {
    name,
    docString: '',
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** A node attribute: `fields` gives its type and value, e.g. { type: 2, i: 1 } for an INT. */
export function attribute(name: string, fields: Record<string, unknown>) {
  return { name, ints: [], floats: [], strings: [], tensors: [], graphs: [], ...fields };
}

export interface RuntimeGraph {
  readonly name: string;
  readonly inputs: readonly ReturnType<typeof valueInfo>[];
  readonly outputs: readonly ReturnType<typeof valueInfo>[];
  readonly nodes: readonly Record<string, unknown>[];
  readonly initializers?: readonly Record<string, unknown>[];
}

/** An opset-13 model around the given graph. */
export function runtimeModel(graph: RuntimeGraph): ModelProto {
  return {
    irVersion: 8,
    producerName: 'geneava-evaluator',
    opsetImport: [{ domain: '', version: 13 }],
    metadataProps: [],
    graph: {
      name: graph.name,
      initializer: graph.initializers ?? [],
      valueInfo: [],
      input: graph.inputs,
      output: graph.outputs,
      node: graph.nodes.map((node) => ({ attribute: [], ...node })),
    },
  } as unknown as ModelProto;
}
