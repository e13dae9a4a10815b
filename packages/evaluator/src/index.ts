export * from './stats/index.js';
export * from './models/index.js';
