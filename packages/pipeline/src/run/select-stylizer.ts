import { resolve } from 'node:path';
import { closestMatch, UsageError } from '@geneava/core/util';
import { instantiatePlugin, PluginNotFoundError, type PluginRegistry } from '@geneava/core/plugins';
import { TOKENS, type RunScope } from '@geneava/core/di';
import type { DevicePreference, OnnxRuntime } from '@geneava/core/onnx';
import type { LoadedConfig } from '@geneava/core/config';
import type { ProgressCallback, Stylizer } from '@geneava/core/contracts';
import { createOnnxStylizer, findDescriptor } from '@geneava/stylizer-onnx';
import { ONNX_STYLIZER_NAME, type StylizerChoice } from '../stylize/stylizer-choice.js';

export interface SelectContext {
  readonly loaded: LoadedConfig;
  readonly scope: RunScope;
  readonly cwd: string;
  readonly onProgress?: ProgressCallback;
  /** The command's plugins (CliContext.plugins()). */
  readonly registry: PluginRegistry;
}

/**
 * Builds the stylizer the user named, owned by `scope` (disposed with it). An installed stylizer is
 * enabled by being named. Naming mistakes are usage errors that list what can be chosen; a plugin that
 * fails to load or to create its instance throws its own one-line error naming it.
 */
export async function selectStylizer(choice: StylizerChoice, context: SelectContext): Promise<Stylizer> {
  const { loaded, scope, cwd } = context;
  const device = loaded.config.device as DevicePreference;
  if (choice.descriptor !== undefined) {
    if (choice.name !== ONNX_STYLIZER_NAME) {
      throw new UsageError(`--descriptor runs the declarative ONNX stylizer; use it with --stylizer ${ONNX_STYLIZER_NAME}, not "${choice.name}"`);
    }
    const found = findDescriptor(choice.descriptor, cwd);
    // The folder with the model the descriptor names: --models, else a shipped descriptor's model is the
    // user's file in the working directory and a file descriptor's sits next to it.
    const modelsDir = choice.models !== undefined ? resolve(cwd, choice.models) : found.shipped ? cwd : undefined;
    const onnx = scope.resolve<OnnxRuntime>(TOKENS.OnnxRuntime);
    return scope.own(await createOnnxStylizer({ descriptor: found.file, ...(modelsDir !== undefined ? { modelsDir } : {}), onnx, device }));
  }

  // The ONNX plugin runs a descriptor: named without one (and not enabled with one in the config), say so.
  if (choice.name === ONNX_STYLIZER_NAME && !context.registry.names('stylizer').includes(ONNX_STYLIZER_NAME)) {
    throw new UsageError(`stylizer "${ONNX_STYLIZER_NAME}" needs --descriptor NAME|FILE (a shipped descriptor's name, or a descriptor .json naming its model)`);
  }
  let plugin;
  try {
    plugin = await context.registry.get('stylizer', choice.name);
  } catch (error) {
    if (!(error instanceof PluginNotFoundError)) throw error;
    const hint = closestMatch(choice.name, [...error.available, ONNX_STYLIZER_NAME]);
    const failed = error.failures.length > 0 ? `; failed to load: ${error.failures.map((f) => f.message).join('; ')}` : '';
    throw new UsageError(
      `unknown stylizer "${choice.name}"${hint ? ` (did you mean "${hint}"?)` : ''}; enabled stylizers: ${error.available.join(', ') || 'none'}, or "${ONNX_STYLIZER_NAME}" with --descriptor FILE${failed}`,
    );
  }
  const chosen =
    choice.models === undefined
      ? plugin
      : { ...plugin, spec: { ...plugin.spec, options: { ...plugin.spec.options, models: resolve(cwd, choice.models) } } };
  const instance = await instantiatePlugin(chosen, scope, { projectRoot: loaded.projectRoot, device, onProgress: context.onProgress });
  return instance as Stylizer;
}

