/*
 * The workspace's layers (docs/architecture.md) are enforced by @nx/enforce-module-boundaries in the
 * root eslint.config.mjs, on the tags in each package.json. These tests fail if a package loses its
 * layer tag, if the rule stops refusing an import that goes up or across the layers, or if the
 * architecture page stops matching the packages and their layers.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';
import { lintProbes } from './lint-probes.js';

const LAYER_TAGS = ['type:core', 'type:models', 'type:analysis', 'type:plugin', 'type:app', 'type:cli', 'type:testing', 'type:tool'];

interface PackageJson {
  name: string;
  nx?: { tags?: string[] };
}

function workspacePackages(): { dir: string; manifest: PackageJson }[] {
  const root = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8')) as { workspaces: string[] };
  return root.workspaces.flatMap((pattern) => {
    const parent = pattern.replace(/\/\*$/, '');
    return readdirSync(join(workspaceRoot, parent))
      .map((name) => join(parent, name))
      .filter((dir) => existsSync(join(workspaceRoot, dir, 'package.json')))
      .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(workspaceRoot, dir, 'package.json'), 'utf8')) as PackageJson }));
  });
}

describe('layer tags', () => {
  it.each(workspacePackages().map(({ dir, manifest }) => [manifest.name, dir, manifest.nx?.tags ?? []] as const))(
    '%s (%s) has exactly one layer tag',
    (_name, _dir, tags) => {
      expect(tags.filter((tag) => LAYER_TAGS.includes(tag))).toHaveLength(1);
    },
  );
});

describe('@nx/enforce-module-boundaries', () => {
  /*
   * [file the import is written in, imported package, what the rule says]: 'allowed', 'layer' (the tags
   * refuse it) or 'cycle' (the import would close a dependency cycle, which the rule reports first; every
   * package depends on core, so nothing can go back up from it).
   */
  const cases: readonly (readonly [string, string, 'allowed' | 'layer' | 'cycle'])[] = [
    ['packages/core/src/probe.ts', '@geneava/testing', 'cycle'],
    ['packages/core/src/probe.spec.ts', '@geneava/testing', 'cycle'],
    ['packages/testing/src/probe.ts', '@geneava/core', 'allowed'],
    ['packages/testing/src/probe.ts', '@geneava/study', 'layer'],
    ['packages/stylizer-classic/src/probe.ts', '@geneava/core', 'allowed'],
    ['packages/stylizer-classic/src/probe.ts', '@geneava/testing', 'layer'],
    ['packages/stylizer-classic/src/probe.spec.ts', '@geneava/testing', 'allowed'],
    ['packages/stylizer-classic/src/test-support/probe.ts', '@geneava/testing', 'allowed'],
    ['packages/stylizer-classic/src/probe.ts', '@geneava/generator-sdxl', 'layer'],
    // The application depends on the default stylizer and the evaluator, so those importing it is a cycle first.
    ['packages/stylizer-classic/src/probe.spec.ts', '@geneava/pipeline', 'cycle'],
    ['packages/stylizer-dctnet/src/probe.spec.ts', '@geneava/pipeline', 'layer'],
    ['packages/evaluator/src/probe.spec.ts', '@geneava/stylizer-classic', 'allowed'],
    ['packages/evaluator/src/probe.ts', '@geneava/stylizer-classic', 'layer'],
    ['packages/evaluator/src/probe.ts', '@geneava/face-models', 'allowed'],
    ['packages/evaluator/src/probe.ts', '@geneava/face-analysis', 'allowed'],
    ['packages/face-analysis/src/probe.ts', '@geneava/face-models', 'allowed'],
    ['packages/face-analysis/src/probe.ts', '@geneava/evaluator', 'cycle'],
    ['packages/face-analysis/src/probe.ts', '@geneava/stylizer-classic', 'layer'],
    ['packages/face-analysis/src/probe.ts', '@geneava/testing', 'layer'],
    ['packages/face-analysis/src/probe.spec.ts', '@geneava/testing', 'allowed'],
    ['packages/face-models/src/probe.ts', '@geneava/face-analysis', 'cycle'],
    ['packages/pipeline/src/probe.ts', '@geneava/face-analysis', 'allowed'],
    ['packages/evaluator/src/probe.ts', '@geneava/pipeline', 'cycle'],
    ['packages/face-models/src/probe.ts', '@geneava/tfjs-to-onnx', 'allowed'],
    ['packages/stylizer-onnx/src/probe.ts', '@geneava/tfjs-to-onnx', 'layer'],
    ['packages/pipeline/src/probe.ts', '@geneava/evaluator', 'allowed'],
    ['packages/study/src/probe.ts', '@geneava/pipeline', 'layer'],
    ['packages/pipeline/src/probe.ts', '@geneava/cli', 'cycle'],
    ['packages/cli/src/probe.ts', '@geneava/pipeline', 'allowed'],
    ['packages/cli/src/probe.ts', '@geneava/testing', 'layer'],
    ['tools/tfjs-to-onnx/src/probe.ts', '@geneava/stylizer-classic', 'layer'],
  ];

  let messages: string[][];
  beforeAll(async () => {
    messages = await lintProbes(cases.map(([file, target]) => ({ file, code: `import * as probe from '${target}';\nexport { probe };\n` })));
  }, 170_000);

  const expected = {
    layer: /can only depend on libs tagged with/,
    cycle: /Circular dependency between/,
  };

  it.each(cases.map((c, index) => [...c, index] as const))('%s importing %s: %s', (_file, _target, verdict, index) => {
    if (verdict === 'allowed') expect(messages[index]).toEqual([]);
    else expect(messages[index].join('\n')).toMatch(expected[verdict]);
  });
});

describe('docs/architecture.md', () => {
  const page = readFileSync(join(workspaceRoot, 'docs/architecture.md'), 'utf8');
  const rows = page
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|').map((cell) => cell.trim()));

  it.each(workspacePackages().map(({ dir, manifest }) => [dir, manifest.nx?.tags ?? []] as const))('lists %s under its layer', (dir, tags) => {
    const folder = dir.split('/').pop() as string;
    const row = rows.find((cells) => cells[1].includes(`\`${dir}\``) || cells[1].includes(`\`${folder}\``));
    expect(row).toBeDefined();
    const layer = tags.find((tag) => LAYER_TAGS.includes(tag))?.replace('type:', '');
    expect(row?.[2].split(',')[0]).toBe(layer);
  });

  it("names every one of core's subpath exports", () => {
    const core = JSON.parse(readFileSync(join(workspaceRoot, 'packages/core/package.json'), 'utf8')) as { exports: Record<string, unknown> };
    const section = page.slice(page.indexOf("### Core's public API"), page.indexOf('### Dependency injection'));
    for (const key of Object.keys(core.exports).filter((k) => k.startsWith('./') && k !== './package.json')) {
      expect([key, section.includes(`/${key.slice(2)}\``)]).toEqual([key, true]);
    }
  });

  it('is linked from the README', () => {
    expect(readFileSync(join(workspaceRoot, 'README.md'), 'utf8')).toContain('(docs/architecture.md)');
  });
});
