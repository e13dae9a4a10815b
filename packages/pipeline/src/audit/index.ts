// @geneava/pipeline/audit: the memorization, reference-metrics and balance audits of a dataset or folders.
export * from '../outcome.js';
export * from '../session/identity-embedder.js';
export * from './audit-sets.js';
export * from './audit-balance.js';
export * from './audit-memorization.js';
export * from './audit-reference.js';
