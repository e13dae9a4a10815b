import type { ModelKindDefinition } from '@geneava/core/plugins';
import { checkSdxlFolder, SDXL_MODEL_KIND } from './check-sdxl-folder.js';

/** `geneava models check sdxl DIR`. */
export const sdxlModelKind: ModelKindDefinition = {
  kind: SDXL_MODEL_KIND,
  description:
    'Optimum ONNX export of SDXL base 1.0: model_index.json, scheduler, tokenizer/ and tokenizer_2/, ' +
    'text_encoder, text_encoder_2, unet (with model.onnx_data) and vae_decoder',
  check: (path) => checkSdxlFolder(path),
};
