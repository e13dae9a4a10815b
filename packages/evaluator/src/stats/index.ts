export { bootstrapMeanCI, pairedBootstrapDiffCI, type BootstrapInterval, type BootstrapOptions } from './bootstrap.js';
export { mean, percentile, standardDeviation, type StandardDeviationOptions } from './descriptive.js';
export { groupedSetMetrics, type GroupedSetMetricsOptions, type MetricObservation } from './grouped.js';
export { erfc, normalCdf, normalSf } from './normal.js';
export { normalQuantile } from './normal-quantile.js';
export { pairedPermutationTest, PERMUTATION_EXACT_MAX_N, type PermutationOptions, type PermutationResult } from './permutation.js';
export { DEFAULT_SEED, deriveSeed, mulberry32, randomIndex, type Random } from './random.js';
export { isBinary, wilsonInterval, wilsonOfBinary, type ProportionInterval } from './proportion.js';
export { midRanks, type MidRanks } from './ranks.js';
export {
  WILCOXON_EXACT_MAX_N,
  wilcoxonSignedRank,
  type WilcoxonOptions,
  type WilcoxonResult,
  type WilcoxonZeroMethod,
} from './wilcoxon.js';
