export * from './content-identity.js';
export * from './file-hash.js';
export * from './hash-cache.js';
