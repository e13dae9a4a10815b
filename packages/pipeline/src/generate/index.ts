// @geneava/pipeline/generate: faces from prompts through the Generator contract (SDXL by default).
export * from '../outcome.js';
export * from './generate-output.js';
export * from './generate-faces.js';
export * from './write-generated-faces.js';
