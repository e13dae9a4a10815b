export { applyLoraToGraph, applyLoraToUnetFile, type ApplyLoraOptions, type LoraReport, type PatchedUnet } from './apply-lora.js';
export { kohyaModulePath, kohyaToDottedPath, sgmToDiffusersPath } from './kohya-names.js';
export { loadLoraAdapter, type IgnoredLoraKey, type LoadLoraOptions, type LoraAdapter, type LoraModuleWeights } from './lora-adapter.js';
export { LoraFileError, LoraPatchError } from './lora-errors.js';
export { parseLoraKey, type LoraFormat, type LoraRole, type ParsedLoraKey } from './lora-keys.js';
export { patchUnetWithLora, type LoraPatchResult, type UnmatchedLoraModule } from './patch-unet.js';
export { alphaForModule, LORA_ADAPTER_METADATA_KEY, readPeftAlphaConfig, type PeftAlphaConfig } from './peft-config.js';
export { parseSafetensors, readSafetensors, type SafetensorsEntry, type SafetensorsFile, type SafetensorsFloatDType } from './safetensors.js';
export { indexUnetLinears, type UnetLinear, type UnetLinearIndex } from './unet-linears.js';
