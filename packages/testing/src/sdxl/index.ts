export { buildSdxlFixture, sdxlSchedulerConfig, type SdxlFixture, type SdxlFixtureOptions, type SdxlFixturePrecision } from './build-sdxl-fixture.js';
export { DIFFUSERS_DPM_SCHEDULER_CONFIG_TEXT } from './diffusers-scheduler-configs.js';
export { buildClipVocabulary, bytesToUnicode, CLIP_BOS, CLIP_BOS_ID, CLIP_EOS, CLIP_EOS_ID, FIXTURE_WORDS, type ClipVocabulary } from './clip-vocab.js';
export { expectedFixtureImage, fixtureVaePixel, SDXL_VAE_SCALING_FACTOR, VAE_UPSCALE } from './expected-image.js';
export {
  conditioningOffset,
  expectedLatent,
  FIXTURE_ID_MODULUS,
  fixtureConditioning,
  guidedOffset,
  layerCode,
  OFFSET_BOUND,
  sdxlFixtureWeights,
  TEXT_ENCODER_LORA_MODULE,
  zeroConditioning,
  type FixtureConditioning,
  type FixtureLayers,
  type FixtureLinear,
  type SdxlFixtureWeights,
  type TextEncoderWeights,
} from './fixture-weights.js';
export {
  fixtureLoraModules,
  mergedMatMulWeight,
  sgmModulePath,
  writeLoraFile,
  type FixtureLoraModule,
  type LoraKeyFormat,
  type WriteLoraOptions,
} from './lora-files.js';
export { nodePrefixOfModule } from './module-path.js';
export { alphasCumprod, SDXL_NOISE_SCHEDULE, type NoiseScheduleConfig } from './noise-schedule.js';
export { encodeSafetensors, float32ToBfloat16Bits, writeSafetensors, type SafetensorsDType, type SafetensorsTensor } from './safetensors-writer.js';
export { clipTokenizerJson, writeClipTokenizer, type TokenizerFileForm } from './tokenizer-files.js';
export { writeFixtureTextEncoder, type TextEncoderModelOptions } from './text-encoder-models.js';
export { writeFixtureUnet, type SdxlGeneration, type UnetModelOptions } from './unet-model.js';
export { writeFixtureVaeDecoder, type VaeDecoderModelOptions } from './vae-decoder-model.js';
export { fixtureVaeEncode, writeFixtureVaeEncoder, type VaeEncoderModelOptions, type VaeEncoderOutput } from './vae-encoder-model.js';
