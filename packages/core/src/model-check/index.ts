// Building blocks for `models check`: every package that validates model folders uses these.
export * from './folder-files.js';
export * from './onnx-file.js';
export * from './report-builder.js';
