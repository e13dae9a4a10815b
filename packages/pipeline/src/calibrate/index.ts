// @geneava/pipeline/calibrate: identity thresholds calibrated on labelled photos.
export * from '../outcome.js';
export * from '../session/identity-embedder.js';
export * from './calibrate-identity.js';
