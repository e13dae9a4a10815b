import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { KEBAB_CASE, singleQuotedLiteral, styleNames } from './names.js';
import { renderFolder } from './render.js';
import { isTemplateName, STYLIZER_API_VERSION, TEMPLATES, type TemplateName } from './templates.js';

/** What `create-geneava-stylizer NAME [--template T] [--dir DIR] [--scope S] [--description D]` asks for. */
export interface CreateStylizerOptions {
  /** Style name in kebab-case, e.g. "pop-art"; the package becomes geneava-stylizer-<name>. */
  readonly name: string;
  /** "filter" (default) or "onnx-face". */
  readonly template?: string;
  /** Folder to create; default ./geneava-stylizer-<name> under `cwd`. Must not exist or be empty. */
  readonly dir?: string;
  /** npm scope of the package name, e.g. "@my-org"; none by default. */
  readonly scope?: string;
  readonly description?: string;
  /** Folder relative paths are resolved against (default process.cwd()). */
  readonly cwd?: string;
  /** Where this package's templates/ folder is. */
  readonly templatesDir: string;
  /** Version ranges the package depends on (this package's own, so a scaffold matches its release). */
  readonly coreRange: string;
  readonly testingRange: string;
}

export interface CreatedStylizer {
  /** Absolute folder the package was written to. */
  readonly dir: string;
  readonly packageName: string;
  readonly template: TemplateName;
  /** Files written, relative to `dir`. */
  readonly files: readonly string[];
}

const NPM_SCOPE = /^@[a-z0-9][a-z0-9._~-]*$/;
const PACKAGE_PREFIX = 'geneava-stylizer-';

/** Writes a complete stylizer package (sources, tests, configs, README) into a new folder. */
export function createStylizer(options: CreateStylizerOptions): CreatedStylizer {
  const name = options.name.trim();
  if (!KEBAB_CASE.test(name)) {
    throw new Error(`create-geneava-stylizer: name "${name}" is not kebab-case; use lowercase letters, digits and single hyphens, starting with a letter (e.g. "pop-art").`);
  }
  if (name.startsWith('stylizer-') || name.startsWith(PACKAGE_PREFIX)) {
    throw new Error(`create-geneava-stylizer: give the style name alone (e.g. "${name.replace(/^(geneava-)?stylizer-/, '')}"); the package becomes ${PACKAGE_PREFIX}<name>.`);
  }
  const template = options.template ?? 'filter';
  if (!isTemplateName(template)) {
    throw new Error(`create-geneava-stylizer: unknown template "${template}"; choose one of ${TEMPLATES.join(', ')}.`);
  }
  const scope = options.scope?.trim();
  if (scope !== undefined && !NPM_SCOPE.test(scope)) {
    throw new Error(`create-geneava-stylizer: scope "${scope}" is not an npm scope; use "@" followed by lowercase letters, digits, ".", "_", "~" or "-" (e.g. "@my-org").`);
  }
  const description = (options.description ?? `The ${name} cartoon style as a GenEAva-TS stylizer plugin.`).trim();
  if (/[\r\n]/.test(description)) throw new Error('create-geneava-stylizer: the description must be a single line.');

  const packageFolder = `${PACKAGE_PREFIX}${name}`;
  const dir = resolve(options.cwd ?? process.cwd(), options.dir ?? packageFolder);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new Error(`create-geneava-stylizer: ${dir} already exists and is not empty; choose another --dir.`);
  }
  const packageName = scope === undefined ? packageFolder : `${scope}/${packageFolder}`;
  const variables = {
    ...styleNames(name),
    template,
    workspace: false,
    packageName,
    packageFolder,
    description,
    descriptionJson: JSON.stringify(description),
    descriptionTs: singleQuotedLiteral(description),
    apiVersion: STYLIZER_API_VERSION,
    coreRange: options.coreRange,
    testingRange: options.testingRange,
  };
  // Render everything before writing anything, so a template error leaves no half-written package.
  const files = [...renderFolder(join(options.templatesDir, template), variables), ...renderFolder(join(options.templatesDir, 'standalone'), variables)];
  for (const file of files) {
    const target = join(dir, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
  return { dir, packageName, template, files: files.map((file) => file.path).sort() };
}
