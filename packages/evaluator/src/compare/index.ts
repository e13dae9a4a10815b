export { buildComparisonModel, comparisonJson, DEFAULT_COMPARISON_TITLE, thumbnailIds } from './build-model.js';
export { COMPARISON_CSV_HEADER, comparisonRows, formatComparisonCsv } from './comparison-csv.js';
export { holmAdjust } from './holm.js';
export { DEFAULT_COMPARISON_GROUP_KEYS, expressionFamily, withFamily } from './labels.js';
export { COMPARISON_METRICS, metricKey } from './metric-catalog.js';
export { memoizeFaceAnalyzer } from './memoize-analyzer.js';
export { paretoFront } from './pareto.js';
export { RANK_RESAMPLES } from './rank-intervals.js';
export { sharedItems, type SharedItems, type UnsharedItem } from './shared-items.js';
export { runComparison, type ComparisonRun, type ComparisonSubject, type NamedStylizer, type RunComparisonOptions } from './run-comparison.js';
export { ComparisonInputError } from './tabulate.js';
export { writeComparisonReport, type ComparisonFiles } from './write-comparison.js';
export type {
  BreakdownRow,
  ComparedStylizer,
  ComparisonInput,
  ComparisonMetric,
  ComparisonModel,
  ComparisonOptions,
  ComparisonPair,
  FailedPair,
  GalleryCell,
  GalleryRow,
  ItemLabelSet,
  LeaderboardRow,
  MetricSummary,
  PairFailure,
  PairwiseTest,
  ReportThumbnails,
  ScoredPair,
  SkippedItem,
  StylizerStrength,
  WorstCases,
} from './types.js';
