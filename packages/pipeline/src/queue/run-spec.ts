import { createGeneavaContainer, openRunScope } from '@geneava/core/di';
import type { GeneavaConfig, LoadedConfig } from '@geneava/core/config';
import type { Logger } from '@geneava/core/util';
import type { LoadedRun } from './dataset-worker.js';
import { openPluginRegistry } from '../plugin-registry.js';
import { buildRunComponents } from '../run/run-dataset.js';
import { resolveRunSettings, type RunRequest } from '../run/settings.js';

/**
 * What `geneava run --queue` publishes for its workers: the request and the resolved config, so a
 * worker builds the same components (same plugins, models and options) without the coordinator's
 * command line or config file. Paths in it must mean the same on every machine (shared storage).
 */
export interface QueueRunSpec {
  readonly request: RunRequest;
  readonly config: GeneavaConfig;
  readonly projectRoot: string;
  readonly cwd: string;
}

export function queueRunSpec(request: RunRequest, loaded: LoadedConfig, cwd: string): QueueRunSpec {
  return { request, config: loaded.config, projectRoot: loaded.projectRoot, cwd };
}

/** Where a worker runs its models, from its own flags (`--device`, `--gpu`), over the coordinator's config. */
export interface WorkerDevice {
  readonly device?: string;
  readonly gpu?: number;
}

/** A worker's loader: the run's components built from the published spec, in a run scope disposed when the worker stops. */
export async function loadQueueRun(spec: QueueRunSpec, own: WorkerDevice, logger: Logger): Promise<LoadedRun> {
  const config = { ...spec.config, ...(own.device ? { device: own.device } : {}), ...(own.gpu !== undefined ? { gpu: own.gpu } : {}) } as GeneavaConfig;
  const loaded: LoadedConfig = { config, projectRoot: spec.projectRoot };
  const container = createGeneavaContainer({ config, logger });
  const registry = await openPluginRegistry(loaded);
  const settings = resolveRunSettings(config, spec.projectRoot, spec.request, spec.cwd);
  const scope = openRunScope(container);
  try {
    const { components } = await buildRunComponents(settings, { loaded, scope, cwd: spec.cwd, registry });
    return { components, dispose: () => scope.dispose() };
  } catch (error) {
    await scope.dispose();
    throw error;
  }
}
