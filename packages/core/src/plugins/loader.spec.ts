import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { discoverPlugins } from './discovery.js';
import { PluginLoadError, UnsupportedPluginApiVersionError } from './errors.js';
import { loadPlugin, loadPlugins } from './loader.js';

const stylizerSource = (name: string, extra = '') => `
export default {
  $$type: 'geneava/plugin', kind: 'stylizer', apiVersion: 1, name: '${name}',
  create() {
    return { apiVersion: 1, info: { id: '${name}', style: 'test', version: '1.0.0', needsWeights: false, geometryPreserving: true },
      async stylize(input) { return { image: input.image, outcome: 'whole-image', facesStylized: 0 }; } };
  },
  ${extra}
};
`;

interface FixturePlugin {
  name: string;
  geneava?: unknown;
  source?: string;
  exportsField?: unknown;
}

/**
 * Jest leaves files under node_modules untransformed, so installed fixture plugins are CommonJS
 * (Node's import() reads both; the loader unwraps the CommonJS default).
 */
function installed(plugin: FixturePlugin): FixturePlugin & { commonjs: true } {
  return { ...plugin, commonjs: true };
}

async function writePlugin(dir: string, plugin: FixturePlugin & { commonjs?: boolean }): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({
      name: plugin.name,
      version: '1.2.3',
      type: plugin.commonjs ? 'commonjs' : 'module',
      exports: plugin.exportsField ?? { '.': './plugin.js', './plugin': './plugin.js' },
      ...(plugin.geneava === undefined ? {} : { geneava: plugin.geneava }),
      peerDependencies: { '@geneava/core': '^0.1.0' },
    }),
  );
  const source = plugin.source ?? stylizerSource(plugin.name);
  await writeFile(join(dir, 'plugin.js'), plugin.commonjs ? source.replace('export default', 'module.exports =') : source);
  return dir;
}

const manifest = { kind: 'stylizer', apiVersion: 1, entry: './plugin' };

describe('loadPlugin', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'geneava-plugins-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('loads a plugin given by path and names it after its definition', async () => {
    await writePlugin(join(root, 'my-style'), { name: 'geneava-stylizer-my-style', geneava: manifest });
    const loaded = await loadPlugin({ package: './my-style' }, { projectRoot: root });
    expect(loaded.name).toBe('geneava-stylizer-my-style');
    expect(loaded.definition.kind).toBe('stylizer');
    expect(loaded.pkg.version).toBe('1.2.3');
    expect(loaded.pkg.peerCoreRange).toBe('^0.1.0');
  });

  it('rejects a wrong apiVersion from package.json before running any plugin code', async () => {
    await writePlugin(join(root, 'future'), {
      name: 'geneava-stylizer-future',
      geneava: { ...manifest, apiVersion: 2 },
      source: 'throw new Error("plugin code must not run");',
    });
    const error = await loadPlugin({ package: './future' }, { projectRoot: root }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedPluginApiVersionError);
    expect((error as Error).message).toBe(
      'plugin geneava-stylizer-future: declares stylizer apiVersion 2, but @geneava/core 0.1.0 supports stylizer apiVersion 1; install a release of the plugin built for apiVersion 1, or a core that supports 2',
    );
  });

  it('rejects a definition whose apiVersion differs from what core supports', async () => {
    await writePlugin(join(root, 'p'), { name: 'p', geneava: manifest, source: stylizerSource('p').replace('apiVersion: 1, name', 'apiVersion: 3, name') });
    await expect(loadPlugin({ package: './p' }, { projectRoot: root })).rejects.toThrow(/declares stylizer apiVersion 3/);
  });

  it('rejects a kind that differs between package.json and the export', async () => {
    await writePlugin(join(root, 'p'), { name: 'p', geneava: { ...manifest, kind: 'generator' } });
    await expect(loadPlugin({ package: './p' }, { projectRoot: root })).rejects.toThrow(
      'plugin p: package.json declares kind "generator" but the entry exports a stylizer plugin',
    );
  });

  it('rejects an entry that does not export a defined plugin', async () => {
    await writePlugin(join(root, 'p'), { name: 'p', geneava: manifest, source: 'export default { name: "x" };' });
    await expect(loadPlugin({ package: './p' }, { projectRoot: root })).rejects.toThrow(
      'plugin p: entry "./plugin" does not default-export a plugin made with defineStylizerPlugin()',
    );
  });

  it('explains a missing or malformed "geneava" field', async () => {
    await writePlugin(join(root, 'none'), { name: 'none' });
    await expect(loadPlugin({ package: './none' }, { projectRoot: root })).rejects.toThrow(/has no "geneava" field/);
    await writePlugin(join(root, 'bad'), { name: 'bad', geneava: { kind: 'painter', apiVersion: 1, extra: true } });
    await expect(loadPlugin({ package: './bad' }, { projectRoot: root })).rejects.toThrow(
      /plugin bad: invalid "geneava" field in package.json: .*geneava\.kind.*unknown key\(s\) geneava\.extra/,
    );
  });

  it('says how to install a plugin that is not there', async () => {
    await expect(loadPlugin({ package: 'geneava-stylizer-nowhere' }, { projectRoot: root })).rejects.toThrow(
      /plugin geneava-stylizer-nowhere: package is not installed .*npm install geneava-stylizer-nowhere/,
    );
  });

  it('keeps loading the others when one plugin throws while loading', async () => {
    await writePlugin(join(root, 'good'), { name: 'good', geneava: manifest });
    await writePlugin(join(root, 'broken'), { name: 'broken', geneava: manifest, source: 'throw new Error("boom at import");' });
    const result = await loadPlugins([{ package: './broken' }, { package: './good' }], { projectRoot: root });
    expect(result.loaded.map((p) => p.name)).toEqual(['good']);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0].error).toBeInstanceOf(PluginLoadError);
    expect(result.failed[0].error.message).toBe('plugin broken: loading entry "./plugin" threw: boom at import');
  });

  it('refuses two plugins with the same name unless one is renamed', async () => {
    await writePlugin(join(root, 'a'), { name: 'a', geneava: manifest, source: stylizerSource('same') });
    await writePlugin(join(root, 'b'), { name: 'b', geneava: manifest, source: stylizerSource('same') });
    const clash = await loadPlugins([{ package: './a' }, { package: './b' }], { projectRoot: root });
    expect(clash.failed[0].error.message).toMatch(/name "same" is already used by a/);
    const renamed = await loadPlugins([{ package: './a' }, { package: './b', name: 'other' }], { projectRoot: root });
    expect(renamed.loaded.map((p) => p.name)).toEqual(['same', 'other']);
  });

  it('uses a supplied importer for name-based plugins', async () => {
    await writePlugin(join(root, 'node_modules', '@acme', 'geneava-stylizer-x'), { name: '@acme/geneava-stylizer-x', geneava: manifest });
    const seen: string[] = [];
    const loaded = await loadPlugin(
      { package: '@acme/geneava-stylizer-x' },
      {
        projectRoot: root,
        importer: async (specifier) => {
          seen.push(specifier);
          return { default: { $$type: 'geneava/plugin', kind: 'stylizer', apiVersion: 1, name: '@acme/geneava-stylizer-x', create: () => ({}) } };
        },
      },
    );
    expect(seen).toEqual([pathToFileURL(join(root, 'node_modules', '@acme', 'geneava-stylizer-x', 'plugin.js')).href]);
    expect(loaded.definition.name).toBe('@acme/geneava-stylizer-x');
  });

  it('imports an installed plugin from the project, where core itself cannot resolve it', async () => {
    await writePlugin(join(root, 'node_modules', 'geneava-stylizer-local'), installed({ name: 'geneava-stylizer-local', geneava: manifest }));
    const loaded = await loadPlugin({ package: 'geneava-stylizer-local' }, { projectRoot: root });
    expect(loaded.definition.name).toBe('geneava-stylizer-local');
    expect(loaded.pkg.dir).toBe(join(root, 'node_modules', 'geneava-stylizer-local'));
  });

  it("runs the copy it checked: the project's, not the one installed next to core", async () => {
    // @geneava/stylizer-classic is also resolvable from core's own location (the workspace); the
    // project's copy must be both the one whose package.json is read and the one imported.
    await writePlugin(join(root, 'node_modules', '@geneava', 'stylizer-classic'), installed({
      name: '@geneava/stylizer-classic',
      geneava: manifest,
      source: stylizerSource('project-copy'),
    }));
    const loaded = await loadPlugin({ package: '@geneava/stylizer-classic' }, { projectRoot: root });
    expect(loaded.pkg.version).toBe('1.2.3');
    expect(loaded.definition.name).toBe('project-copy');
  });

  it('finds an entry exported for "import" only', async () => {
    await writePlugin(join(root, 'node_modules', 'geneava-stylizer-esm'), installed({
      name: 'geneava-stylizer-esm',
      geneava: manifest,
      exportsField: { './plugin': { import: './plugin.js' } },
    }));
    const loaded = await loadPlugin({ package: 'geneava-stylizer-esm' }, { projectRoot: root });
    expect(loaded.definition.name).toBe('geneava-stylizer-esm');
  });

  it('names a missing export subpath', async () => {
    await writePlugin(join(root, 'node_modules', 'geneava-stylizer-noentry'), {
      name: 'geneava-stylizer-noentry',
      geneava: manifest,
      exportsField: { '.': './plugin.js' },
    });
    await expect(loadPlugin({ package: 'geneava-stylizer-noentry' }, { projectRoot: root })).rejects.toThrow(
      'plugin geneava-stylizer-noentry: package.json "exports" has no "./plugin" entry (named by geneava.entry)',
    );
  });
});

describe('discoverPlugins', () => {
  it('lists installed packages that declare the field, valid or not, without running them', async () => {
    const root = await mkdtemp(join(tmpdir(), 'geneava-discover-'));
    const modules = join(root, 'node_modules');
    await writePlugin(join(modules, 'geneava-stylizer-ok'), { name: 'geneava-stylizer-ok', geneava: manifest, source: 'throw new Error("never imported")' });
    await writePlugin(join(modules, '@acme', 'geneava-stylizer-old'), { name: '@acme/geneava-stylizer-old', geneava: { ...manifest, apiVersion: 0 } });
    await writePlugin(join(modules, 'left-pad'), { name: 'left-pad' });
    const found = await discoverPlugins(root);
    expect(found.map((p) => p.name)).toEqual(['@acme/geneava-stylizer-old', 'geneava-stylizer-ok']);
    expect(found[0].problem).toMatch(/declares stylizer apiVersion 0/);
    expect(found[1].manifest).toEqual(manifest);
    await rm(root, { recursive: true, force: true });
  });
});
