// The audits of a dataset or a generated set, one folder each: memorization against reference sets,
// the paper's Table 1 reference metrics, and the balance of the labels.
export * from './memorization/index.js';
export * from './balance/index.js';
export * from './reference-metrics/index.js';
