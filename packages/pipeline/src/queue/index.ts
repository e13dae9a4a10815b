// @geneava/pipeline/queue: the dataset build spread over many machines through BullMQ and Redis.
export * from './build-on-queue.js';
export * from './dataset-worker.js';
export * from './errors.js';
export * from './item-journal.js';
export * from './job-data.js';
export * from './queue-url.js';
export * from './operations.js';
export * from './run-spec.js';
