import type { TensorInfo } from '@geneava/core/onnx';

/** A dimension as a number when the file fixes it; undefined when it is symbolic or the shape is unknown. */
export function fixedDim(info: TensorInfo | undefined, axis: number): number | undefined {
  const dims = info?.dims;
  if (!dims) return undefined;
  const dim = dims[axis < 0 ? dims.length + axis : axis];
  return typeof dim === 'number' ? dim : undefined;
}
