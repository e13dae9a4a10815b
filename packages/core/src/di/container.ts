// tsyringe throws at import time without the Reflect polyfill; load it before tsyringe.
import 'reflect-metadata';
import { container as globalContainer, Lifecycle, type DependencyContainer } from 'tsyringe';
import type { GeneavaConfig } from '../config/schema.js';
import type { FaceAnalyzer } from '../contracts/face-analyzer.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { reasonOf } from '../util/errors.js';
import { RunOnnxRuntime } from './run-onnx-runtime.js';
import { RUN_TOKENS, TOKENS } from './tokens.js';

export interface ContainerOptions {
  readonly config: GeneavaConfig;
  readonly logger?: Logger;
}

/**
 * The application container: a child of tsyringe's global container (so nothing registered here
 * leaks into other users of tsyringe) holding the config and shared services. Runs open their own
 * child scope with openRunScope().
 */
export function createGeneavaContainer(options: ContainerOptions): DependencyContainer {
  const root = globalContainer.createChildContainer();
  root.register(TOKENS.Config, { useValue: options.config });
  root.register(TOKENS.Logger, { useValue: options.logger ?? silentLogger });
  // Container-scoped: every run scope (child container) builds and disposes its own runtime.
  root.register(TOKENS.OnnxRuntime, { useClass: RunOnnxRuntime }, { lifecycle: Lifecycle.ContainerScoped });
  return root;
}

interface MaybeDisposable {
  dispose?(): unknown;
}

/**
 * Everything one run creates: a child container (its ONNX runtime and sessions) plus the plugin
 * instances built for the run. dispose() releases them all, in reverse creation order, even when
 * one of them throws; the errors are reported together afterwards.
 */
export class RunScope {
  readonly container: DependencyContainer;
  private readonly owned: MaybeDisposable[] = [];
  private disposed = false;

  constructor(parent: DependencyContainer) {
    this.container = parent.createChildContainer();
  }

  resolve<T>(token: symbol): T {
    return this.container.resolve<T>(token);
  }

  /**
   * Makes `analyzer` the run's face analyzer: registered in this scope's container (RUN_TOKENS), it is
   * handed to every plugin the run builds afterwards (instantiatePlugin), so an evaluator scores with
   * the analyzer that detected the stylizers' faces instead of loading the models again. The scope
   * takes ownership of it (disposed with the run), and a run has one: a second one is a mistake.
   */
  provideFaceAnalyzer<T extends FaceAnalyzer>(analyzer: T): T {
    if (this.container.isRegistered(RUN_TOKENS.FaceAnalyzer)) throw new Error('this run already has a face analyzer');
    this.container.register(RUN_TOKENS.FaceAnalyzer, { useValue: analyzer });
    return this.own(analyzer);
  }

  /** The run's face analyzer (provideFaceAnalyzer), or undefined when the run has none. */
  faceAnalyzer(): FaceAnalyzer | undefined {
    return this.container.isRegistered(RUN_TOKENS.FaceAnalyzer) ? this.container.resolve<FaceAnalyzer>(RUN_TOKENS.FaceAnalyzer) : undefined;
  }

  /** Takes ownership of an instance: its dispose() runs when the scope is disposed. */
  own<T>(instance: T): T {
    this.owned.push(instance as MaybeDisposable);
    return instance;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const failures: string[] = [];
    for (const instance of this.owned.reverse()) {
      try {
        await instance.dispose?.();
      } catch (error) {
        failures.push(reasonOf(error));
      }
    }
    try {
      await this.container.dispose();
    } catch (error) {
      failures.push(reasonOf(error));
    }
    if (failures.length > 0) throw new Error(`releasing the run's resources failed: ${failures.join('; ')}`);
  }
}

export function openRunScope(parent: DependencyContainer): RunScope {
  return new RunScope(parent);
}
