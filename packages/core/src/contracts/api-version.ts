/**
 * Contract versions. A plugin declares the version it was written against; the loader accepts it only
 * when it equals the version this core implements. Bump a version when a contract changes in a way
 * that breaks existing plugins, and say so in a changeset.
 */
export const API_VERSIONS = {
  generator: 1,
  stylizer: 1,
  evaluator: 1,
  faceAnalyzer: 1,
} as const;

export type PluginKind = 'generator' | 'stylizer' | 'evaluator';
export const PLUGIN_KINDS: readonly PluginKind[] = ['generator', 'stylizer', 'evaluator'];
