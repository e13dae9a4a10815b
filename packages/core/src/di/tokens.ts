/**
 * One injection token per interface. `Symbol.for` makes tokens realm-global, so two copies of core in
 * one process still agree on them (the container copy problem is solved by plugins peer-depending on
 * core, see docs/plugins.md).
 */
export const TOKENS = {
  Config: Symbol.for('geneava.Config'),
  Logger: Symbol.for('geneava.Logger'),
  ProjectRoot: Symbol.for('geneava.ProjectRoot'),
  OnnxRuntime: Symbol.for('geneava.OnnxRuntime'),
  PluginRegistry: Symbol.for('geneava.PluginRegistry'),
  Generator: Symbol.for('geneava.Generator'),
  Stylizer: Symbol.for('geneava.Stylizer'),
  Evaluator: Symbol.for('geneava.Evaluator'),
  FaceAnalyzer: Symbol.for('geneava.FaceAnalyzer'),
  ModelKind: Symbol.for('geneava.ModelKind'),
} as const;
