/**
 * Gives a model's tensors the contract's names by position. The public ReStyle files are read by
 * position (outputs[0] is the image, outputs[1] the latent), and their exporter did not name them, so
 * their names say nothing; positions do. Files that already use the contract's names are left as they are.
 */
import type { TensorInfo, TensorSpec } from '@geneava/core/onnx';

export interface PositionalBinding {
  readonly tensors: readonly TensorInfo[];
  /** "'1234' as y_hat" for each renamed tensor; empty when the names already matched. */
  readonly renamed: readonly string[];
}

export function bindByPosition(actual: readonly TensorInfo[], specs: readonly TensorSpec[]): PositionalBinding {
  const names = new Set(actual.map((info) => info.name));
  if (specs.every((spec) => names.has(spec.name))) return { tensors: actual, renamed: [] };
  const renamed: string[] = [];
  const tensors = actual.map((info, i) => {
    const spec = specs[i];
    if (!spec || spec.name === info.name) return info;
    renamed.push(`'${info.name}' as ${spec.name}`);
    return { ...info, name: spec.name };
  });
  return { tensors, renamed };
}
