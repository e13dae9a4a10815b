import type { RunScope } from '../di/container.js';
import { TOKENS } from '../di/tokens.js';
import type { DevicePreference } from '../onnx/device.js';
import type { OnnxRuntime } from '../onnx/runtime.js';
import type { ProgressCallback } from '../contracts/progress.js';
import type { Evaluator } from '../contracts/evaluator.js';
import type { FaceAnalyzer } from '../contracts/face-analyzer.js';
import type { Generator } from '../contracts/generator.js';
import type { Stylizer } from '../contracts/stylizer.js';
import type { Logger } from '../util/logger.js';
import { reasonOf } from '../util/errors.js';
import { describePluginInstance } from '../provenance/component-identity.js';
import type { PluginContext } from './context.js';
import { PluginLoadError, PluginOptionsError } from './errors.js';
import type { LoadedPlugin } from './loader.js';

export type PluginInstance = Stylizer | Generator | Evaluator;

/** The plugin's options from its spec, checked by its schema (with defaults filled in); a PluginOptionsError names every problem. */
export function validatePluginOptions(plugin: LoadedPlugin): unknown {
  const raw = plugin.spec.options ?? {};
  const schema = plugin.definition.optionsSchema;
  if (!schema) return raw;
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = ['options', ...issue.path.map(String)].join('.');
    return issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.map((k) => `options.${k}`).join(', ')}` : `${key}: ${issue.message}`;
  });
  throw new PluginOptionsError(plugin.name, problems.join('; '));
}

/**
 * Builds a plugin's instance for a run. Options are validated first; the instance is owned by the
 * run scope, so its dispose() runs when the run ends. A plugin whose create() throws becomes a
 * PluginLoadError naming it: the caller records it and carries on with the other plugins.
 */
export async function instantiatePlugin(
  plugin: LoadedPlugin,
  scope: RunScope,
  run: {
    readonly projectRoot: string;
    readonly device: DevicePreference;
    readonly onProgress?: ProgressCallback;
    /**
     * The face analyzer handed to the plugin (PluginContext.faceAnalyzer); default: the run scope's
     * (RunScope.provideFaceAnalyzer). The run disposes it.
     */
    readonly faceAnalyzer?: FaceAnalyzer;
  },
): Promise<PluginInstance> {
  const options = validatePluginOptions(plugin);
  const faceAnalyzer = run.faceAnalyzer ?? scope.faceAnalyzer();
  const context: PluginContext<unknown> = {
    options,
    projectRoot: run.projectRoot,
    device: run.device,
    onnx: scope.resolve<OnnxRuntime>(TOKENS.OnnxRuntime),
    logger: scope.resolve<Logger>(TOKENS.Logger),
    onProgress: run.onProgress,
    ...(faceAnalyzer ? { faceAnalyzer } : {}),
  };
  let instance: PluginInstance;
  try {
    instance = await (plugin.definition.create as (ctx: PluginContext<unknown>) => PluginInstance | Promise<PluginInstance>)(context);
  } catch (error) {
    throw new PluginLoadError(plugin.name, `create() threw: ${reasonOf(error)}`, 'plugin-create');
  }
  scope.own(instance);
  if (!instance || typeof instance !== 'object' || instance.apiVersion !== plugin.definition.apiVersion) {
    throw new PluginLoadError(plugin.name, `create() returned an object without apiVersion ${plugin.definition.apiVersion}`, 'plugin-create');
  }
  // What the instance's output depends on (package, version, options and the model files they name), for stage fingerprints.
  await describePluginInstance(instance, plugin.pkg, options, run.projectRoot);
  return instance;
}
