// @geneava/pipeline/run: the dataset build as `geneava run` assembles it (buildDatasetWithDefaults, runDataset).
export * from '../outcome.js';
export * from './select-stylizer.js';
export * from './build-dataset-with-defaults.js';
export * from './demo.js';
export * from './run-dataset.js';
export * from './settings.js';
