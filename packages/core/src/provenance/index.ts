export * from './component-identity.js';
export * from './content-identity.js';
export * from './file-hash.js';
export * from './fingerprint.js';
export * from './hash-cache.js';
