/** Reading a session's float outputs with errors that name the model and the output. */
import type { OnnxSession, TensorData } from '@geneava/core/onnx';

export function floatOutput(outputs: Record<string, TensorData>, name: string, session: OnnxSession): Float32Array {
  const tensor = outputs[name];
  if (!tensor) throw new Error(`${session.label}: the run returned no output '${name}' (got ${Object.keys(outputs).join(', ') || 'none'})`);
  if (tensor.dtype !== 'float32' || !(tensor.data instanceof Float32Array)) {
    throw new Error(`${session.label}: output '${name}' is ${tensor.dtype}, expected float32`);
  }
  return tensor.data;
}

/** Every output's data in the session's declared order (for exports whose outputs are only known by position). */
export function floatOutputsInOrder(outputs: Record<string, TensorData>, session: OnnxSession): Float32Array[] {
  return session.outputs.map((info) => floatOutput(outputs, info.name, session));
}

/** A declared dimension when the file fixes it, else `fallback`. */
export function declaredDim(session: OnnxSession, input: string, axis: number, fallback: number): number {
  const info = session.inputs.find((candidate) => candidate.name === input);
  const dim = info?.dims?.[axis];
  return typeof dim === 'number' && dim > 0 ? dim : fallback;
}
