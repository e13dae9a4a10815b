export * from './queue/build-on-queue.js';
export * from './queue/dataset-worker.js';
export * from './queue/errors.js';
export * from './queue/item-journal.js';
export * from './queue/job-data.js';
export * from './queue/queue-url.js';
export * from './queue/operations.js';
export * from './outcome.js';
