import type { ModelIoContract, TensorSpec } from '@geneava/core/onnx';
import type { CatalogDim, FaceModelEntry, TensorDescription } from './catalog-types.js';

/**
 * The IO contract a converted file must satisfy: the TF.js graph's input and output node names, its
 * NHWC shapes with 'N' as a free batch dimension, float32 throughout (the conversion dequantizes
 * float16 weights), and nothing else: an extra output would mean the converter exported the wrong nodes.
 */
export function contractOf(entry: Omit<FaceModelEntry, 'contract' | 'onnxFile'>): ModelIoContract {
  return {
    model: `${entry.name} (${entry.role})`,
    inputs: [spec(entry.input)],
    outputs: entry.outputs.map(spec),
    allowExtraInputs: false,
    allowExtraOutputs: false,
    hint: `convert ${entry.source.file} from ${entry.source.npmPackage}@${entry.source.version} keeping its NHWC input and node names`,
  };
}

function spec(tensor: TensorDescription): TensorSpec {
  return { name: tensor.name, forms: [{ dtypes: ['float32'], dims: tensor.shape.map(dim) }] };
}

function dim(value: CatalogDim): number | string {
  return value === 'N' ? 'batch' : value;
}
