// tsyringe reads decorator metadata through Reflect; core owns the polyfill import so that library
// users and plugins never have to remember it.
import 'reflect-metadata';

export { z } from 'zod';
export * from './config/index.js';
export * from './contracts/index.js';
export * from './dataset-format/index.js';
export * from './di/index.js';
export * from './geometry/index.js';
export * from './image/index.js';
export * from './model-check/index.js';
export * from './onnx/index.js';
export * from './plan/index.js';
export * from './plugins/index.js';
export * from './provenance/index.js';
export * from './taxonomy/index.js';
export * from './util/index.js';
export { CORE_VERSION } from './version.js';
