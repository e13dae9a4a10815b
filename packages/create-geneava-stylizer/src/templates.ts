/** The two styles of scaffold: a weights-free filter, and a face stylizer backed by an ONNX model. */
export const TEMPLATES = ['filter', 'onnx-face'] as const;
export type TemplateName = (typeof TEMPLATES)[number];

/**
 * Contract version written into the scaffold's package.json "geneava" field. That field is static JSON,
 * so it cannot read API_VERSIONS at run time the way the scaffold's plugin.ts does; it states the
 * version the templates' code is written against and changes together with them.
 */
export const STYLIZER_API_VERSION = 1;

/**
 * The template folder (`templates/` at this package's root) holds <style>/ (sources, tests, README) for each
 * template plus standalone/ (a package of its own, built with plain tsc and tested with jest and vitest) and
 * workspace/ (a project of the GenEAva Nx workspace, used by `nx g @geneava/tools:stylizer`). Callers pass
 * its location: the bin script finds it next to itself, the Nx generator through this package's
 * package.json, so the library itself never guesses where it was installed.
 */
export const TEMPLATE_FOLDER = 'templates';

export function isTemplateName(value: string): value is TemplateName {
  return (TEMPLATES as readonly string[]).includes(value);
}
