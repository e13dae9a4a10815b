export * from './contract.js';
export * from './device.js';
export * from './dtypes.js';
export * from './float16.js';
export * from './tensor.js';
export * from './errors.js';
export { classifyCudaFailure, shortCudaReason, type CudaFailureKind } from './cuda-errors.js';
export {
  AttributeType,
  DataLocation,
  decodeModel,
  encodeModel,
  unknownFieldsOf,
  UnknownOnnxFieldsError,
  type AttributeProto,
  type GraphProto,
  type ModelProto,
  type NodeProto,
  type OperatorSetIdProto,
  type StringStringEntryProto,
  type TensorProto,
  type TensorShapeDimension,
  type TensorShapeProto,
  type TypeProto,
  type TypeProtoTensor,
  type ValueInfoProto,
} from './proto.js';
export { Int64RangeError, type Int64 } from './int64.js';
export { readModelSignature, tensorInfoOf, type ExternalTensorRef, type ModelSignature } from './signature.js';
export {
  assertContract,
  checkContract,
  formatDims,
  formatForms,
  formatMismatch,
  formatTensorForm,
  formatTensorInfo,
  ModelContractError,
  type ContractMismatch,
  type MismatchKind,
} from './check-contract.js';
export { OnnxRuntime, type CreateSessionOptions, type OnnxLogLevel, type OnnxRuntimeOptions, type OnnxSession, type SessionRunOptions } from './runtime.js';
export { OnnxWorkerPool, OnnxWorkerPoolError, onnxRuntimeEntry, type WorkerModel, type WorkerTensor } from './worker-pool.js';
export * from './graph-builder/index.js';
