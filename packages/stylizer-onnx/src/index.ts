export { OnnxStylizer } from './onnx-stylizer.js';
export { createOnnxStylizer, type CreateOnnxStylizerOptions } from './create.js';
export {
  alignmentSchema,
  cropSizeOf,
  descriptorSchema,
  isFixedSize,
  valueRangeSchema,
  type AlignmentSpec,
  type FixedSize,
  type FlexibleSize,
  type StylizerDescriptor,
  type StylizerDescriptorInput,
  type ValueRangeSpec,
} from './descriptor/schema.js';
export { DescriptorError, descriptorProblems, loadDescriptor, parseDescriptor, type LoadDescriptorOptions, type LoadedDescriptor } from './descriptor/load-descriptor.js';
export { findDescriptor, shippedDescriptorNames, shippedDescriptorsDir, type FoundDescriptor } from './descriptor/find-descriptor.js';
export { checkDescriptorSignature, type ResolvedTensors, type SignatureCheck } from './descriptor/check-signature.js';
export { checkOnnxStylizer, DEFAULT_DESCRIPTOR_NAME, ONNX_STYLIZER_KIND, onnxStylizerModelKind } from './model-kind.js';
export { onnxStylizerOptionsSchema, type OnnxStylizerOptions } from './options.js';
export { placeWholeImage, contentInOutput, type Placement } from './placement.js';
export { cropTransform, cropBorder, type AlignmentType } from './align.js';
export { VERSION } from './version.js';
export { default as onnxStylizerPlugin } from './plugin.js';
