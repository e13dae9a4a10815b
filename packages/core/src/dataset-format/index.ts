export * from './compare-layout.js';
export * from './layout.js';
export * from './metadata-record.js';
export * from './placements.js';
export * from './source-labels.js';
