// @geneava/pipeline/plan: the balanced plan of a dataset, written without building it.
export * from '../outcome.js';
export * from './write-plan.js';
