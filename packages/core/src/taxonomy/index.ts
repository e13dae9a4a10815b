export * from './demographics.js';
export * from './expressions.js';
export * from './analyzer-classes.js';
