import { resolve } from 'node:path';
import { configureImageDecoding } from '@geneava/core/image';
import {
  createGeneavaContainer,
  openRunScope,
  TOKENS,
  type DependencyContainer,
  type RunScope,
} from '@geneava/core/di';
import { reasonOf, silentLogger, type Logger } from '@geneava/core/util';
import type { DevicePreference, OnnxRuntime } from '@geneava/core/onnx';
import type { LoadedConfig } from '@geneava/core/config';
import type { PluginRegistry } from '@geneava/core/plugins';
import type { ProgressCallback, Stylizer } from '@geneava/core/contracts';
import { EmbeddedFaceAnalyzer, type EmbeddedFaceAnalyzerOptions } from '@geneava/face-analysis';
import type { EvaluatorFactory } from '../evaluation/resolve-evaluator.js';
import { openPluginRegistry } from '../plugin-registry.js';
import { selectStylizer } from '../run/select-stylizer.js';
import { lazyFaceDetector, type FaceDetectorFactory } from '../stylize/face-detection.js';
import type { StylizerChoice } from '../stylize/stylizer-choice.js';
import { loadRunConfig } from './run-config.js';

/** Where a pipeline function takes its configuration from when the caller builds nothing itself. */
export interface SessionOptions {
  /**
   * A config object (checked as geneava.config.json is), or the path of a config file (relative to
   * `cwd`). Default: geneava.config.json in `cwd` when there is one, else the defaults.
   */
  readonly config?: string | Readonly<Record<string, unknown>>;
  /** The folder relative paths are resolved against (default: process.cwd()). */
  readonly cwd?: string;
  /** Where notes and warnings go (default: nowhere). */
  readonly logger?: Logger;
}

/** The embedded face models to use: another folder of converted models, and an ArcFace file for the extra identity model. */
export interface FaceModelOptions {
  readonly faceModels?: string;
  readonly arcface?: string;
}

/** The rest of the embedded analyzer's settings a job may change (attributes model, POSTER, detector...). */
export type AnalyzerSettings = Omit<EmbeddedFaceAnalyzerOptions, 'onnx' | 'device' | 'modelsDir' | 'arcface'>;

/**
 * What a pipeline function runs in: the config, the plugins (loaded once), and a run scope that owns
 * every model session opened for the job. The services build stylizers, the face analyzer and the
 * evaluator the way the CLI does; close() releases them all.
 */
export interface PipelineSession {
  readonly cwd: string;
  readonly loaded: LoadedConfig;
  readonly logger: Logger;
  readonly scope: RunScope;
  readonly device: DevicePreference;
  registry(): Promise<PluginRegistry>;
  /** The stylizer named (an enabled or installed plugin, or "onnx" with a descriptor), owned by the session. */
  createStylizer(choice: StylizerChoice, onProgress?: ProgressCallback): Promise<Stylizer>;
  /** The embedded face analyzer on the session's runtime (paths relative to `cwd`); the caller disposes it. */
  createAnalyzer(options?: FaceModelOptions, settings?: AnalyzerSettings): Promise<EmbeddedFaceAnalyzer>;
  /** The session's ONNX runtime (its sessions are released with the session). */
  onnx(): OnnxRuntime;
  /** Builds the evaluator (resolveEvaluator) on the analyzer it is given. */
  evaluators(onProgress?: ProgressCallback): Promise<EvaluatorFactory>;
  /** Face detection for stylize, built on first use (none when the models cannot be had: a warning, then no faces). */
  faceDetector(): FaceDetectorFactory;
  close(): Promise<void>;
}

/** The parts of a session a caller that has its own (the CLI: its config, container and registry) hands over. */
export interface SessionParts {
  readonly cwd: string;
  readonly loaded: LoadedConfig;
  readonly container: DependencyContainer;
  readonly logger: Logger;
  registry(): Promise<PluginRegistry>;
}

/** A session over the caller's parts; close() releases the session's run scope (not the container). */
export function createPipelineSession(parts: SessionParts): PipelineSession {
  const { cwd, loaded, logger } = parts;
  const scope = openRunScope(parts.container);
  const device = loaded.config.device as DevicePreference;
  return {
    cwd,
    loaded,
    logger,
    scope,
    device,
    registry: parts.registry,
    createStylizer: async (choice, onProgress) => selectStylizer(choice, { loaded, scope, cwd, registry: await parts.registry(), ...(onProgress ? { onProgress } : {}) }),
    onnx: () => scope.resolve<OnnxRuntime>(TOKENS.OnnxRuntime),
    createAnalyzer: (options = {}, settings = {}) =>
      EmbeddedFaceAnalyzer.create({
        ...settings,
        onnx: scope.resolve<OnnxRuntime>(TOKENS.OnnxRuntime),
        device,
        ...(options.faceModels === undefined ? {} : { modelsDir: resolve(cwd, options.faceModels) }),
        ...(options.arcface === undefined ? {} : { arcface: resolve(cwd, options.arcface) }),
      }),
    evaluators: async (onProgress) => {
      // Loaded on first use: jobs that never evaluate (stylize) do not load the evaluator's modules.
      const { evaluatorFactory } = await import('../evaluation/resolve-evaluator.js');
      return evaluatorFactory({ registry: await parts.registry(), scope, projectRoot: loaded.projectRoot, device, ...(onProgress ? { onProgress } : {}) });
    },
    faceDetector: () => lazyFaceDetector(scope, { device, logger }),
    close: () => scope.dispose(),
  };
}

/** A session of its own: the config loaded as the CLI loads it, the plugins from the project (and this package's defaults). */
export async function openPipelineSession(options: SessionOptions = {}): Promise<PipelineSession> {
  const cwd = options.cwd ?? process.cwd();
  const logger = options.logger ?? silentLogger;
  const loaded = await loadRunConfig(options.config, cwd);
  configureImageDecoding(loaded.config.image);
  const container = createGeneavaContainer({ config: loaded.config, logger });
  let registry: Promise<PluginRegistry> | undefined;
  return createPipelineSession({ cwd, loaded, container, logger, registry: () => (registry ??= openPluginRegistry(loaded)) });
}

/** Runs `work` in a session of its own and closes it, whatever happens (a failure to close is logged). */
export async function withPipelineSession<T>(options: SessionOptions, work: (session: PipelineSession) => Promise<T>): Promise<T> {
  const session = await openPipelineSession(options);
  try {
    return await work(session);
  } finally {
    await session.close().catch((error: unknown) => session.logger.warn(reasonOf(error)));
  }
}
