export * from './stats/index.js';
export * from './models/index.js';
export * from './analysis/index.js';
