import { readJson, workspaceRoot, writeJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { FsTree, flushChanges } from 'nx/src/generators/tree';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stylizerGenerator } from './generator.js';

const run = promisify(execFile);

/** A workspace holding only what the generator reads: the workspaces globs and core's and testing's manifests. */
function workspaceWithCore(coreVersion = '0.1.0', testingVersion = '0.1.0'): Tree {
  const tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
  writeJson(tree, 'package.json', { name: '@geneava/source', private: true, workspaces: ['packages/*'] });
  writeJson(tree, 'packages/core/package.json', { name: '@geneava/core', version: coreVersion });
  writeJson(tree, 'packages/testing/package.json', { name: '@geneava/testing', version: testingVersion });
  return tree;
}

/** Paths of every file below `dir`, relative to it. */
function filesUnder(tree: Tree, dir: string, prefix = ''): string[] {
  return tree.children(dir).flatMap((child) => {
    const path = `${dir}/${child}`;
    return tree.isFile(path) ? [`${prefix}${child}`] : filesUnder(tree, path, `${prefix}${child}/`);
  });
}

function read(tree: Tree, path: string): string {
  const text = tree.read(path, 'utf-8');
  if (text === null) throw new Error(`${path} was not generated`);
  return text;
}

describe('stylizer generator (virtual tree)', () => {
  it('creates the package files with the style name in the source file names', async () => {
    const tree = workspaceWithCore();
    await stylizerGenerator(tree, { name: 'pop-art' });
    expect(filesUnder(tree, 'packages/stylizer-pop-art').sort()).toEqual([
      'README.md',
      'eslint.config.mjs',
      'jest.config.cjs',
      'package.json',
      'src/index.ts',
      'src/plugin.ts',
      'src/pop-art.conformance.spec.ts',
      'src/pop-art.stylizer.spec.ts',
      'src/pop-art.stylizer.ts',
      'tsconfig.json',
      'tsconfig.lib.json',
      'tsconfig.spec.json',
    ]);
  });

  it('takes the onnx-face template from create-geneava-stylizer, with the workspace project files', async () => {
    const tree = workspaceWithCore();
    await stylizerGenerator(tree, { name: 'sketch', template: 'onnx-face' });
    const root = 'packages/stylizer-sketch';
    expect(filesUnder(tree, `${root}/src`).sort()).toEqual([
      'index.ts',
      'plugin.ts',
      'sketch.conformance.spec.ts',
      'sketch.contract.ts',
      'sketch.model-kind.ts',
      'sketch.stylizer.spec.ts',
      'sketch.stylizer.ts',
      'test-support/fixture-model.ts',
    ]);
    expect(readJson(tree, `${root}/tsconfig.lib.json`).exclude).toContain('src/test-support/**');
    expect(read(tree, `${root}/jest.config.cjs`)).toContain("preset: '../../jest.preset.cjs'");
    expect(read(tree, `${root}/README.md`)).toContain(`npx jest -c ${root}/jest.config.cjs`);
  });

  it('rejects an unknown template', async () => {
    await expect(stylizerGenerator(workspaceWithCore(), { name: 'ink', template: 'gan' as 'filter' })).rejects.toThrow('unknown template "gan"');
  });

  it('writes a plugin package.json: name, module type, exports with the source condition, manifest, core ranges, layer tag', async () => {
    const tree = workspaceWithCore();
    await stylizerGenerator(tree, { name: 'pop-art', description: 'Flat colours, thick edges.' });
    const manifest = readJson(tree, 'packages/stylizer-pop-art/package.json');
    expect(manifest).toMatchObject({
      name: '@geneava/stylizer-pop-art',
      version: '0.1.0',
      description: 'Flat colours, thick edges.',
      type: 'module',
      main: './dist/index.js',
      types: './dist/index.d.ts',
      files: ['dist', '!**/*.tsbuildinfo', 'README.md'],
      geneava: { kind: 'stylizer', apiVersion: 1, entry: './plugin' },
      peerDependencies: { '@geneava/core': '^0.1.0' },
      devDependencies: { '@geneava/core': '0.1.0', '@geneava/testing': '0.1.0' },
      keywords: ['geneava', 'geneava-plugin', 'geneava-stylizer'],
      // The layer tag the workspace's module-boundaries lint rule requires of every plugin.
      nx: { tags: ['type:plugin'] },
    });
    expect(manifest.exports).toEqual({
      './package.json': './package.json',
      '.': {
        '@geneava/source': './src/index.ts',
        types: './dist/index.d.ts',
        import: './dist/index.js',
        default: './dist/index.js',
      },
      './plugin': {
        '@geneava/source': './src/plugin.ts',
        types: './dist/plugin.d.ts',
        import: './dist/plugin.js',
        default: './dist/plugin.js',
      },
    });
  });

  it('takes the core and testing versions and locations from the workspace, and the scope from --scope', async () => {
    const tree = workspaceWithCore('0.3.2', '0.4.0');
    await stylizerGenerator(tree, { name: 'ink', scope: '@my-org' });
    const manifest = readJson(tree, 'packages/stylizer-ink/package.json');
    expect(manifest.name).toBe('@my-org/stylizer-ink');
    expect(manifest.peerDependencies).toEqual({ '@geneava/core': '^0.3.2' });
    expect(manifest.devDependencies).toEqual({ '@geneava/core': '0.3.2', '@geneava/testing': '0.4.0' });
  });

  it('points every config at the workspace root two levels up under packages/', async () => {
    const tree = workspaceWithCore();
    await stylizerGenerator(tree, { name: 'pop-art' });
    const root = 'packages/stylizer-pop-art';
    const lib = readJson(tree, `${root}/tsconfig.lib.json`);
    const spec = readJson(tree, `${root}/tsconfig.spec.json`);
    expect(readJson(tree, `${root}/tsconfig.json`).extends).toBe('../../tsconfig.base.json');
    expect(lib.extends).toBe('../../tsconfig.base.json');
    expect(lib.references).toEqual([{ path: '../core/tsconfig.lib.json' }]);
    expect(spec.references).toEqual([{ path: './tsconfig.lib.json' }, { path: '../core/tsconfig.lib.json' }, { path: '../testing/tsconfig.lib.json' }]);
    const jestConfig = read(tree, `${root}/jest.config.cjs`);
    expect(jestConfig).toContain("preset: '../../jest.preset.cjs'");
    expect(jestConfig).toContain("coverageDirectory: '../../coverage/packages/stylizer-pop-art'");
    expect(read(tree, `${root}/eslint.config.mjs`)).toContain("from '../../eslint.config.mjs'");
  });

  it('computes the relative paths from the depth of --directory', async () => {
    const tree = workspaceWithCore();
    await stylizerGenerator(tree, { name: 'pop-art', directory: './nested/deeper/' });
    const root = 'nested/deeper/stylizer-pop-art';
    const lib = readJson(tree, `${root}/tsconfig.lib.json`);
    expect(lib.extends).toBe('../../../tsconfig.base.json');
    expect(lib.references).toEqual([{ path: '../../../packages/core/tsconfig.lib.json' }]);
    const spec = readJson(tree, `${root}/tsconfig.spec.json`);
    expect(spec.extends).toBe('../../../tsconfig.base.json');
    expect(spec.references).toContainEqual({ path: '../../../packages/testing/tsconfig.lib.json' });
    expect(readJson(tree, `${root}/tsconfig.json`).extends).toBe('../../../tsconfig.base.json');
    expect(read(tree, `${root}/jest.config.cjs`)).toContain("preset: '../../../jest.preset.cjs'");
    expect(read(tree, `${root}/eslint.config.mjs`)).toContain("from '../../../eslint.config.mjs'");
  });

  it('places the package at the workspace root for --directory .', async () => {
    const tree = workspaceWithCore();
    await stylizerGenerator(tree, { name: 'ink', directory: '.' });
    const lib = readJson(tree, 'stylizer-ink/tsconfig.lib.json');
    expect(lib.extends).toBe('../tsconfig.base.json');
    expect(lib.references).toEqual([{ path: '../packages/core/tsconfig.lib.json' }]);
    expect(read(tree, 'stylizer-ink/jest.config.cjs')).toContain("preset: '../jest.preset.cjs'");
  });

  it('writes a plugin definition that names the style; code imports only @geneava/core, specs also @geneava/testing', async () => {
    const tree = workspaceWithCore();
    await stylizerGenerator(tree, { name: 'pop-art' });
    const plugin = read(tree, 'packages/stylizer-pop-art/src/plugin.ts');
    expect(plugin).toContain('export default defineStylizerPlugin({');
    expect(plugin).toContain('apiVersion: API_VERSIONS.stylizer,');
    expect(plugin).toContain("name: 'pop-art',");
    expect(plugin).toContain("version: '0.1.0',");
    expect(plugin).toContain('optionsSchema: popArtOptionsSchema,');
    expect(plugin).toContain('create: (ctx) => new PopArtStylizer(ctx.options),');
    const files = ['src/plugin.ts', 'src/index.ts', 'src/pop-art.stylizer.ts', 'src/pop-art.stylizer.spec.ts', 'src/pop-art.conformance.spec.ts'];
    for (const file of files) {
      const source = read(tree, `packages/stylizer-pop-art/${file}`);
      const specifiers = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
      expect(specifiers.length).toBeGreaterThan(0);
      const packages = file.endsWith('.spec.ts') ? ['@geneava/core', '@geneava/testing'] : ['@geneava/core'];
      // Core's names come from its subpath exports (@geneava/core/contracts, /plugins, ...).
      const packageOf = (specifier: string) => (specifier.startsWith('@geneava/core/') ? '@geneava/core' : specifier);
      for (const specifier of specifiers) {
        expect(packages.includes(packageOf(specifier)) || /^\.\/.+\.js$/.test(specifier) ? 'allowed' : `${file}: ${specifier}`).toBe('allowed');
      }
      // The workspace's lint refuses any other name from core's root (eslint.config.mjs, no-restricted-imports).
      for (const [, names] of source.matchAll(/import (?:type )?\{([^}]*)\} from '@geneava\/core';/g)) expect([file, names.trim()]).toEqual([file, 'z']);
    }
    expect(read(tree, 'packages/stylizer-pop-art/src/pop-art.conformance.spec.ts')).toContain(
      "describeStylizerConformance('pop-art', () => new PopArtStylizer({ levels: 4 }));",
    );
  });

  it('escapes a description with quotes in TypeScript and JSON and keeps it verbatim in the README', async () => {
    const tree = workspaceWithCore();
    await stylizerGenerator(tree, { name: 'pop-art', description: `Warhol's "pop" \\ art` });
    expect(readJson(tree, 'packages/stylizer-pop-art/package.json').description).toBe(`Warhol's "pop" \\ art`);
    expect(read(tree, 'packages/stylizer-pop-art/src/plugin.ts')).toContain(`description: 'Warhol\\'s "pop" \\\\ art',`);
    expect(read(tree, 'packages/stylizer-pop-art/README.md')).toContain(`\nWarhol's "pop" \\ art\n`);
  });

  it('adds the package to the root tsconfig references once, keeping the others', async () => {
    const tree = workspaceWithCore();
    writeJson(tree, 'tsconfig.json', { files: [], references: [{ path: './packages/core' }] });
    await stylizerGenerator(tree, { name: 'pop-art' });
    await stylizerGenerator(tree, { name: 'ink', directory: 'nested' });
    expect(readJson(tree, 'tsconfig.json')).toEqual({
      files: [],
      references: [{ path: './packages/core' }, { path: './packages/stylizer-pop-art' }, { path: './nested/stylizer-ink' }],
    });
  });

  it('leaves a workspace without a root tsconfig.json without one', async () => {
    const tree = workspaceWithCore();
    await stylizerGenerator(tree, { name: 'pop-art' });
    expect(tree.exists('tsconfig.json')).toBe(false);
  });

  it.each(['PopArt', 'pop_art', 'pop--art', '-pop', 'pop-', '3d-toon', 'pop art', ''])('rejects the name "%s"', async (name) => {
    const tree = workspaceWithCore();
    await expect(stylizerGenerator(tree, { name })).rejects.toThrow(`name "${name}" is not kebab-case`);
    expect(tree.listChanges().filter((change) => change.path.startsWith('packages/stylizer'))).toEqual([]);
  });

  it('rejects a name that repeats the stylizer- prefix', async () => {
    await expect(stylizerGenerator(workspaceWithCore(), { name: 'stylizer-ink' })).rejects.toThrow(
      'give the style name alone (e.g. "ink")',
    );
  });

  it.each(['geneava', '@Geneava', '@', '@my org'])('rejects the scope "%s"', async (scope) => {
    await expect(stylizerGenerator(workspaceWithCore(), { name: 'ink', scope })).rejects.toThrow(`scope "${scope}" is not an npm scope`);
  });

  it('rejects a directory outside the workspace, absolute, or with characters the configs would need to escape', async () => {
    await expect(stylizerGenerator(workspaceWithCore(), { name: 'ink', directory: '../elsewhere' })).rejects.toThrow('points outside the workspace');
    await expect(stylizerGenerator(workspaceWithCore(), { name: 'ink', directory: '/abs/packages' })).rejects.toThrow('must be relative');
    await expect(stylizerGenerator(workspaceWithCore(), { name: 'ink', directory: "it's here" })).rejects.toThrow('may hold only letters');
  });

  it('refuses to overwrite an existing package folder', async () => {
    const tree = workspaceWithCore();
    tree.write('packages/stylizer-ink/README.md', 'mine');
    await expect(stylizerGenerator(tree, { name: 'ink' })).rejects.toThrow('packages/stylizer-ink already exists');
    expect(read(tree, 'packages/stylizer-ink/README.md')).toBe('mine');
  });

  it('fails clearly when the workspace has no @geneava/core or no @geneava/testing', async () => {
    const tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
    await expect(stylizerGenerator(tree, { name: 'ink' })).rejects.toThrow('no project named @geneava/core');
    writeJson(tree, 'package.json', { name: '@geneava/source', private: true, workspaces: ['packages/*'] });
    writeJson(tree, 'packages/core/package.json', { name: '@geneava/core', version: '0.1.0' });
    await expect(stylizerGenerator(tree, { name: 'ink' })).rejects.toThrow('no project named @geneava/testing');
  });
});

// Generates a package into this workspace's git-ignored tmp/ folder, then builds and tests it with the
// workspace's own tsc and jest, the way a style author would right after running the generator.
describe('stylizer generator (end to end)', () => {
  const parent = `tmp/scaffold-e2e-${randomBytes(4).toString('hex')}`;
  const projectRoot = `${parent}/stylizer-e2e-style`;
  const absoluteRoot = join(workspaceRoot, projectRoot);

  afterAll(() => rmSync(join(workspaceRoot, parent), { recursive: true, force: true }));

  it('scaffolds a package that builds and whose tests pass', async () => {
    const tree = new FsTree(workspaceRoot, false);
    await stylizerGenerator(tree, { name: 'e2e-style', directory: parent });
    const changes = tree.listChanges();
    // The root tsconfig update is the generator's job (checked above) but must not touch the real workspace.
    expect(changes.map((change) => change.path)).toContain('tsconfig.json');
    flushChanges(
      workspaceRoot,
      changes.filter((change) => change.path.startsWith(`${projectRoot}/`)),
    );

    const tsc = require.resolve('typescript/bin/tsc');
    await run(process.execPath, [tsc, '-b', `${projectRoot}/tsconfig.lib.json`, `${projectRoot}/tsconfig.spec.json`, '--pretty', 'false'], {
      cwd: workspaceRoot,
    }).catch((error: { stdout?: string; message: string }) => {
      throw new Error(`tsc -b failed for the scaffold: ${error.stdout || error.message}`);
    });
    expect(existsSync(join(absoluteRoot, 'dist/plugin.js'))).toBe(true);
    expect(existsSync(join(absoluteRoot, 'dist/index.d.ts'))).toBe(true);

    const jest = require.resolve('jest/bin/jest');
    const { stdout } = await run(process.execPath, [jest, '-c', `${projectRoot}/jest.config.cjs`, '--ci', '--json'], {
      cwd: workspaceRoot,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`jest failed for the scaffold: ${error.stderr || error.message}`);
    });
    const report = JSON.parse(stdout) as { success: boolean; numTotalTests: number; numPassedTests: number; numFailedTests: number };
    expect(report.success).toBe(true);
    expect(report.numFailedTests).toBe(0);
    // 11 tests of its own plus the 12 of the conformance suite.
    expect(report.numTotalTests).toBeGreaterThanOrEqual(23);
    expect(report.numPassedTests).toBe(report.numTotalTests);
  }, 180_000);
});
