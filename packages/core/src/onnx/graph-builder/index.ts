export { OnnxGraphBuilder, type BuilderDType, type FloatType, type NodeOptions, type OnnxGraphBuilderOptions, type SaveOptions, type SavedModel } from './builder.js';
export { OnnxOps, type LinearSpec, type OpOptions, type ResizeOptions } from './ops.js';
export { attr, attributeProto, type AttributeValue, type TypedAttribute } from './attributes.js';
export { externalDataEntry, externalizeInitializers, inlineExternalData, type ExternalDataOptions } from './external-data.js';
export { tensorProto, typedValues, type TensorValues } from './tensors.js';
