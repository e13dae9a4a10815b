export * from './nearest-neighbours.js';
