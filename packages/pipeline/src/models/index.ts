// @geneava/pipeline/models: checks of model files against their kinds.
export * from '../outcome.js';
export * from './check-model.js';
