export * from './consistency.js';
export * from './evaluate-identity-sets.js';
export * from './render-identity-sets.js';
