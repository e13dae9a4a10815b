export { evaluatePairs, type EvaluatePairsOptions, type PairJob, type PairOutcome } from './evaluate-pairs.js';
export {
  findLabelId,
  LABEL_KEYS,
  labelsForPair,
  LabelsFileError,
  labelsFromCsv,
  labelsFromJsonl,
  loadLabels,
  type ItemLabels,
  type LabelKey,
} from './labels.js';
export { IMAGE_EXTENSIONS, listImages, type ImageListing } from './list-images.js';
export { baseName, pairImages, stripExtension, type ImagePair, type Pairing, type UnpairedImage } from './pair-files.js';
