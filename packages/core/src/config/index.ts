export * from './load-config.js';
export * from './schema.js';
export * from './plugin-specs.js';
