// The ONNX graph builder lives in core (one builder for fixtures and run-time graphs); fixtures import it from here as before.
export {
  attr,
  attributeProto,
  externalDataEntry,
  externalizeInitializers,
  inlineExternalData,
  OnnxGraphBuilder,
  OnnxOps,
  tensorProto,
  typedValues,
  type AttributeValue,
  type BuilderDType,
  type ExternalDataOptions,
  type FloatType,
  type LinearSpec,
  type NodeOptions,
  type OnnxGraphBuilderOptions,
  type OpOptions,
  type ResizeOptions,
  type SavedModel,
  type SaveOptions,
  type TensorValues,
  type TypedAttribute,
} from '@geneava/core/onnx';
export * from './conformance/index.js';
export * from './sdxl/index.js';
export * from './bench/index.js';
export * from './probe-stylizers/index.js';
export * from './redis/test-redis.js';
