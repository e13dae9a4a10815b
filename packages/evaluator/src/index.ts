export * from './stats/index.js';
export * from './models/index.js';
export * from './analysis/index.js';
export * from './audit/index.js';
export * from './metrics/index.js';
export * from './pairing/index.js';
export * from './report/index.js';
