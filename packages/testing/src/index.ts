export { OnnxGraphBuilder, type BuilderDType, type FloatType, type NodeOptions, type OnnxGraphBuilderOptions, type SaveOptions, type SavedModel } from './onnx/builder.js';
export { OnnxOps, type LinearSpec, type OpOptions, type ResizeOptions } from './onnx/ops.js';
export { attr, attributeProto, type AttributeValue, type TypedAttribute } from './onnx/attributes.js';
export { externalDataEntry, externalizeInitializers, inlineExternalData, type ExternalDataOptions } from './onnx/external-data.js';
export { tensorProto, typedValues, type TensorValues } from './onnx/tensors.js';
export * from './conformance/index.js';
export * from './sdxl/index.js';
export * from './bench/index.js';
export * from './probe-stylizers/index.js';
