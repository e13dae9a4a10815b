export {
  hiddenStateForClipSkip,
  penultimateHiddenState,
  SDXL_BASE_DIMS,
  SDXL_COMPONENTS,
  SDXL_CONTRACTS,
  SDXL_FLOAT_DTYPES,
  sdxlContracts,
  type SdxlComponent,
  type SdxlContracts,
  type SdxlDims,
} from './models/contracts.js';
export { checkSdxlFolder, SDXL_MODEL_KIND, type CheckSdxlFolderOptions } from './models/check-sdxl-folder.js';
export {
  judgeGeneration,
  textEncoderEvidence,
  unetTimestepEvidence,
  type GenerationEvidence,
  type GenerationVerdict,
  type OptimumGeneration,
} from './models/export-generation.js';
export { modelPrecision, type ModelPrecision, type Precision } from './models/precision.js';
export {
  componentModelFile,
  MODEL_INDEX_FILE,
  SCHEDULER_CONFIG_FILE,
  SDXL_PIPELINE_CLASS,
  TOKENIZER_FOLDERS,
} from './models/sdxl-layout.js';
export { sdxlModelKind } from './models/model-kind.js';
export * from './random/index.js';
export * from './schedulers/index.js';
export * from './tokenizer/index.js';
export * from './lora/index.js';
export * from './pipeline/index.js';
