import {
  instantiatePlugin,
  PluginNotFoundError,
  type LoadedPlugin,
  type PluginRegistry,
} from '@geneava/core/plugins';
import { UsageError } from '@geneava/core/util';
import type { DevicePreference } from '@geneava/core/onnx';
import type { Evaluator, FaceAnalyzer, ProgressCallback } from '@geneava/core/contracts';
import type { RunScope } from '@geneava/core/di';
import preservationEvaluatorPlugin from '@geneava/evaluator/plugin';

/** The evaluator a run uses when the config enables none: @geneava/evaluator's plugin. */
export const DEFAULT_EVALUATOR = preservationEvaluatorPlugin.name;
const DEFAULT_EVALUATOR_PACKAGE = '@geneava/evaluator';

export interface EvaluatorRequest {
  /** The run's plugins (the config's, loaded once). */
  readonly registry: PluginRegistry;
  /** Owns the evaluator: its dispose() runs when the scope is disposed. */
  readonly scope: RunScope;
  /** Folder relative paths in the plugin's options are resolved against (the config file's folder). */
  readonly projectRoot: string;
  readonly device: DevicePreference;
  /**
   * The run's face analyzer (the one that detects the faces the stylizers get): the evaluator scores
   * with it instead of loading the models a second time. The caller disposes it.
   */
  readonly faceAnalyzer?: FaceAnalyzer;
  /** An evaluator plugin's name; default: the first enabled evaluator plugin, else "preservation". */
  readonly name?: string;
  /**
   * Identity thresholds by model (cosine), over the `thresholds` option the config gives the plugin,
   * e.g. from --threshold. Handed to the plugin as its `thresholds` option; empty or absent: the config's.
   */
  readonly thresholds?: Readonly<Record<string, number>>;
  readonly onProgress?: ProgressCallback;
}

export interface ResolvedEvaluator {
  readonly evaluator: Evaluator;
  /** The plugin it was built by (its name and package, for reports). */
  readonly plugin: LoadedPlugin;
}

/**
 * The one way the application gets its Evaluator: the evaluator plugin the config enables (the first
 * one when it enables several, or the one named), else @geneava/evaluator's "preservation", built with
 * the options the config gives it. A configured evaluator that failed to load is an error, never
 * silently replaced by the default. The instance belongs to `request.scope`.
 */
export async function resolveEvaluator(request: EvaluatorRequest): Promise<ResolvedEvaluator> {
  const chosen = await chooseEvaluatorPlugin(request.registry, request.name);
  const plugin = withThresholds(chosen, request.thresholds);
  const evaluator = (await instantiatePlugin(plugin, request.scope, {
    projectRoot: request.projectRoot,
    device: request.device,
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    ...(request.faceAnalyzer ? { faceAnalyzer: request.faceAnalyzer } : {}),
  })) as Evaluator;
  if (typeof evaluator.evaluatePair !== 'function') {
    throw new UsageError(`evaluator plugin ${plugin.pkg.name}: create() returned an object without evaluatePair()`);
  }
  return { evaluator, plugin };
}

async function chooseEvaluatorPlugin(registry: PluginRegistry, name: string | undefined): Promise<LoadedPlugin> {
  if (name !== undefined && name !== DEFAULT_EVALUATOR) return registry.get('evaluator', name);
  if (name === undefined) {
    const [first] = registry.names('evaluator');
    if (first !== undefined) return registry.get('evaluator', first);
    // An enabled evaluator that failed to load: its own error, not the default in its place.
    const [failure] = registry.failures('evaluator');
    if (failure) throw failure;
  }
  try {
    return await registry.get('evaluator', DEFAULT_EVALUATOR);
  } catch (error) {
    if (!(error instanceof PluginNotFoundError)) throw error;
    return bundledDefault();
  }
}

/**
 * The default evaluator from this package's own dependency, for a project that neither enables nor
 * installs @geneava/evaluator (as the CLI's bundled stylizers stand in for a project's).
 */
function bundledDefault(): LoadedPlugin {
  return {
    spec: { package: DEFAULT_EVALUATOR_PACKAGE },
    pkg: {
      name: DEFAULT_EVALUATOR_PACKAGE,
      ...(preservationEvaluatorPlugin.version ? { version: preservationEvaluatorPlugin.version } : {}),
      dir: '',
      manifest: { kind: 'evaluator', apiVersion: preservationEvaluatorPlugin.apiVersion, entry: './plugin' },
    },
    definition: preservationEvaluatorPlugin,
    name: preservationEvaluatorPlugin.name,
  };
}

/** The plugin with `thresholds` over its configured `thresholds` option; unchanged when none are given. */
function withThresholds(plugin: LoadedPlugin, thresholds: Readonly<Record<string, number>> | undefined): LoadedPlugin {
  if (!thresholds || Object.keys(thresholds).length === 0) return plugin;
  const configured = (plugin.spec.options?.['thresholds'] ?? {}) as Record<string, number>;
  const options = { ...plugin.spec.options, thresholds: { ...configured, ...thresholds } };
  return { ...plugin, spec: { ...plugin.spec, options } };
}

/**
 * Builds a run's evaluator on the run's face analyzer (the one its faces were detected with), with
 * identity thresholds over the configured ones. The analyzer stays the caller's to release.
 */
export type EvaluatorFactory = (faceAnalyzer: FaceAnalyzer, thresholds?: Readonly<Record<string, number>>) => Promise<Evaluator>;

/** The EvaluatorFactory of a run: resolveEvaluator with the run's plugins, scope and device. */
export function evaluatorFactory(run: Omit<EvaluatorRequest, 'faceAnalyzer' | 'thresholds'>): EvaluatorFactory {
  return async (faceAnalyzer, thresholds) =>
    (await resolveEvaluator({ ...run, faceAnalyzer, ...(thresholds ? { thresholds } : {}) })).evaluator;
}
