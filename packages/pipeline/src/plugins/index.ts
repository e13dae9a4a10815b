// @geneava/pipeline/plugins: the plugins a project has, and what each provides.
export * from '../outcome.js';
export * from './list-plugins.js';
