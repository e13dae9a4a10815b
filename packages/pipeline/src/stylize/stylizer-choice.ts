/** The name that runs a declarative ONNX stylizer from a descriptor file. */
export const ONNX_STYLIZER_NAME = 'onnx';

/** A stylizer as the user names it: a plugin, optionally with its model folder, or a descriptor. */
export interface StylizerChoice {
  /** An enabled stylizer plugin's name, or "onnx" with `descriptor`. */
  readonly name: string;
  /** Declarative ONNX stylizer: a shipped descriptor's name or a descriptor file. */
  readonly descriptor?: string;
  /** Model folder handed to the plugin as its `models` option (overrides the config's). */
  readonly models?: string;
}
