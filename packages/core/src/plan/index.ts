export * from './build-plan.js';
export * from './prompt.js';
export * from './seed.js';
