import type { ModelKindDefinition } from '@geneava/core/plugins';
import { checkToonify, TOONIFY_MODEL_KIND } from './check-toonify.js';

/** `geneava models check toonify PATH` (a toonify net file or its folder). */
export const toonifyModelKind: ModelKindDefinition = {
  kind: TOONIFY_MODEL_KIND,
  description:
    'Toonify encoder-decoder in ONNX: a pSp net (toonify.onnx), or a ReStyle net with restyle-encoder.onnx, ' +
    'face-pool.onnx and average/*.npy beside it',
  check: (path) => checkToonify(path),
};
