import type { NormalizedStylizerOptions } from './normalize-options.js';

/**
 * Contract version written into the scaffold's package.json "geneava" field. That field is static JSON,
 * so it cannot read API_VERSIONS at run time the way the scaffold's plugin.ts does; it states the
 * version the templates' code is written against and changes together with them.
 */
export const STYLIZER_API_VERSION = 1;

/** Substitutions for files/: every option plus the forms of the description each file type needs. */
export function templateVariables(options: NormalizedStylizerOptions): Record<string, unknown> {
  return {
    ...options,
    apiVersion: STYLIZER_API_VERSION,
    // The templates' README and configs branch on this: inside the Nx workspace, or a package of its own.
    workspace: true,
    descriptionJson: JSON.stringify(options.description),
    descriptionTs: singleQuotedLiteral(options.description),
  };
}

/** A TypeScript string literal in the workspace's single-quote style. */
export function singleQuotedLiteral(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
