import {
  discoverPlugins,
  type LoadedConfig,
  loadPlugins,
  type ModelKindDefinition,
  type ModuleImporter,
  pluginSpecsFromConfig,
} from '@geneava/core';
import { EVALUATOR_MODEL_KINDS, REFERENCE_MODEL_KINDS } from '@geneava/evaluator';
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
  ...EVALUATOR_MODEL_KINDS,
  ...REFERENCE_MODEL_KINDS,
  faceModelsKind,
];

/** Built-in kinds plus those contributed by enabled plugins (a plugin's kind may not shadow a built-in one). */
export async function availableModelKinds(loaded: LoadedConfig, importer?: ModuleImporter): Promise<ModelKindDefinition[]> {
  const kinds = [...BUILT_IN_MODEL_KINDS];
  const specs = pluginSpecsFromConfig(loaded.config, loaded.config.discover ? await discoverPlugins(loaded.projectRoot) : []);
  const { loaded: plugins } = await loadPlugins(specs, { projectRoot: loaded.projectRoot, importer });
  for (const plugin of plugins) {
    for (const kind of plugin.definition.models ?? []) {
      if (!kinds.some((k) => k.kind === kind.kind)) kinds.push(kind);
    }
  }
  return kinds;
}
