// tsyringe throws at import time without the Reflect polyfill; load it before tsyringe.
import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import type { GeneavaConfig } from '../config/schema.js';
import { OnnxRuntime } from '../onnx/runtime.js';
import type { Logger } from '../util/logger.js';
import { TOKENS } from './tokens.js';

/**
 * The ONNX runtime as a run's container builds it: one instance per run (container-scoped), created
 * by the container so that disposing the run's container releases every session it opened. CUDA
 * sessions run on the config's GPU.
 */
@injectable()
export class RunOnnxRuntime extends OnnxRuntime {
  constructor(@inject(TOKENS.Logger) logger: Logger, @inject(TOKENS.Config) config: GeneavaConfig) {
    super({ logger, gpu: config.gpu });
  }
}
