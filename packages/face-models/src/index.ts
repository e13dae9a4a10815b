export { MANIFEST_FILE, type FaceModelsManifest, type ModelRecord } from './build-manifest.js';
export { buildFaceModels, faceModelStates, type BuildFaceModelsOptions, type FaceModelBuildResult, type FaceModelState } from './build-models.js';
export {
  BLAZEFACE_ANCHORS,
  BLAZEFACE_VALUES_PER_ANCHOR,
  EMOTION_CLASSES,
  FACE_MODEL_CATALOG,
  FACEMESH_LANDMARKS,
  FACERES_AGE_CLASSES,
  FACERES_DESCRIPTOR_SIZE,
  faceModel,
  MOBILEFACE_EMBEDDING_SIZE,
  type EmotionClass,
} from './catalog.js';
export type { CatalogDim, FaceModelEntry, FaceModelInput, FaceModelName, TensorDescription } from './catalog-types.js';
export { checkFaceModelsFolder, FACE_MODELS_KIND } from './check-folder.js';
export { contractOf } from './contract-of.js';
export { defaultFaceModelsDirs, ensureFaceModels, FACE_MODELS_PACKAGE, faceModelsCacheDir, type EnsureFaceModelsOptions } from './ensure-models.js';
export { findHumanModels, HUMAN_MODELS_INSTALL_HINT, HUMAN_MODELS_PACKAGE, HUMAN_MODELS_VERSION, locateHumanModels, type SourcePackage } from './human-models.js';
export { faceModelsKind } from './model-kind.js';
