import type { z } from 'zod';
import type { PluginKind } from '../contracts/api-version.js';
import type { Evaluator } from '../contracts/evaluator.js';
import type { Generator } from '../contracts/generator.js';
import type { Stylizer } from '../contracts/stylizer.js';
import type { PluginContext } from './context.js';
import type { ModelKindDefinition } from './model-kind.js';

/** Brand stamped by the define* helpers, so the loader can tell a plugin from any other export. */
export const PLUGIN_BRAND = 'geneava/plugin' as const;

interface PluginDefinitionBase<TKind extends PluginKind, TInstance, TOptions> {
  readonly $$type: typeof PLUGIN_BRAND;
  readonly kind: TKind;
  /** The contract version the plugin implements (see API_VERSIONS). */
  readonly apiVersion: number;
  /** Name used in config, on the command line and in output folders, e.g. "classic". */
  readonly name: string;
  readonly version?: string;
  readonly description?: string;
  /** Validates the plugin's `options` from the config file; unknown keys should be errors (use .strict()). */
  readonly optionsSchema?: z.ZodType<TOptions>;
  /** Model folders this plugin knows how to check (`geneava models check KIND DIR`). */
  readonly models?: readonly ModelKindDefinition[];
  /** Builds one instance for a run. Sessions it opens are released by the instance's dispose(). */
  create(context: PluginContext<TOptions>): TInstance | Promise<TInstance>;
}

export type StylizerPluginDefinition<TOptions = unknown> = PluginDefinitionBase<'stylizer', Stylizer, TOptions>;
export type GeneratorPluginDefinition<TOptions = unknown> = PluginDefinitionBase<'generator', Generator, TOptions>;
export type EvaluatorPluginDefinition<TOptions = unknown> = PluginDefinitionBase<'evaluator', Evaluator, TOptions>;

/* eslint-disable @typescript-eslint/no-explicit-any -- options are invariant (schema out, create() in);
   a loaded plugin's options type is only known after its own schema has validated them. */
export type PluginDefinition =
  | StylizerPluginDefinition<any>
  | GeneratorPluginDefinition<any>
  | EvaluatorPluginDefinition<any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

type DefinitionInput<T> = Omit<T, '$$type' | 'kind'>;

export function defineStylizerPlugin<TOptions = unknown>(
  definition: DefinitionInput<StylizerPluginDefinition<TOptions>>,
): StylizerPluginDefinition<TOptions> {
  return Object.freeze({ ...definition, $$type: PLUGIN_BRAND, kind: 'stylizer' as const });
}

export function defineGeneratorPlugin<TOptions = unknown>(
  definition: DefinitionInput<GeneratorPluginDefinition<TOptions>>,
): GeneratorPluginDefinition<TOptions> {
  return Object.freeze({ ...definition, $$type: PLUGIN_BRAND, kind: 'generator' as const });
}

export function defineEvaluatorPlugin<TOptions = unknown>(
  definition: DefinitionInput<EvaluatorPluginDefinition<TOptions>>,
): EvaluatorPluginDefinition<TOptions> {
  return Object.freeze({ ...definition, $$type: PLUGIN_BRAND, kind: 'evaluator' as const });
}
