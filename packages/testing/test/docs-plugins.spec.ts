/**
 * docs/plugins.md, followed literally: its package.json block and its `// src/...` TypeScript blocks are
 * written into a fresh project, type-checked as a plugin author would build them (module nodenext,
 * strict), and the conformance test the docs give is run on the docs' own stylizer.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { API_VERSIONS } from '@geneava/core/contracts';
import { createRgbImage } from '@geneava/core/image';
import { parsePluginManifest, type StylizerPluginDefinition } from '@geneava/core/plugins';

const repoRoot = resolve(__dirname, '..', '..', '..');
const markdown = readFileSync(join(repoRoot, 'docs', 'plugins.md'), 'utf8');

/** Every fenced block of one language, in order. */
function blocks(language: string): string[] {
  const fence = new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g');
  return [...markdown.matchAll(fence)].map((match) => match[1] as string);
}

// The TypeScript blocks that name their file on the first line make up the example project.
const sources = blocks('ts')
  .map((code) => ({ path: /^\/\/ (src\/\S+\.ts)\n/.exec(code)?.[1], code }))
  .filter((block): block is { path: string; code: string } => block.path !== undefined);
const packageJson = JSON.parse(blocks('json')[0] as string) as { type?: string; geneava?: unknown };

// Inside the repository (tmp/ is ignored) so that @geneava/core and @geneava/testing resolve as they
// would from a project that installed them; removed when the file's tests end.
mkdirSync(join(repoRoot, 'tmp'), { recursive: true });
const project = mkdtempSync(join(repoRoot, 'tmp', 'docs-plugins-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));
writeFileSync(join(project, 'package.json'), JSON.stringify(packageJson, null, 2));
for (const { path, code } of sources) {
  mkdirSync(dirname(join(project, path)), { recursive: true });
  writeFileSync(join(project, path), code);
}

describe('docs/plugins.md', () => {
  it('holds a package.json, the stylizer, its plugin definition and its conformance test', () => {
    expect(packageJson.type).toBe('module');
    expect(parsePluginManifest('pop-art', packageJson.geneava)).toEqual({ kind: 'stylizer', apiVersion: API_VERSIONS.stylizer, entry: './plugin' });
    expect(sources.map((source) => source.path)).toEqual(['src/pop-art.ts', 'src/plugin.ts', 'src/pop-art.conformance.test.ts']);
  });

  it('compiles as written under module nodenext and strict', () => {
    const program = ts.createProgram(
      sources.map((source) => join(project, source.path)),
      {
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        target: ts.ScriptTarget.ES2022,
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        // Sibling packages are read from their sources, as everywhere in this repository.
        customConditions: ['@geneava/source'],
        experimentalDecorators: true,
      },
    );
    // Only the docs' files are checked (the packages they import are checked by their own builds).
    const own = program.getSourceFiles().filter((file) => file.fileName.startsWith(project));
    expect(own).toHaveLength(sources.length);
    const problems = [...program.getOptionsDiagnostics(), ...own.flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)])]
      .map((diagnostic) => ts.formatDiagnostic(diagnostic, { getCanonicalFileName: (name) => name, getCurrentDirectory: () => project, getNewLine: () => '\n' }));
    expect(problems).toEqual([]);
  });

  it('defines a plugin whose options default and whose create() builds the stylizer', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the docs' file, written above
    const plugin = (require(join(project, 'src', 'plugin.ts')) as { default: StylizerPluginDefinition<{ levels: number }> }).default;
    expect(plugin).toMatchObject({ kind: 'stylizer', name: 'pop-art', apiVersion: API_VERSIONS.stylizer });
    const options = plugin.optionsSchema!.parse({});
    expect(options).toEqual({ levels: 4 });
    expect(plugin.optionsSchema!.safeParse({ level: 4 }).success).toBe(false);
    const stylizer = await plugin.create({ options } as Parameters<typeof plugin.create>[0]);
    const result = await stylizer.stylize({ image: createRgbImage(4, 4, [100, 30, 250]) });
    expect([...result.image.data.slice(0, 3)]).toEqual([85, 0, 255]);
  });
});

// The docs' own conformance test, declared here so that it runs with this file.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the docs' file, written above
require(join(project, 'src', 'pop-art.conformance.test.ts'));
