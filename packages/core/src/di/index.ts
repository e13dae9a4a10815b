export * from './container.js';
export * from './decorators.js';
export * from './run-onnx-runtime.js';
export * from './tokens.js';
