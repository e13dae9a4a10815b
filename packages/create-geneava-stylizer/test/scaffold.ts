import { mkdirSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { createStylizer, type CreatedStylizer } from '../src/index.js';

export const repoRoot = resolve(__dirname, '..', '..', '..');
export const templatesDir = resolve(__dirname, '..', 'templates');

/**
 * A package generated into the repository's git-ignored tmp/ folder, so that @geneava/core and
 * @geneava/testing resolve from it as they would from a project that installed them. The caller removes
 * `parent` when done.
 */
export function scaffold(name: string, template: string): { parent: string; created: CreatedStylizer } {
  mkdirSync(join(repoRoot, 'tmp'), { recursive: true });
  const parent = mkdtempSync(join(repoRoot, 'tmp', 'create-stylizer-'));
  const created = createStylizer({ name, template, cwd: parent, templatesDir, coreRange: '^0.1.0', testingRange: '^0.1.0' });
  return { parent, created };
}

/**
 * Type-checks the generated sources and tests as the package's own tsconfig does (module nodenext,
 * strict), against the workspace's @geneava/core and @geneava/testing sources. Returns the diagnostics.
 */
export function typecheck(dir: string): string[] {
  const configPath = join(dir, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(configPath, { noEmit: true, customConditions: ['@geneava/source'], experimentalDecorators: true }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (config === undefined) throw new Error(`${configPath}: not readable`);
  expectNodeNextStrict(config.options);
  const program = ts.createProgram(config.fileNames, config.options);
  const own = program.getSourceFiles().filter((file) => file.fileName.startsWith(dir));
  return [...program.getOptionsDiagnostics(), ...own.flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)])].map((diagnostic) =>
    ts.formatDiagnostic(diagnostic, { getCanonicalFileName: (name) => name, getCurrentDirectory: () => dir, getNewLine: () => '\n' }),
  );
}

function expectNodeNextStrict(options: ts.CompilerOptions): void {
  if (options.module !== ts.ModuleKind.NodeNext || options.strict !== true) {
    throw new Error('the generated tsconfig.json must use module nodenext and strict');
  }
}
