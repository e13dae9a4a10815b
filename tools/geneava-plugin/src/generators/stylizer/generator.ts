import { formatFiles, generateFiles, type Tree } from '@nx/devkit';
import { dirname, join } from 'node:path';
import { addRootTsconfigReference } from './add-root-reference.js';
import { findCore, findTesting } from './find-core.js';
import { normalizeOptions } from './normalize-options.js';
import type { StylizerGeneratorSchema } from './schema.js';
import { templateVariables } from './template-variables.js';

/**
 * `nx g @geneava/tools:stylizer <name> [--template filter|onnx-face]`: writes <directory>/stylizer-<name>
 * (a package that builds, tests and publishes as it is) and lists it in the root tsconfig.json.
 *
 * The templates are create-geneava-stylizer's (`npm create geneava-stylizer` outside this repository):
 * the style's sources, tests and README from templates/<template>/, and the workspace's project files
 * (tsconfigs against tsconfig.base.json, the jest preset, the Nx tag) from templates/workspace/ where
 * the published command uses templates/standalone/. Changing a scaffold is editing those templates.
 */
// Resolved through the workspace's link to the package, so both scaffolds read the same files.
const TEMPLATES_DIR = join(dirname(require.resolve('create-geneava-stylizer/package.json')), 'templates');

export async function stylizerGenerator(tree: Tree, schema: StylizerGeneratorSchema): Promise<void> {
  const options = normalizeOptions(schema, findCore(tree), findTesting(tree));
  if (tree.exists(options.projectRoot)) {
    throw new Error(`stylizer generator: ${options.projectRoot} already exists; choose another name or --directory.`);
  }
  const variables = templateVariables(options);
  generateFiles(tree, join(TEMPLATES_DIR, options.template), options.projectRoot, variables);
  generateFiles(tree, join(TEMPLATES_DIR, 'workspace'), options.projectRoot, variables);
  addRootTsconfigReference(tree, options.projectRoot);
  await formatFiles(tree);
}

export default stylizerGenerator;
