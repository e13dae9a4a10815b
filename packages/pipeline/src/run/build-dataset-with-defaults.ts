import { configureImageDecoding } from '@geneava/core/image';
import { createGeneavaContainer } from '@geneava/core/di';
import { silentLogger, type Logger } from '@geneava/core/util';
import type { ProgressCallback } from '@geneava/core/contracts';
import { openPluginRegistry } from '../plugin-registry.js';
import { loadRunConfig } from '../session/run-config.js';
import { runDataset, type RunDatasetOutcome } from './run-dataset.js';
import type { RunRequest } from './settings.js';

/** What a script gives buildDatasetWithDefaults: the run's request (as `geneava run`'s flags) and where its config comes from. */
export interface DatasetRunOptions extends RunRequest {
  /**
   * The configuration: a config object (checked as geneava.config.json is; absent keys take their
   * defaults), or the path of a config file (relative to `cwd`). Default: geneava.config.json in `cwd`
   * when there is one, else the defaults.
   */
  readonly config?: string | Readonly<Record<string, unknown>>;
  /** The folder relative paths of the request are resolved against (default: process.cwd()). */
  readonly cwd?: string;
  /** Where notes and warnings go (default: nowhere). */
  readonly logger?: Logger;
  /** Progress of every stage, as core's ProgressEvents. */
  readonly onProgress?: ProgressCallback;
  /** Stops the build between steps; finished work is kept and a later run resumes it. */
  readonly signal?: AbortSignal;
}

/**
 * Builds (or resumes) a dataset as `geneava run` does, with the CLI's defaults: the config's `run`
 * section under the request, the demo photos with `demo: true`, the embedded face models, the classic
 * stylizer, the evaluator plugin. Plain options in, data out: progress goes to `onProgress`, the result
 * carries an `outcome` ('ok' | 'partial' | 'failure'), and a wrong request or config is thrown
 * (UsageError, ConfigError) before any model loads. Every model session is released before it returns.
 *
 * The lower-level `buildDataset(DatasetBuildOptions)` takes components the caller has built itself.
 */
export async function buildDatasetWithDefaults(options: DatasetRunOptions = {}): Promise<RunDatasetOutcome> {
  const { config, cwd = process.cwd(), logger = silentLogger, onProgress, signal, ...request } = options;
  const loaded = await loadRunConfig(config, cwd);
  configureImageDecoding(loaded.config.image);
  const container = createGeneavaContainer({ config: loaded.config, logger });
  const registry = await openPluginRegistry(loaded);
  return runDataset(request, { loaded, container, logger, cwd, registry, ...(onProgress ? { onProgress } : {}), ...(signal ? { signal } : {}) });
}
