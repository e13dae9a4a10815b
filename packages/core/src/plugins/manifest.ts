import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { API_VERSIONS, PLUGIN_KINDS, type PluginKind } from '../contracts/api-version.js';
import { CORE_VERSION } from '../version.js';
import { PluginLoadError, UnsupportedPluginApiVersionError } from './errors.js';

/** The package.json "geneava" field: readable without running the plugin's code. */
export const pluginManifestSchema = z
  .object({
    kind: z.enum(PLUGIN_KINDS as [PluginKind, ...PluginKind[]]),
    apiVersion: z.number().int(),
    /** Export subpath of the package whose default export is the plugin definition, e.g. "./plugin" or ".". */
    entry: z.string().regex(/^\.(\/.*)?$/, 'an export subpath such as "." or "./plugin"').default('.'),
  })
  .strict();
export type PluginManifest = z.infer<typeof pluginManifestSchema>;

export interface PluginPackage {
  readonly name: string;
  readonly version?: string;
  readonly dir: string;
  readonly manifest: PluginManifest;
  /** package.json "exports" and "main", used to find the entry file in the package folder. */
  readonly exports?: unknown;
  readonly main?: string;
  readonly peerCoreRange?: string;
}

export interface PackageJson {
  name?: string;
  version?: string;
  geneava?: unknown;
  exports?: unknown;
  main?: string;
  peerDependencies?: Record<string, string>;
}

export async function readPackageJson(dir: string): Promise<PackageJson> {
  const file = join(dir, 'package.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as PackageJson;
  } catch (error) {
    throw new Error(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (error as Error).message}`);
  }
}

/** Validates the "geneava" field, including the kind and apiVersion this core supports. */
export function parsePluginManifest(pluginName: string, raw: unknown): PluginManifest {
  if (raw === undefined) {
    throw new PluginLoadError(pluginName, 'package.json has no "geneava" field, so it is not a GenEAva plugin');
  }
  const result = pluginManifestSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const key = ['geneava', ...issue.path.map(String)].join('.');
      return issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.map((k) => `geneava.${k}`).join(', ')}` : `${key}: ${issue.message}`;
    });
    throw new PluginLoadError(pluginName, `invalid "geneava" field in package.json: ${problems.join('; ')}`, 'plugin-manifest');
  }
  const supported = API_VERSIONS[result.data.kind];
  if (result.data.apiVersion !== supported) {
    throw new UnsupportedPluginApiVersionError(pluginName, result.data.kind, result.data.apiVersion, supported, CORE_VERSION);
  }
  return result.data;
}

export async function readPluginPackage(dir: string, nameHint: string): Promise<PluginPackage> {
  let json: PackageJson;
  try {
    json = await readPackageJson(dir);
  } catch (error) {
    throw new PluginLoadError(nameHint, (error as Error).message, 'plugin-not-found');
  }
  const name = json.name ?? nameHint;
  return {
    name,
    version: json.version,
    dir,
    manifest: parsePluginManifest(name, json.geneava),
    exports: json.exports,
    ...(json.main === undefined ? {} : { main: json.main }),
    peerCoreRange: json.peerDependencies?.['@geneava/core'],
  };
}
