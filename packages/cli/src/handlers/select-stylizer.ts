import { resolve } from 'node:path';
import {
  closestMatch,
  discoverPlugins,
  instantiatePlugin,
  loadPlugins,
  pluginSpecsFromConfig,
  TOKENS,
  UsageError,
  type DevicePreference,
  type LoadedConfig,
  type ModuleImporter,
  type OnnxRuntime,
  type ProgressCallback,
  type RunScope,
  type Stylizer,
} from '@geneava/core';
import { createOnnxStylizer } from '@geneava/stylizer-onnx';

/** The name that runs a descriptor given on the command line. */
export const ONNX_STYLIZER_NAME = 'onnx';

export interface StylizerChoice {
  /** An enabled stylizer plugin's name, or "onnx" with `descriptor`. */
  readonly name: string;
  /** Descriptor file for the declarative ONNX stylizer. */
  readonly descriptor?: string;
  /** Model folder handed to the plugin as its `models` option (overrides the config's). */
  readonly models?: string;
}

export interface SelectContext {
  readonly loaded: LoadedConfig;
  readonly scope: RunScope;
  readonly cwd: string;
  readonly onProgress?: ProgressCallback;
  readonly importer?: ModuleImporter;
}

/**
 * Builds the stylizer the user named, owned by `scope` (disposed with it). Naming mistakes are usage
 * errors that list what can be chosen; a plugin that fails to load or to create its instance throws its
 * own one-line error.
 */
export async function selectStylizer(choice: StylizerChoice, context: SelectContext): Promise<Stylizer> {
  const { loaded, scope, cwd } = context;
  const device = loaded.config.device as DevicePreference;
  if (choice.descriptor !== undefined) {
    if (choice.name !== ONNX_STYLIZER_NAME) {
      throw new UsageError(`--descriptor runs the declarative ONNX stylizer; use it with --stylizer ${ONNX_STYLIZER_NAME}, not "${choice.name}"`);
    }
    if (choice.models !== undefined) throw new UsageError('--models and --descriptor do not go together: the descriptor names its model file');
    const onnx = scope.resolve<OnnxRuntime>(TOKENS.OnnxRuntime);
    return scope.own(await createOnnxStylizer({ descriptor: resolve(cwd, choice.descriptor), onnx, device }));
  }

  const discovered = loaded.config.discover ? await discoverPlugins(loaded.projectRoot) : [];
  const specs = pluginSpecsFromConfig(loaded.config, discovered);
  const { loaded: plugins, failed } = await loadPlugins(specs, { projectRoot: loaded.projectRoot, importer: context.importer });
  const stylizers = plugins.filter((plugin) => plugin.definition.kind === 'stylizer');
  const plugin = stylizers.find((candidate) => candidate.name === choice.name);
  if (!plugin) {
    const failure = failed.find((f) => f.spec.name === choice.name || f.spec.package === choice.name);
    if (failure) throw failure.error;
    if (choice.name === ONNX_STYLIZER_NAME) {
      throw new UsageError(`stylizer "${ONNX_STYLIZER_NAME}" needs --descriptor FILE (a descriptor .json naming its model)`);
    }
    const installed = await installedButNotEnabled(choice.name, loaded, specs.map((spec) => spec.package));
    if (installed) {
      throw new UsageError(
        `stylizer "${choice.name}" is not enabled; ${installed} is installed: add it to "plugins" in geneava.config.json, e.g. { "package": "${installed}", "options": { ... } }`,
      );
    }
    const names = stylizers.map((candidate) => candidate.name);
    const hint = closestMatch(choice.name, [...names, ONNX_STYLIZER_NAME]);
    throw new UsageError(
      `unknown stylizer "${choice.name}"${hint ? ` (did you mean "${hint}"?)` : ''}; enabled stylizers: ${names.join(', ') || 'none'}, or "${ONNX_STYLIZER_NAME}" with --descriptor FILE`,
    );
  }
  const chosen =
    choice.models === undefined
      ? plugin
      : { ...plugin, spec: { ...plugin.spec, options: { ...plugin.spec.options, models: resolve(cwd, choice.models) } } };
  const instance = await instantiatePlugin(chosen, scope, { projectRoot: loaded.projectRoot, device, onProgress: context.onProgress });
  return instance as Stylizer;
}

/**
 * An installed stylizer package that is not enabled and whose package name says it is `name`
 * ("stylizer-<name>" or "<name>", with or without a scope). Only package.json files are read.
 */
async function installedButNotEnabled(name: string, loaded: LoadedConfig, enabled: readonly string[]): Promise<string | undefined> {
  const discovered = await discoverPlugins(loaded.projectRoot);
  const bare = (packageName: string) => packageName.split('/').pop()!.replace(/^(geneava-)?stylizer-/, '');
  return discovered.find((plugin) => plugin.manifest?.kind === 'stylizer' && !enabled.includes(plugin.name) && bare(plugin.name) === name)?.name;
}
