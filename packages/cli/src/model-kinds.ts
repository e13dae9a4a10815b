import type { ModelKindDefinition, PluginRegistry } from '@geneava/core/plugins';
import { REFERENCE_MODEL_KINDS } from '@geneava/evaluator';
import { FACE_ANALYSIS_MODEL_KINDS } from '@geneava/face-analysis';
import { faceModelsKind } from '@geneava/face-models';
import { sdxlModelKind } from '@geneava/generator-sdxl';
import { dctnetModelKind } from '@geneava/stylizer-dctnet';
import { onnxStylizerModelKind } from '@geneava/stylizer-onnx';
import { toonifyModelKind } from '@geneava/stylizer-toonify';

/** Model kinds of the first-party packages; always available. */
export const BUILT_IN_MODEL_KINDS: readonly ModelKindDefinition[] = [
  sdxlModelKind,
  dctnetModelKind,
  toonifyModelKind,
  onnxStylizerModelKind,
  ...FACE_ANALYSIS_MODEL_KINDS,
  ...REFERENCE_MODEL_KINDS,
  faceModelsKind,
];

/** Built-in kinds plus those contributed by enabled plugins (a plugin's kind may not shadow a built-in one). */
export function availableModelKinds(registry: PluginRegistry): ModelKindDefinition[] {
  const kinds = [...BUILT_IN_MODEL_KINDS];
  for (const kind of registry.modelKinds()) {
    if (!kinds.some((k) => k.kind === kind.kind)) kinds.push(kind);
  }
  return kinds;
}
