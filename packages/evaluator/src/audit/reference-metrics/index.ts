export {
  CLIP_PREPROCESSING,
  CLIP_VISION_CONTRACT,
  DINOV2_CONTRACT,
  DINOV2_PREPROCESSING,
  LPIPS_CONTRACT,
  LPIPS_PREPROCESSING,
  preprocessingForSize,
  type ImagePreprocessing,
} from './contracts.js';
export { analyzerExpressionEmbedder, type FaceExpressionEmbedder } from './expression-embedder.js';
export { ImageEmbedder, type ImageEmbedderOptions, type ImageEmbeddingModel } from './image-embedder.js';
export { LpipsScorer, type LpipsScorerOptions } from './lpips-scorer.js';
export { averagePairwiseCosine, averagePairwiseCosineNaive, UnitVectorSum } from './mean-cosine.js';
export { meanPairwiseDistance, meanPairwiseDistanceNaive, type PairwiseDistanceOptions } from './mean-pairwise-distance.js';
export { clipModelKind, dinov2ModelKind, lpipsModelKind, REFERENCE_MODEL_KINDS } from './model-kinds.js';
export { fixedInputSize, inspectClipOutputs, inspectDinov2Outputs, inspectLpipsOutputs } from './model-outputs.js';
export { sampleDistinct, samplePairs, type PairGroup, type PairSample } from './pair-sampling.js';
export { centreCrop, normalisedBatch, preprocessPixels, resizeShortestSide, shortestSideSize } from './preprocess.js';
export {
  computeReferenceMetrics,
  expressionFolderOf,
  REFERENCE_METRICS,
  type GroupValue,
  type ReferenceMetricKey,
  type ReferenceMetricModels,
  type ReferenceMetricsOptions,
  type ReferenceMetricsResult,
  type ReferenceMetricValue,
  type ReferencePairing,
  type SetUsage,
} from './reference-metrics.js';
export type { ReferenceImageSet } from './scan-image-set.js';
