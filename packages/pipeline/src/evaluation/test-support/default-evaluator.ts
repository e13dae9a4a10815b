import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGeneavaContainer, openRunScope, type RunScope } from '@geneava/core/di';
import { parseConfig } from '@geneava/core/config';
import { PluginRegistry } from '@geneava/core/plugins';
import { silentLogger } from '@geneava/core/util';
import { evaluatorFactory, type EvaluatorFactory } from '../resolve-evaluator.js';

/** A run of a project that enables no evaluator plugin, or the plugins `registry` holds. */
export interface EvaluatorRun {
  readonly createEvaluator: EvaluatorFactory;
  readonly scope: RunScope;
  /** Releases the run's evaluators and the project folder. */
  close(): Promise<void>;
}

/** The evaluator factory of a fresh project: the default (preservation) evaluator, or those of `registry`. */
export async function evaluatorRun(registry?: PluginRegistry, projectRoot?: string): Promise<EvaluatorRun> {
  const root = projectRoot ?? (await mkdtemp(join(tmpdir(), 'geneava-evaluator-run-')));
  const config = parseConfig({ plugins: [] }, 'test');
  const scope = openRunScope(createGeneavaContainer({ config, logger: silentLogger }));
  const plugins = registry ?? (await PluginRegistry.open(config, { projectRoot: root }));
  return {
    createEvaluator: evaluatorFactory({ registry: plugins, scope, projectRoot: root, device: 'cpu' }),
    scope,
    close: async () => {
      await scope.dispose();
      if (!projectRoot) await rm(root, { recursive: true, force: true });
    },
  };
}
