// The root exports every job. Each job is also an entry point of its own (package.json "exports":
// @geneava/pipeline/stylize, /compare, ...), so a consumer loads only the modules its job needs.
export * from './session/index.js';
export * from './dataset/index.js';
export * from './run/index.js';
export * from './queue/index.js';
export * from './stylize/index.js';
export * from './compare/index.js';
export * from './evaluate/index.js';
export * from './generate/index.js';
export * from './audit/index.js';
export * from './calibrate/index.js';
export * from './plan/index.js';
export * from './models/index.js';
export * from './plugins/index.js';
