export { BatchGaussianStream, gaussian, gaussianBatch, GaussianStream, type NormalSource } from './gaussian.js';
export { seedState, Xoshiro128StarStar, type XoshiroState } from './xoshiro128.js';
