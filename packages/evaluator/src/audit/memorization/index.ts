export * from './nearest-neighbours.js';
export { EMBEDDING_CACHE_FORMAT, EMBEDDING_CACHE_VERSION, EmbeddingCache, type CachedFace } from './embedding-cache.js';
export { embedFaceSet, type EmbedFaceSetOptions, type EmbeddedFace, type EmbeddedFaceSet } from './embed-face-set.js';
export { analyzerFaceEmbedder, type LargestFaceEmbedding, type SetFaceEmbedder } from './face-set-embedder.js';
export { faceThumbnail, faceThumbnailOfFile, thumbnailRegion, type ThumbnailOptions } from './face-thumbnail.js';
export { sha256Hex } from './file-hash.js';
export { histogramBins, histogramCounts, SIMILARITY_BINS, type HistogramBins } from './histogram.js';
export { histogramSvg, type HistogramSvgOptions } from './histogram-svg.js';
export { formatExclusionList, itemIds, readExclusionList } from './item-ids.js';
export {
  auditMemorization,
  type MemorizationAudit,
  type MemorizationAuditOptions,
  type MemorizationMatch,
  type ReferenceSetAudit,
  type SimilaritySummary,
} from './memorization-audit.js';
export { memorizationHtml, type PairView, type ReferenceSetViews } from './memorization-html.js';
export {
  memorizationSummary,
  writeMemorizationReport,
  type MemorizationReportFiles,
  type MemorizationReportOptions,
  type MemorizationSummary,
} from './memorization-report.js';
export { MEMORIZATION_THRESHOLDS, memorizationThreshold, PAPER_MEMORIZATION_THRESHOLD, type MemorizationThreshold } from './memorization-thresholds.js';
export { binomialUpper95, chanceMatches, probabilityAnyExceeds, type ChanceMatchEstimate } from './chance-matches.js';
export {
  loadMemorizationIndex,
  MemorizationIndex,
  type LoadMemorizationIndexOptions,
  type NearestReference,
} from './memorization-index.js';
export { referenceSetOf, referenceSetOfFaces, type ReferenceProblemKind, type ReferenceSet, type ReferenceSetProblem } from './reference-set.js';
export { isReferenceEmbeddingsFile, readReferenceEmbeddings, REFERENCE_EMBEDDINGS_EXTENSIONS } from './reference-embeddings-file.js';
export { faceSetCacheFile } from './face-set-cache-file.js';
export { uniqueSetNames } from './set-names.js';
