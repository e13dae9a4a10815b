export {
  applyLorasToGraph,
  applyLoraToGraph,
  applyLoraToUnetFile,
  loraReport,
  readGraph,
  type ApplyLoraOptions,
  type GraphPatch,
  type LoraReport,
  type PatchedUnet,
  type ScaledLora,
} from './apply-lora.js';
export { kohyaModulePath, kohyaToDottedPath, sgmToDiffusersPath } from './kohya-names.js';
export { groupIgnoredKeys, loadLoraAdapter, type IgnoredLoraGroup, type IgnoredLoraKey, type LoadLoraOptions, type LoraAdapter, type LoraModuleWeights } from './lora-adapter.js';
export { LoraFileError, LoraPatchError } from './lora-errors.js';
export { LORA_TARGETS, parseLoraKey, type LoraFormat, type LoraRole, type LoraTarget, type ParsedLoraKey } from './lora-keys.js';
export { patchUnetWithLora, type LoraPatchResult, type PatchOptions, type UnmatchedLoraModule } from './patch-unet.js';
export { alphaForModule, LORA_ADAPTER_METADATA_KEY, readPeftAlphaConfig, type PeftAlphaConfig } from './peft-config.js';
export { parseSafetensors, readSafetensors, type SafetensorsEntry, type SafetensorsFile, type SafetensorsFloatDType } from './safetensors.js';
export { indexUnetLinears, type UnetConv, type UnetLinear, type UnetLinearIndex } from './unet-linears.js';
