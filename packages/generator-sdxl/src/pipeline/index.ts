export {
  buildUnetConditioning,
  sdxlTimeIds,
  timeIdsOf,
  type ConditioningOptions,
  type ConditioningRequest,
  type CropTopLeft,
  type ImageSize,
  type SizeConditioning,
  type UnetConditioning,
} from './conditioning.js';
export { denoise, type DenoiseInput } from './denoise.js';
export { NonFiniteOutputError, SdxlComponentError, SdxlFolderError, SdxlRequestError, SdxlSettingsError } from './errors.js';
export { applyGuidance, applyGuidanceHalfInto, applyGuidanceInto, rescaleGuidedNoise, usesGuidance } from './guidance.js';
export { float16Table, float16ToFloat32Into, float32ToFloat16Into } from './float16-fast.js';
export { NoisePrediction } from './noise-prediction.js';
export { UnetSampleInput } from './unet-sample-input.js';
export { checkRequest, requestedScheduler, sizeConditioning, SDXL_DEFAULT_GUIDANCE, VAE_SCALE_FACTOR, type CheckedRequest, type SdxlImageRequest } from './image-request.js';
export { declaredInput, floatFeed, reusableFloatFeed, timestepFeed, tokenIdsFeed } from './model-feeds.js';
export { sdxlModelHashes, sha256File } from './model-hashes.js';
export { readPipelineSettings, SDXL_VAE_SCALING_FACTOR, type PipelineSettings } from './pipeline-settings.js';
export { PromptEncoder, type PromptEmbeddings, type PromptEncoderParts, type PromptPair } from './prompt-encoder.js';
export { SDXL_GENERATOR_VERSION, SdxlGenerator, toImageRequest, type SdxlGeneratorSettings, type SdxlImageOptions } from './sdxl-generator.js';
export { loadSdxlModels, type LoadSdxlModelsOptions, type SdxlLoraOptions, type SdxlModels } from './sdxl-models.js';
export {
  SdxlPipeline,
  type LoadedSdxlPipeline,
  type Provenance,
  type SdxlComponentPipelineOptions,
  type SdxlGenerateOptions,
  type SdxlOutcome,
  type SdxlPipelineOptions,
} from './sdxl-pipeline.js';
export {
  checkScheduler,
  componentsOfModels,
  resolveComponents,
  type ResolvedSdxlComponents,
  type SdxlComponents,
  type SdxlPipelineConfig,
  type SdxlSchedulerComponent,
} from './sdxl-components.js';
export { countNonFinite, decodeLatent } from './vae-decode.js';
export { encodeImages, type LatentDistribution } from './vae-encode.js';
export { img2imgBeginIndex, img2imgLatents, SDXL_IMG2IMG_DEFAULT_STRENGTH } from './img2img.js';
export { LazySession } from './lazy-session.js';
export { baseHandOffRequest, refinerHandOffRequest, SDXL_REFINER_DEFAULT_START } from './refiner-hand-off.js';
export { denoisingEndIndex, denoisingStartIndex, timestepCutoff } from './denoising-range.js';
