// @geneava/pipeline/session: what every job runs in (config, plugins, run scope). The evaluator is loaded
// only when a job asks the session for one.
export * from '../plugin-registry.js';
export * from './run-config.js';
export * from './pipeline-session.js';
