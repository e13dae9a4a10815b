export { inspectArcfaceOutputs } from './arcface-outputs.js';
export { checkModelFile, type SingleFileModelSpec } from './check-model-file.js';
export {
  ARCFACE_CONTRACT,
  ARCFACE_EMBEDDING_SIZE,
  ARCFACE_INPUT,
  POSTER_CLASS_COUNTS,
  POSTER_CONTRACT,
  POSTER_FEATURE_SIZES,
  POSTER_INPUT,
  POSTER_LABEL_ORDERS,
  RETINAFACE_CONTRACT,
  RETINAFACE_INPUT,
  SCRFD_CONTRACT,
  SCRFD_DETECTION_SIZE,
  SCRFD_INPUT,
  type InputConvention,
  type PosterDataset,
} from './contracts.js';
export { arcfaceModelKind, EVALUATOR_MODEL_KINDS, posterModelKind, retinafaceModelKind, scrfdModelKind } from './model-kinds.js';
export { inspectPosterOutputs } from './poster-outputs.js';
export type { FileFindings } from './file-findings.js';
export { inspectRetinafaceOutputs, RETINAFACE_SIZES_PER_CELL, RETINAFACE_STEPS, retinafacePriorCount } from './retinaface-outputs.js';
export { inspectScrfdOutputs, SCRFD_LAYOUTS, type ScrfdLayout } from './scrfd-outputs.js';
