import { getProjects, joinPathFragments, readJson, type Tree } from '@nx/devkit';

export const CORE_PACKAGE_NAME = '@geneava/core';
export const TESTING_PACKAGE_NAME = '@geneava/testing';

/** Where a workspace package lives and which version it is at. */
export interface PackageLocation {
  /** Project root relative to the workspace root, e.g. "packages/core". */
  readonly root: string;
  readonly version: string;
}

/**
 * Scaffolds reference core's and testing's tsconfig.lib.json and depend on their current versions; both come
 * from the workspace itself so a scaffold stays right after a package moves or changesets bump its version
 * (a dependency on a version the workspace does not hold would make npm fetch it from the registry).
 */
export function findWorkspacePackage(tree: Tree, packageName: string, why: string): PackageLocation {
  for (const project of getProjects(tree).values()) {
    const manifestPath = joinPathFragments(project.root, 'package.json');
    if (!tree.exists(manifestPath)) continue;
    const manifest = readJson<{ name?: string; version?: string }>(tree, manifestPath);
    if (manifest.name !== packageName) continue;
    if (typeof manifest.version !== 'string' || manifest.version.length === 0) {
      throw new Error(`${manifestPath}: ${packageName} has no "version"; the scaffold needs it for its dependency ranges.`);
    }
    return { root: project.root, version: manifest.version };
  }
  throw new Error(`stylizer generator: no project named ${packageName} in this workspace; ${why}.`);
}

export function findCore(tree: Tree): PackageLocation {
  return findWorkspacePackage(tree, CORE_PACKAGE_NAME, 'a stylizer plugin builds against it');
}

export function findTesting(tree: Tree): PackageLocation {
  return findWorkspacePackage(tree, TESTING_PACKAGE_NAME, "a stylizer plugin's tests run its conformance suite");
}
