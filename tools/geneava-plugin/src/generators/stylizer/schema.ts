/** Options of `nx g @geneava/tools:stylizer`, as described by schema.json. */
export interface StylizerGeneratorSchema {
  /** Style name in kebab-case; the package folder and npm name become `stylizer-<name>`. */
  name: string;
  /** Workspace folder that receives the package folder (default "packages"). */
  directory?: string;
  /** npm scope of the package name (default "@geneava"). */
  scope?: string;
  /** "filter" (weights-free, default) or "onnx-face" (an ONNX model applied to aligned faces). */
  template?: 'filter' | 'onnx-face';
  /** One-line description; a generic one naming the style is used when absent. */
  description?: string;
}
