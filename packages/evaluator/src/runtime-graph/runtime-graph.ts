/**
 * Small ONNX graphs the evaluator builds at run time (similarity search, pairwise distances), so that
 * heavy matrix work runs on ONNX Runtime instead of in JavaScript loops. They are written with core's
 * graph builder, at one operator set for all of them; the graphs themselves stay next to the code that
 * runs them.
 */
import { OnnxGraphBuilder } from '@geneava/core/onnx';

/** Opset 13: ReduceMax/ReduceMean take `axes` as an attribute, ReduceSum as an input. */
export const RUNTIME_GRAPH_OPSET = 13;

/** A builder for one run-time graph (IR 8, opset 13, float32). */
export function runtimeGraphBuilder(graphName: string): OnnxGraphBuilder {
  return new OnnxGraphBuilder({ opset: RUNTIME_GRAPH_OPSET, irVersion: 8, producer: 'geneava-evaluator', graphName });
}
