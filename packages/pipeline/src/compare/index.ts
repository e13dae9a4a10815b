// @geneava/pipeline/compare: several stylizers on the same photos, scored by the evaluator.
export * from '../outcome.js';
export * from '../evaluation/resolve-evaluator.js';
export * from '../labels/read-labels-file.js';
export * from './compare-stylizers.js';
