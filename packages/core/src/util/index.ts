export * from './atomic-write.js';
export * from './closest-match.js';
export * from './errors.js';
export * from './jsonl.js';
export * from './logger.js';
export * from './csv.js';
export * from './sync-folder.js';
