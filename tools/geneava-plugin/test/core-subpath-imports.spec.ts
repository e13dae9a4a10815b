/*
 * The root eslint.config.mjs refuses importing from the root of @geneava/core a name that one of its
 * subpath exports holds (no-restricted-imports with the root-only names allowed). These tests fail if
 * that rule is removed or loosened, and if core gains a root-only name the rule does not allow (or a
 * subpath starts exporting one it allows): the names come from core's own entry points.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import ts from 'typescript';
import { lintProbes } from './lint-probes.js';

const CORE = join(workspaceRoot, 'packages/core');
const RULE = 'no-restricted-imports';

/** The names (values and types) that core's root and each of its subpaths export, read from their TypeScript source. */
function coreExports(): { root: string[]; subpaths: Map<string, string[]> } {
  const manifest = JSON.parse(readFileSync(join(CORE, 'package.json'), 'utf8')) as { exports: Record<string, Record<string, string>> };
  const entries = Object.entries(manifest.exports)
    .filter(([key]) => key.startsWith('./') && key !== './package.json')
    .map(([key, conditions]) => [key.slice(2), join(CORE, conditions['@geneava/source'])] as const);
  const rootFile = join(CORE, 'src/index.ts');
  const program = ts.createProgram([rootFile, ...entries.map(([, file]) => file)], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    experimentalDecorators: true,
    customConditions: ['@geneava/source'],
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const exportsOf = (file: string): string[] => {
    const source = program.getSourceFile(file);
    const symbol = source && checker.getSymbolAtLocation(source);
    if (!symbol) throw new Error(`${file}: not a module the TypeScript program could read`);
    return checker.getExportsOfModule(symbol).map((s) => s.getName());
  };
  return { root: exportsOf(rootFile), subpaths: new Map(entries.map(([name, file]) => [name, exportsOf(file)])) };
}

describe('imports from the root of @geneava/core', () => {
  const { root, subpaths } = coreExports();
  const inSubpaths = new Set([...subpaths.values()].flat());
  const subpathNames = root.filter((name) => inSubpaths.has(name));
  const rootOnly = root.filter((name) => !inSubpaths.has(name));
  const [firstSubpath, firstNames] = [...subpaths][0];

  const where = [
    'packages/pipeline/src/probe.ts',
    'packages/cli/src/probe.spec.ts',
    'packages/stylizer-classic/src/probe.ts',
    'packages/face-analysis/bench/probe.mjs',
    'tools/tfjs-to-onnx/src/probe.ts',
  ];
  /** [what the probe imports, file it is written in, code, how many of its names the rule refuses] */
  const probes: readonly (readonly [string, string, string, number])[] = [
    ...where.flatMap((file) => [
      ['every subpath name, from the root', file, `import { ${subpathNames.join(', ')} } from '@geneava/core';\n`, subpathNames.length] as const,
      ['the root-only names, from the root', file, `import { ${rootOnly.join(', ')} } from '@geneava/core';\n`, 0] as const,
      [`the names of /${firstSubpath}, from that subpath`, file, `import { ${firstNames.join(', ')} } from '@geneava/core/${firstSubpath}';\n`, 0] as const,
    ]),
    ['a type-only import', 'packages/evaluator/src/probe.ts', "import type { Stylizer } from '@geneava/core';\n", 1],
    ['a root-only name beside a subpath type', 'packages/evaluator/src/probe.ts', "import { z, type RgbImage } from '@geneava/core';\n", 1],
    ['a namespace import', 'packages/evaluator/src/probe.ts', "import * as core from '@geneava/core';\nexport { core };\n", 1],
    ['a re-export', 'packages/evaluator/src/probe.ts', "export { decodeImage } from '@geneava/core';\n", 1],
  ];

  let messages: string[][];
  beforeAll(async () => {
    messages = await lintProbes(probes.map(([, file, code]) => ({ file, code, rule: RULE })));
  }, 170_000);

  it('core has names only at its root, few of them, and everything else in subpaths', () => {
    expect(rootOnly.length).toBeGreaterThan(0);
    expect(rootOnly.length).toBeLessThan(10);
    expect(subpathNames.length).toBeGreaterThan(100);
  });

  it.each(probes.map(([what, file, , refused], index) => [what, file, refused, index] as const))('%s in %s: %i refused', (_what, _file, refused, index) => {
    expect(messages[index]).toHaveLength(refused);
    for (const message of messages[index]) expect(message).toMatch(/@geneava\/core subpath that exports it/);
  });
});
