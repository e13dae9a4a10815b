import { join } from 'node:path';
import { buildPlan } from '@geneava/core/plan';
import { instantiatePlugin, PluginLoadError, PluginOptionsError, type PluginRegistry } from '@geneava/core/plugins';
import { NoImagesError, type SkippedEntry } from '@geneava/core/image';
import { reasonOf, UsageError } from '@geneava/core/util';
import { readSourceLabels, DATASET_FILES } from '@geneava/core/dataset-format';
import { TOKENS, type RunScope } from '@geneava/core/di';
import { describeComponent } from '@geneava/core/provenance';
import type { DevicePreference, OnnxRuntime } from '@geneava/core/onnx';
import type { FaceAnalyzer, Generator, ProgressCallback } from '@geneava/core/contracts';
import type { LoadedConfig } from '@geneava/core/config';
import { generatorProvider, itemFromPhoto, itemFromPlan, listSourceFolder, loadMemorizationScreen, sourceProvider, type DatasetItem, type ImageProvider, type MemorizationScreen, type NamedStylizer, type SplitPhotos } from '../dataset/index.js';
import { readExclusionList } from '@geneava/evaluator';
import { EmbeddedFaceAnalyzer } from '@geneava/face-analysis';
import { ensureFaceModels } from '@geneava/face-models';
import { selectStylizer } from './select-stylizer.js';
import { demoNotes, demoSource, DEMO_PACKAGE } from './demo.js';
import type { RunSettings } from './settings.js';

export interface ComponentContext {
  readonly loaded: LoadedConfig;
  readonly scope: RunScope;
  readonly cwd: string;
  readonly onProgress?: ProgressCallback;
  /** The command's plugins, loaded once. */
  readonly registry: PluginRegistry;
}

/** The real faces of a run: where they come from, and what the dataset card says about them. */
export interface RunInputs {
  readonly provider: ImageProvider;
  readonly items?: readonly DatasetItem[];
  readonly split?: SplitPhotos;
  readonly title: string;
  readonly source: string;
  readonly notes?: readonly string[];
  /** Entries of a source folder that are not photos, with why (reported, never skipped silently). */
  readonly skipped?: readonly SkippedEntry[];
}

/**
 * The run's face analyzer: the embedded one, provided to the run scope (which owns it), so the plugins
 * built after it (the evaluator) get it in their context instead of loading the models again. It is
 * described by its model folder, so changed face models redo the stages that used them.
 */
export async function runFaceAnalyzer(context: ComponentContext): Promise<FaceAnalyzer> {
  const { scope, loaded } = context;
  const modelsDir = await ensureFaceModels();
  const analyzer = scope.provideFaceAnalyzer(await EmbeddedFaceAnalyzer.create({ onnx: scope.resolve<OnnxRuntime>(TOKENS.OnnxRuntime), device: loaded.config.device as DevicePreference, modelsDir }));
  describeComponent(analyzer, { files: { faceModels: modelsDir } });
  return analyzer;
}

/** The stylizers of a run that could be built, and those that could not, each with its own error. */
export interface RunStylizers {
  readonly stylizers: NamedStylizer[];
  readonly failed: readonly { readonly name: string; readonly reason: string }[];
}

/**
 * The stylizers named in the settings, each an enabled or installed plugin (the CLI's own copy of a
 * bundled stylizer stands in when the project has none). A stylizer that fails to load or to build is
 * left out and reported, and the run goes on with the others; an unknown name or invalid options are
 * mistakes to fix first, and nothing runs. With no stylizer left, the first failure is thrown.
 */
export async function runStylizers(settings: RunSettings, context: ComponentContext): Promise<RunStylizers> {
  const stylizers: NamedStylizer[] = [];
  const failed: { name: string; reason: string }[] = [];
  let firstFailure: unknown;
  for (const name of settings.stylizers) {
    try {
      stylizers.push({ name, stylizer: await selectStylizer({ name }, context) });
    } catch (error) {
      if (!(error instanceof PluginLoadError) || error instanceof PluginOptionsError) throw error;
      firstFailure ??= error;
      failed.push({ name, reason: error.message });
    }
  }
  if (stylizers.length === 0 && firstFailure !== undefined) throw firstFailure;
  return { stylizers, failed };
}

export async function runGenerator(name: string | undefined, context: ComponentContext): Promise<Generator> {
  const { loaded, scope, registry } = context;
  // Asking by name reports that generator's own load error; without a name, the only enabled one runs.
  const plugin = name === undefined ? undefined : await registry.get('generator', name).catch((error: unknown) => {
    if (error instanceof UsageError) throw new UsageError(`run.generate.generator "${name}" is not an enabled generator (enabled: ${registry.names('generator').join(', ') || 'none'})`);
    throw error;
  });
  const generators = registry.names('generator');
  if (plugin === undefined && generators.length === 0) {
    const failure = registry.failures('generator')[0];
    if (failure) throw failure;
    throw new UsageError(
      'no generator is enabled: add one to "plugins" in geneava.config.json (e.g. { "package": "@geneava/generator-sdxl", "options": { "models": "sdxl-onnx" } }), or build from photos with --source DIR, or try --demo',
    );
  }
  if (plugin === undefined && generators.length > 1) {
    throw new UsageError(`several generators are enabled (${generators.join(', ')}); choose one with run.generate.generator`);
  }
  const chosen = plugin ?? (await registry.get('generator', generators[0]!));
  const device = loaded.config.device as DevicePreference;
  return (await instantiatePlugin(chosen, scope, { projectRoot: loaded.projectRoot, device, ...(context.onProgress ? { onProgress: context.onProgress } : {}) })) as Generator;
}

/** The provider and items of the run's input: generated from the plan, a source folder, or the demo photos. */
export async function runInputs(settings: RunSettings, context: ComponentContext): Promise<RunInputs> {
  const { input } = settings;
  if (input.kind === 'demo') {
    const split = await demoSource(context.cwd, input.cropScale);
    return {
      provider: sourceProvider({ dir: split.dir, cropScale: input.cropScale }),
      split,
      title: 'GenEAva demo dataset',
      source: `the sample photos of ${DEMO_PACKAGE}, one item per face`,
      notes: demoNotes(input.cropScale),
    };
  }
  if (input.kind === 'source') {
    const labels = input.labels === undefined ? undefined : await readSourceLabels(input.labels);
    const listing = await listSourceFolder(input.dir, { ...(labels ? { labels } : {}), exclude: settings.out });
    // The same usage error as stylize, evaluate and compare give a folder without images, before any model loads.
    if (listing.photos.length === 0) throw new NoImagesError(input.label, listing);
    const { photos, skipped } = listing;
    const source = `photos from ${input.dir}${input.splitFaces ? ', one item per face' : ''}${input.labels ? `, labels from ${input.labels}` : ''}`;
    if (input.splitFaces) {
      return { provider: sourceProvider({ dir: input.dir, cropScale: input.cropScale }), split: { dir: input.dir, photos, cropScale: input.cropScale }, title: 'GenEAva dataset', source, skipped };
    }
    return { provider: sourceProvider({ dir: input.dir }), items: photos.map((photo) => itemFromPhoto(photo)), title: 'GenEAva dataset', source, skipped };
  }
  const plan = buildPlan({
    ...context.loaded.config.plan,
    ...(settings.select.expressions ? { expressions: settings.select.expressions } : {}),
    ...(settings.select.maxItems !== undefined ? { maxItems: settings.select.maxItems } : {}),
  });
  const generator = await runGenerator(input.generator, context);
  const { width, height, steps, guidance, scheduler } = input.generation;
  return {
    provider: generatorProvider(generator, input.generation),
    items: plan.map(itemFromPlan),
    title: 'GenEAva dataset',
    source: `generated by ${generator.info.id} ${generator.info.version} (${width}x${height}, ${steps} steps, guidance ${guidance}, scheduler ${scheduler})`,
  };
}

/** Item ids to drop, from the configured exclusion lists (one id per line), each mapped to its list. */
export async function runExclusions(settings: RunSettings): Promise<Map<string, string> | undefined> {
  if (settings.memorization.exclusions.length === 0) return undefined;
  const excluded = new Map<string, string>();
  for (const file of settings.memorization.exclusions) {
    let ids: Set<string>;
    try {
      ids = await readExclusionList(file);
    } catch (error) {
      throw new UsageError(`run.curation.memorization.exclusions: ${reasonOf(error)}`);
    }
    for (const id of ids) if (!excluded.has(id)) excluded.set(id, file);
  }
  return excluded;
}

/** The memorization screen over the configured reference sets (folders are embedded once and cached), or undefined without any. */
export async function runMemorizationScreen(settings: RunSettings, analyzer: FaceAnalyzer, onProgress?: ProgressCallback): Promise<MemorizationScreen | undefined> {
  const { model, references } = settings.memorization;
  if (references.length === 0) return undefined;
  const cacheDir = join(settings.out, ...DATASET_FILES.referencesCache.split('/'));
  return loadMemorizationScreen(analyzer, references, { model, cacheDir, ...(onProgress ? { onProgress } : {}) });
}
