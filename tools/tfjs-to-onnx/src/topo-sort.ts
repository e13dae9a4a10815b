/**
 * The nodes the graph's outputs depend on, each after its inputs. As in TF.js, only what the outputs
 * need is executed (and converted): unused branches, even with unsupported ops, do not matter.
 */
import { parseTensorRef, type TfjsGraph, type TfjsGraphNode } from './graph.js';

/** Throws a plain message (the caller adds the file) on a missing node or a cycle. */
export function neededNodesInOrder(graph: TfjsGraph): TfjsGraphNode[] {
  const byName = new Map(graph.nodes.map((node) => [node.name, node]));
  // Fed tensors are leaves: what computes them in the original graph is not needed.
  const fed = new Set(graph.inputs.map((input) => parseTensorRef(input.tensor).node));
  const state = new Map<string, 'visiting' | 'done'>();
  const order: TfjsGraphNode[] = [];

  for (const output of graph.outputs) {
    const root = parseTensorRef(output.tensor).node;
    // Iterative depth-first post-order: real graphs are deep chains that would overflow recursion.
    const stack: { node: TfjsGraphNode; next: number }[] = [];
    const enter = (name: string, from: string) => {
      const state_ = state.get(name);
      if (state_ === 'done') return;
      if (state_ === 'visiting') throw new Error(`the graph has a cycle through node '${name}'`);
      const node = byName.get(name);
      if (!node) throw new Error(`${from} reads '${name}', which is not a node of the graph`);
      state.set(name, 'visiting');
      stack.push({ node, next: 0 });
    };
    enter(root, `output '${output.name}'`);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const inputs = fed.has(top.node.name) ? [] : top.node.inputs;
      if (top.next < inputs.length) {
        enter(parseTensorRef(inputs[top.next++]).node, `node '${top.node.name}'`);
        continue;
      }
      stack.pop();
      state.set(top.node.name, 'done');
      order.push(top.node);
    }
  }
  return order;
}
