// tsyringe throws at import time without the Reflect polyfill; load it before tsyringe.
import 'reflect-metadata';
import { inject, injectable } from 'tsyringe';
import { OnnxRuntime } from '../onnx/runtime.js';
import type { Logger } from '../util/logger.js';
import { TOKENS } from './tokens.js';

/**
 * The ONNX runtime as a run's container builds it: one instance per run (container-scoped), created
 * by the container so that disposing the run's container releases every session it opened.
 */
@injectable()
export class RunOnnxRuntime extends OnnxRuntime {
  constructor(@inject(TOKENS.Logger) logger: Logger) {
    super({ logger });
  }
}
