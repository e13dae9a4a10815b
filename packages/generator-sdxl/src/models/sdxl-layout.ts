/**
 * The folder `optimum-cli export onnx --model stabilityai/stable-diffusion-xl-base-1.0 DIR` writes (or the
 * refiner's, without text_encoder/ and tokenizer/). vae_encoder/ is optional (image-to-image only); the
 * config.json files beside each model are not read. Paths are relative to the export folder, with
 * forward slashes.
 */
import type { SdxlComponent } from './contracts.js';

export const MODEL_INDEX_FILE = 'model_index.json';
export const SCHEDULER_CONFIG_FILE = 'scheduler/scheduler_config.json';
export const TOKENIZER_FOLDERS = ['tokenizer', 'tokenizer_2'] as const;

/** The pipeline class diffusers records for SDXL base in model_index.json. */
export const SDXL_PIPELINE_CLASS = 'StableDiffusionXLPipeline';
/** The class of the refiner's model_index.json (it also sets requires_aesthetics_score). */
export const SDXL_REFINER_PIPELINE_CLASS = 'StableDiffusionXLImg2ImgPipeline';

export function componentModelFile(component: SdxlComponent): string {
  return `${component}/model.onnx`;
}
