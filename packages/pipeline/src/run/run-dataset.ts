import { describeComponent } from '@geneava/core/provenance';
import { openRunScope, type DependencyContainer } from '@geneava/core/di';
import { reasonOf, type Logger } from '@geneava/core/util';
import type { DevicePreference } from '@geneava/core/onnx';
import type { LoadedConfig } from '@geneava/core/config';
import type { PluginRegistry } from '@geneava/core/plugins';
import type { ProgressCallback } from '@geneava/core/contracts';
import type { SkippedEntry } from '@geneava/core/image';
import type { IdentitySetEvaluation } from '@geneava/evaluator';
import { buildDataset, type DatasetBuildOptions, type DatasetBuildResult, type DatasetComponents } from '../dataset/index.js';
import { resolveEvaluator } from '../evaluation/resolve-evaluator.js';
import type { Outcome } from '../outcome.js';
import { runExclusions, runFaceAnalyzer, runInputs, runMemorizationScreen, runStylizers, type ComponentContext } from './components.js';
import { identitySetInputs } from './identity-set-inputs.js';
import { runReportWriter } from './report.js';
import { resolveRunSettings, type RunRequest, type RunSettings } from './settings.js';

export interface RunServices {
  readonly loaded: LoadedConfig;
  readonly container: DependencyContainer;
  readonly logger: Logger;
  readonly cwd: string;
  /** The command's plugins, loaded once. */
  readonly registry: PluginRegistry;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
  /** Builds the dataset from the assembled options (default: the local runner; `run --queue`: the queue coordinator). */
  readonly build?: (options: DatasetBuildOptions) => Promise<DatasetBuildResult>;
}


export interface RunDatasetOutcome {
  readonly settings: RunSettings;
  readonly result: DatasetBuildResult;
  /** ok: every item was decided; partial: some items, photos, stylizers or the report failed (run again to retry); failure: nothing was built. */
  readonly outcome: Outcome;
  /** Stylizers that could not be loaded or built, with why; the others ran (outcome partial). */
  readonly failedStylizers: readonly { readonly name: string; readonly reason: string }[];
  /** Entries of the source folder that are not photos, with why. */
  readonly skipped: readonly SkippedEntry[];
  /** Identity-set runs with a report: the sets' consistency and expression accuracy. */
  readonly identitySets?: IdentitySetEvaluation;
}

/**
 * ok: every item was decided (kept or dropped); partial: some items, source photos or the report failed
 * and the rest is done (run again to retry); failure: nothing could be built.
 */
export function runOutcome(result: DatasetBuildResult): Outcome {
  const { items, failed, failedPhotos } = result.counts;
  if (items === 0) return 'failure';
  if (failed === items) return 'failure';
  return failed > 0 || failedPhotos > 0 || result.reportError !== undefined ? 'partial' : 'ok';
}

/**
 * The assembly of `geneava run`, for callers that already hold a loaded config, a container and a
 * plugin registry (the CLI; a script calls buildDatasetWithDefaults): resolves the settings (request over
 * the config), builds the components (input, stylizers, face analyzer, evaluator, memorization screen)
 * in one run scope, builds or resumes the dataset, and releases every model session at the end.
 * Mistakes in the request or the config are thrown (UsageError, ConfigError) before any model loads.
 */
export async function runDataset(request: RunRequest, services: RunServices): Promise<RunDatasetOutcome> {
  const settings = resolveRunSettings(services.loaded.config, services.loaded.projectRoot, request, services.cwd);
  const scope = openRunScope(services.container);
  try {
    const context = { loaded: services.loaded, scope, cwd: services.cwd, registry: services.registry, ...(services.onProgress ? { onProgress: services.onProgress } : {}) };
    const { inputs, exclusions, components, failedStylizers } = await buildRunComponents(settings, context);
    const build = services.build ?? buildDataset;
    let identitySets: IdentitySetEvaluation | undefined;
    const result = await build({
      out: settings.out,
      ...(inputs.items ? { items: inputs.items } : {}),
      ...(inputs.split ? { split: inputs.split } : {}),
      select: settings.select,
      components,
      filter: settings.filter,
      curation: settings.curation,
      ...(exclusions ? { exclusions } : {}),
      card: { title: inputs.title, source: inputs.source, ...(inputs.notes ? { notes: inputs.notes } : {}) },
      ...(settings.report ? { report: runReportWriter(settings.report, settings.identitySets ? { analyzer: components.analyzer, onEvaluated: (e) => (identitySets = e) } : undefined) } : {}),
      ...(services.onProgress ? { onProgress: services.onProgress } : {}),
      ...(services.signal ? { signal: services.signal } : {}),
    });
    const outcome = runOutcome(result);
    return {
      settings,
      result,
      outcome: failedStylizers.length > 0 && outcome === 'ok' ? 'partial' : outcome,
      failedStylizers,
      skipped: inputs.skipped ?? [],
      ...(identitySets ? { identitySets } : {}),
    };
  } finally {
    await scope.dispose().catch((error: unknown) => services.logger.warn(reasonOf(error)));
  }
}

/**
 * The run's components (input, stylizers, face analyzer, evaluator plugin, memorization screen)
 * built in the run's scope: the same for a local build, a queue coordinator and a queue worker.
 */
export async function buildRunComponents(settings: RunSettings, context: ComponentContext) {
  // Inputs and stylizers first: their mistakes are cheap to find, the face models take a while to load.
  // Identity sets may read their expressions from templates with the analyzer, so theirs come after it.
  const planned = settings.identitySets ? undefined : await runInputs(settings, context);
  const exclusions = await runExclusions(settings);
  const { stylizers, failed: failedStylizers } = await runStylizers(settings, context);
  const analyzer = await runFaceAnalyzer(context);
  const inputs = planned ?? (await identitySetInputs(settings, context, analyzer));
  const thresholds = settings.curation.identityMinCosine;
  // The evaluator plugin scores with the run scope's face analyzer (provided by runFaceAnalyzer).
  const { evaluator } = await resolveEvaluator({
    registry: context.registry,
    scope: context.scope,
    projectRoot: context.loaded.projectRoot,
    device: context.loaded.config.device as DevicePreference,
    thresholds,
    ...(context.onProgress ? { onProgress: context.onProgress } : {}),
  });
  // Part of the evaluate stages' fingerprint: changed thresholds re-evaluate the pairs. The preservation
  // evaluator reports the thresholds it resolved (over its defaults); another evaluator, those it was given.
  describeComponent(evaluator, { settings: { thresholds: (evaluator as { readonly thresholds?: unknown }).thresholds ?? thresholds } });
  const memorization = await runMemorizationScreen(settings, analyzer, context.onProgress);
  const components: DatasetComponents = { provider: inputs.provider, analyzer, stylizers, evaluator, ...(memorization ? { memorization } : {}) };
  return { inputs, exclusions, components, failedStylizers };
}
