export * from './demographics.js';
export * from './expressions.js';
