// @geneava/pipeline/evaluate: a folder of photos against a folder of avatars, scored by the evaluator.
export * from '../outcome.js';
export * from '../evaluation/resolve-evaluator.js';
export * from '../labels/read-labels-file.js';
export * from './evaluate-folders.js';
