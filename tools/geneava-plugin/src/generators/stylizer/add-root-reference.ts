import { updateJson, type Tree } from '@nx/devkit';

const ROOT_TSCONFIG = 'tsconfig.json';

interface SolutionTsconfig {
  references?: { path: string }[];
  [key: string]: unknown;
}

/**
 * Lists the new package in the root solution tsconfig so `tsc -b` and editors see it. A workspace without a
 * root tsconfig.json has no solution file to keep in step, so there is nothing to do there.
 */
export function addRootTsconfigReference(tree: Tree, projectRoot: string): void {
  if (!tree.exists(ROOT_TSCONFIG)) return;
  const path = `./${projectRoot}`;
  updateJson<SolutionTsconfig>(tree, ROOT_TSCONFIG, (json) => {
    const references = json.references ?? [];
    if (references.some((reference) => stripDotSlash(reference.path) === projectRoot)) return json;
    return { ...json, references: [...references, { path }] };
  });
}

function stripDotSlash(path: string): string {
  return path.replace(/^\.\//, '').replace(/\/+$/, '');
}
