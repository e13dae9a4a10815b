import type { ModelKindDefinition } from '@geneava/core/plugins';
import { checkDctnetFolder, DCTNET_MODEL_KIND } from './check-dctnet-folder.js';

/** `geneava models check dctnet DIR`. */
export const dctnetModelKind: ModelKindDefinition = {
  kind: DCTNET_MODEL_KIND,
  description: 'one DCT-Net style converted to ONNX: cartoon_h.onnx (head), cartoon_bg.onnx (background), optional alpha.jpg',
  check: (path) => checkDctnetFolder(path),
};
