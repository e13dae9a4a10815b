export * from './decode.js';
export * from './encode.js';
export * from './list-image-files.js';
export { ImageDecodeError, ImageWriteError } from './errors.js';
export * from './resize.js';
export * from './rgb-image.js';
export * from './tensor-format.js';
export * from './tensor.js';
export * from './write.js';
