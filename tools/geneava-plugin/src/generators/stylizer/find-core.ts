import { getProjects, joinPathFragments, readJson, type Tree } from '@nx/devkit';

export const CORE_PACKAGE_NAME = '@geneava/core';

/** Where @geneava/core lives in the workspace and which version it is at. */
export interface CoreLocation {
  /** Project root relative to the workspace root, e.g. "packages/core". */
  readonly root: string;
  readonly version: string;
}

/**
 * Scaffolds reference core's tsconfig.lib.json and depend on core's current version; both come from the
 * workspace itself so a scaffold stays right after core moves or changesets bump its version (a
 * devDependency on a version the workspace does not hold would make npm fetch it from the registry).
 */
export function findCore(tree: Tree): CoreLocation {
  for (const project of getProjects(tree).values()) {
    const manifestPath = joinPathFragments(project.root, 'package.json');
    if (!tree.exists(manifestPath)) continue;
    const manifest = readJson<{ name?: string; version?: string }>(tree, manifestPath);
    if (manifest.name !== CORE_PACKAGE_NAME) continue;
    if (typeof manifest.version !== 'string' || manifest.version.length === 0) {
      throw new Error(`${manifestPath}: ${CORE_PACKAGE_NAME} has no "version"; the scaffold needs it for its dependency ranges.`);
    }
    return { root: project.root, version: manifest.version };
  }
  throw new Error(`stylizer generator: no project named ${CORE_PACKAGE_NAME} in this workspace; a stylizer plugin builds against it.`);
}
