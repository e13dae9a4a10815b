/**
 * The services the application container registers (createGeneavaContainer), one token each; every
 * token here is registered there, and a test keeps it so. `Symbol.for` makes tokens realm-global, so
 * two copies of core in one process still agree on them (the container copy problem is solved by
 * plugins peer-depending on core, see docs/plugins.md).
 *
 * Plugin instances, the plugin registry and the face analyzer have no token: a run holds several
 * stylizers, plugins are built by their definition's create() from a PluginContext (not by the
 * container), and the run's components are passed to the stages that use them.
 */
export const TOKENS = {
  Config: Symbol.for('geneava.Config'),
  Logger: Symbol.for('geneava.Logger'),
  ProjectRoot: Symbol.for('geneava.ProjectRoot'),
  OnnxRuntime: Symbol.for('geneava.OnnxRuntime'),
} as const;
