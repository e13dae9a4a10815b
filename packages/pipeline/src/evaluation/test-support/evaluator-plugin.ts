import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { API_VERSIONS, type Evaluator, type FaceAnalyzer } from '@geneava/core/contracts';
import {
  defineEvaluatorPlugin,
  PluginRegistry,
  type PluginRegistryOptions,
} from '@geneava/core/plugins';
import { parseConfig } from '@geneava/core/config';
import { z } from '@geneava/core';

/** What the third-party evaluator saw: the options and face analyzer of each instance it built. */
export interface EvaluatorPluginLog {
  readonly created: { readonly options: { readonly label: string }; readonly faceAnalyzer?: FaceAnalyzer }[];
  readonly scored: string[];
  disposed: number;
}

/** The package name of the third-party evaluator the tests configure. */
export const THIRD_PARTY_EVALUATOR = 'acme-geneava-evaluator';

/**
 * A third-party evaluator plugin, defined here and installed in `projectRoot`'s node_modules (its
 * package.json; the registry imports the definition through the returned importer): every pair gets
 * one metric, "acme.score" = 0.25, and notes naming the plugin's `label` option.
 */
export async function installThirdPartyEvaluator(projectRoot: string): Promise<{ log: EvaluatorPluginLog; importer: NonNullable<PluginRegistryOptions['importer']> }> {
  const dir = join(projectRoot, 'node_modules', THIRD_PARTY_EVALUATOR);
  await mkdir(dir, { recursive: true });
  const manifest = { kind: 'evaluator', apiVersion: API_VERSIONS.evaluator, entry: './plugin' };
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: THIRD_PARTY_EVALUATOR, version: '2.0.0', exports: { './plugin': './plugin.js' }, geneava: manifest }));
  await writeFile(join(dir, 'plugin.js'), 'module.exports = {};\n');
  const log: EvaluatorPluginLog = { created: [], scored: [], disposed: 0 };
  const definition = defineEvaluatorPlugin<{ label: string }>({
    apiVersion: API_VERSIONS.evaluator,
    name: 'acme',
    version: '2.0.0',
    optionsSchema: z.object({ label: z.string().default('unlabelled') }).strict(),
    create: ({ options, faceAnalyzer }) => {
      log.created.push({ options, ...(faceAnalyzer ? { faceAnalyzer } : {}) });
      const evaluator: Evaluator = {
        apiVersion: API_VERSIONS.evaluator,
        info: { id: 'acme', version: '2.0.0', metrics: ['acme.score'] },
        evaluatePair: async (real, avatar) => {
          log.scored.push(`${real.id}|${avatar.id}`);
          return { id: real.id, metrics: [{ metric: 'acme.score', value: 0.25, higherIsBetter: true }], notes: [`scored by ${options.label}`] };
        },
        dispose: () => {
          log.disposed += 1;
        },
      };
      return evaluator;
    },
  });
  const importer = async (specifier: string) => {
    if (!specifier.includes(THIRD_PARTY_EVALUATOR)) throw new Error(`unexpected import ${specifier}`);
    return { default: definition };
  };
  return { log, importer };
}

/** The registry of a project whose config enables the third-party evaluator (with `options`). */
export async function registryWithThirdPartyEvaluator(
  projectRoot: string,
  options: Record<string, unknown> = { label: 'from config' },
): Promise<{ registry: PluginRegistry; log: EvaluatorPluginLog }> {
  const { log, importer } = await installThirdPartyEvaluator(projectRoot);
  const config = parseConfig({ plugins: [{ package: THIRD_PARTY_EVALUATOR, options }] }, 'test');
  return { registry: await PluginRegistry.open(config, { projectRoot, importer }), log };
}
