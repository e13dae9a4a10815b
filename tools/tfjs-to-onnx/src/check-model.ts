/**
 * The structural rules of the ONNX checker that a converted graph can break: a converter bug shows up
 * here as a clear list instead of an opaque onnxruntime load error.
 */
import type { ModelProto, ValueInfoProto } from '@geneava/core/onnx';

/** Every rule the model breaks, one line each; empty when it passes. */
export function checkOnnxModel(model: ModelProto): string[] {
  const problems: string[] = [];
  if (!model.opsetImport.some((opset) => (opset.domain ?? '') === '' || opset.domain === 'ai.onnx')) {
    problems.push('no opset import for the default ONNX domain');
  }
  const graph = model.graph;
  if (!graph) return [...problems, 'the model has no graph'];

  const defined = new Set<string>();
  const define = (name: string | undefined, what: string) => {
    if (!name) problems.push(`${what} has no name`);
    else if (defined.has(name)) problems.push(`${what} '${name}' redefines a name already in the graph`);
    else defined.add(name);
  };
  for (const input of graph.input) {
    define(input.name, 'graph input');
    problems.push(...typeProblems(input, 'graph input'));
  }
  for (const tensor of graph.initializer) define(tensor.name, 'initializer');

  graph.node.forEach((node, index) => {
    const label = `node ${index} (${node.opType ?? 'no op type'}${node.name ? ` '${node.name}'` : ''})`;
    if (!node.opType) problems.push(`${label} has no op type`);
    for (const input of node.input) {
      // An empty name marks an omitted optional input.
      if (input !== '' && !defined.has(input)) problems.push(`${label} reads '${input}' before anything defines it`);
    }
    if (node.output.length === 0) problems.push(`${label} has no outputs`);
    for (const output of node.output) define(output, `output of ${label}`);
  });

  const outputNames = new Set<string>();
  for (const output of graph.output) {
    if (output.name && outputNames.has(output.name)) problems.push(`graph output '${output.name}' is declared twice`);
    if (output.name) outputNames.add(output.name);
    if (output.name && !defined.has(output.name)) problems.push(`graph output '${output.name}' is not produced by the graph`);
    problems.push(...typeProblems(output, 'graph output'));
  }
  return problems;
}

function typeProblems(value: ValueInfoProto, what: string): string[] {
  const elemType = value.type?.tensorType?.elemType;
  return elemType === undefined || elemType === 0 ? [`${what} '${value.name ?? ''}' has no element type`] : [];
}
