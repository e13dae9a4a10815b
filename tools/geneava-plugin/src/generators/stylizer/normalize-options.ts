import { names, offsetFromRoot } from '@nx/devkit';
import { posix } from 'node:path';
import type { PackageLocation } from './find-core.js';
import type { StylizerGeneratorSchema } from './schema.js';

/** Everything the templates and the generator need, derived once from the user's options. */
export interface NormalizedStylizerOptions {
  /** Plugin name as given, kebab-case, e.g. "pop-art". */
  readonly name: string;
  /** "PopArt": prefix of the stylizer class and options type. */
  readonly className: string;
  /** "popArt": prefix of the options schema constant. */
  readonly propertyName: string;
  /** "pop-art": source file names. */
  readonly fileName: string;
  /** "@geneava/stylizer-pop-art". */
  readonly packageName: string;
  /** "packages/stylizer-pop-art", relative to the workspace root, forward slashes. */
  readonly projectRoot: string;
  readonly description: string;
  /** Which templates/<template>/ folder of create-geneava-stylizer supplies the style. */
  readonly template: 'filter' | 'onnx-face';
  /** From the package folder back to the workspace root, e.g. "../../" (always ends with "/"). */
  readonly offsetFromRoot: string;
  /** From the package folder to core's folder, e.g. "../core". */
  readonly coreFromProject: string;
  readonly coreVersion: string;
  /** From the package folder to @geneava/testing's folder, e.g. "../testing" (its conformance suite). */
  readonly testingFromProject: string;
  readonly testingVersion: string;
}

const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
// npm scope rules: lowercase, URL-safe, no leading dot or underscore.
const NPM_SCOPE = /^@[a-z0-9][a-z0-9._~-]*$/;
const PACKAGE_PREFIX = 'stylizer-';
// Folder names that need no quoting or escaping in the JSON, JavaScript and Markdown templates.
const SAFE_SEGMENT = /^[A-Za-z0-9._@-]+$/;

export function normalizeOptions(schema: StylizerGeneratorSchema, core: PackageLocation, testing: PackageLocation): NormalizedStylizerOptions {
  const name = schema.name?.trim() ?? '';
  if (!KEBAB_CASE.test(name)) {
    throw new Error(
      `stylizer generator: name "${name}" is not kebab-case; use lowercase letters, digits and single hyphens, starting with a letter (e.g. "pop-art").`,
    );
  }
  if (name.startsWith(PACKAGE_PREFIX)) {
    throw new Error(
      `stylizer generator: name "${name}" already starts with "${PACKAGE_PREFIX}"; give the style name alone (e.g. "${name.slice(PACKAGE_PREFIX.length)}"), the package becomes ${PACKAGE_PREFIX}<name>.`,
    );
  }
  const scope = (schema.scope ?? '@geneava').trim();
  if (!NPM_SCOPE.test(scope)) {
    throw new Error(`stylizer generator: scope "${scope}" is not an npm scope; use "@" followed by lowercase letters, digits, ".", "_", "~" or "-" (e.g. "@my-org").`);
  }
  const directory = normalizeDirectory(schema.directory ?? 'packages');
  const description = (schema.description ?? `The ${name} cartoon style as a GenEAva-TS stylizer plugin.`).trim();
  if (/[\r\n]/.test(description)) {
    throw new Error('stylizer generator: description must be a single line.');
  }

  const template = schema.template ?? 'filter';
  if (template !== 'filter' && template !== 'onnx-face') {
    throw new Error(`stylizer generator: unknown template "${String(template)}"; choose filter or onnx-face.`);
  }

  const packageFolder = `${PACKAGE_PREFIX}${name}`;
  const projectRoot = directory === '' ? packageFolder : `${directory}/${packageFolder}`;
  const { className, propertyName, fileName } = names(name);
  return {
    name,
    className,
    propertyName,
    fileName,
    packageName: `${scope}/${packageFolder}`,
    projectRoot,
    description,
    template,
    offsetFromRoot: offsetFromRoot(projectRoot),
    coreFromProject: posix.relative(projectRoot, core.root),
    coreVersion: core.version,
    testingFromProject: posix.relative(projectRoot, testing.root),
    testingVersion: testing.version,
  };
}

/** Workspace-relative folder with forward slashes and no leading "./" or trailing "/"; "" is the root. */
function normalizeDirectory(raw: string): string {
  const slashed = raw.trim().replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[a-zA-Z]:/.test(slashed)) {
    throw new Error(`stylizer generator: directory "${raw}" must be relative to the workspace root (e.g. "packages").`);
  }
  const normalized = posix.normalize(slashed === '' ? '.' : slashed).replace(/\/+$/, '');
  if (normalized === '..' || normalized.startsWith('../')) {
    throw new Error(`stylizer generator: directory "${raw}" points outside the workspace; give a folder inside it (e.g. "packages").`);
  }
  if (normalized !== '.' && !normalized.split('/').every((segment) => SAFE_SEGMENT.test(segment))) {
    throw new Error(`stylizer generator: directory "${raw}" may hold only letters, digits, ".", "_", "-" and "@" in its folder names, since it is written into config files.`);
  }
  return normalized === '.' ? '' : normalized;
}
