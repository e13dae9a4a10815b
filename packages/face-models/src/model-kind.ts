import type { ModelKindDefinition } from '@geneava/core/plugins';
import { FACE_MODEL_CATALOG } from './catalog.js';
import { checkFaceModelsFolder, FACE_MODELS_KIND } from './check-folder.js';

/** `geneava models check face-models DIR`. */
export const faceModelsKind: ModelKindDefinition = {
  kind: FACE_MODELS_KIND,
  description:
    `Folder of the default face models converted to ONNX (${FACE_MODEL_CATALOG.map((model) => model.onnxFile).join(', ')}), ` +
    'each checked against its TF.js graph\'s names and shapes',
  check: (path) => checkFaceModelsFolder(path),
};
