/**
 * The services the application container registers (createGeneavaContainer), one token each; every
 * token here is registered there, and a test keeps it so. `Symbol.for` makes tokens realm-global, so
 * two copies of core in one process still agree on them (the container copy problem is solved by
 * plugins peer-depending on core, see docs/plugins.md).
 *
 * Plugin instances and the plugin registry have no token: a run holds several stylizers, and plugins
 * are built by their definition's create() from a PluginContext (not by the container).
 */
export const TOKENS = {
  Config: Symbol.for('geneava.Config'),
  Logger: Symbol.for('geneava.Logger'),
  OnnxRuntime: Symbol.for('geneava.OnnxRuntime'),
} as const;

/**
 * What a run scope registers for its own run only (RunScope.provideFaceAnalyzer), never the
 * application container: the run's face analyzer, which every plugin the run builds afterwards
 * receives in its PluginContext, so a run holds one copy of the face models.
 */
export const RUN_TOKENS = {
  FaceAnalyzer: Symbol.for('geneava.FaceAnalyzer'),
} as const;
