// @geneava/pipeline/stylize: a folder of photos into avatars with one stylizer. It loads no evaluator,
// compare, audit or queue module (a test checks it), so a script or the CLI that only stylizes stays light.
export * from '../outcome.js';
export * from './stylizer-choice.js';
export * from './stylize-inputs.js';
export * from './face-detection.js';
export * from './stylize-folder.js';
