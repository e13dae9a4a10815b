import { formatFiles, generateFiles, type Tree } from '@nx/devkit';
import { join } from 'node:path';
import { addRootTsconfigReference } from './add-root-reference.js';
import { findCore, findTesting } from './find-core.js';
import { normalizeOptions } from './normalize-options.js';
import type { StylizerGeneratorSchema } from './schema.js';
import { templateVariables } from './template-variables.js';

/**
 * `nx g @geneava/tools:stylizer <name>`: writes <directory>/stylizer-<name> from files/ (a package that
 * builds, tests and publishes as it is) and lists it in the root tsconfig.json.
 *
 * Extension point: everything a scaffold contains is a template under files/, so adding to every future
 * scaffold is adding or editing templates (the conformance spec, for example, is
 * src/__fileName__.conformance.spec.ts.template, with @geneava/testing as a devDependency in
 * package.json.template and a reference in tsconfig.spec.json.template).
 */
export async function stylizerGenerator(tree: Tree, schema: StylizerGeneratorSchema): Promise<void> {
  const options = normalizeOptions(schema, findCore(tree), findTesting(tree));
  if (tree.exists(options.projectRoot)) {
    throw new Error(`stylizer generator: ${options.projectRoot} already exists; choose another name or --directory.`);
  }
  generateFiles(tree, join(__dirname, 'files'), options.projectRoot, templateVariables(options));
  addRootTsconfigReference(tree, options.projectRoot);
  await formatFiles(tree);
}

export default stylizerGenerator;
