import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../config/load-config.js';
import { PluginLoadError } from './errors.js';
import { PluginNotFoundError, PluginRegistry, pluginShortName } from './registry.js';

const manifest = { kind: 'stylizer', apiVersion: 1, entry: './plugin' };

/**
 * A stylizer package in CommonJS (jest does not transform node_modules; Node's import() reads both).
 * `body` replaces the module's code, e.g. to throw at import; every import is counted in `globalThis.imports`.
 */
async function writePlugin(dir: string, packageName: string, definitionName: string, body?: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: packageName, version: '1.0.0', exports: { './plugin': './plugin.js' }, geneava: manifest }),
  );
  const definition = `{ $$type: 'geneava/plugin', kind: 'stylizer', apiVersion: 1, name: '${definitionName}',
    models: [{ kind: '${definitionName}-weights', description: 'test', check: async (path) => ({ kind: '${definitionName}-weights', path, ok: true, problems: [] }) }],
    create() { return { apiVersion: 1 }; } }`;
  await writeFile(
    join(dir, 'plugin.js'),
    body ?? `globalThis.imports = [...(globalThis.imports ?? []), '${packageName}'];\nmodule.exports = ${definition};`,
  );
}

const config = (plugins: unknown[]) => parseConfig({ plugins }, 'test');
const imports = () => ((globalThis as { imports?: string[] }).imports ?? []);

describe('PluginRegistry', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'geneava-registry-'));
    (globalThis as { imports?: string[] }).imports = [];
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('loads each configured plugin once, however often it is asked for', async () => {
    await writePlugin(join(root, 'node_modules', 'geneava-stylizer-one'), 'geneava-stylizer-one', 'one');
    await writePlugin(join(root, 'node_modules', 'geneava-stylizer-two'), 'geneava-stylizer-two', 'two');
    const registry = await PluginRegistry.open(config(['geneava-stylizer-one', 'geneava-stylizer-two']), { projectRoot: root });
    expect((await registry.get('stylizer', 'one')).pkg.name).toBe('geneava-stylizer-one');
    expect((await registry.get('stylizer', 'two')).pkg.name).toBe('geneava-stylizer-two');
    await registry.get('stylizer', 'one');
    expect((await registry.get('stylizer', 'geneava-stylizer-two')).name).toBe('two');
    expect(imports()).toEqual(['geneava-stylizer-one', 'geneava-stylizer-two']);
    expect(registry.names('stylizer')).toEqual(['one', 'two']);
    expect(registry.modelKinds().map((kind) => kind.kind)).toEqual(['one-weights', 'two-weights']);
  });

  it('reports a plugin that throws at import by its own name and error, whichever name it is asked by', async () => {
    await writePlugin(join(root, 'node_modules', '@acme', 'stylizer-boom'), '@acme/stylizer-boom', 'boom', 'throw new Error("boom at import");');
    await writePlugin(join(root, 'node_modules', 'geneava-stylizer-fine'), 'geneava-stylizer-fine', 'fine');
    const registry = await PluginRegistry.open(config(['@acme/stylizer-boom', 'geneava-stylizer-fine']), { projectRoot: root });
    const expected = 'plugin @acme/stylizer-boom: loading entry "./plugin" threw: boom at import';
    for (const name of ['boom', '@acme/stylizer-boom']) {
      const error = await registry.get('stylizer', name).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PluginLoadError);
      expect((error as Error).message).toBe(expected);
    }
    expect((await registry.get('stylizer', 'fine')).name).toBe('fine');
  });

  it('finds a failed plugin given by path by its package name and folder name', async () => {
    await writePlugin(join(root, 'styles', 'broken'), 'geneava-stylizer-cracked', 'cracked', 'throw new Error("no");');
    const registry = await PluginRegistry.open(config(['./styles/broken']), { projectRoot: root });
    await expect(registry.get('stylizer', 'cracked')).rejects.toThrow('plugin geneava-stylizer-cracked: loading entry "./plugin" threw: no');
    await expect(registry.get('stylizer', 'broken')).rejects.toThrow('plugin geneava-stylizer-cracked: loading entry "./plugin" threw: no');
  });

  it('enables an installed plugin when it is named, without a config entry', async () => {
    await writePlugin(join(root, 'node_modules', '@acme', 'geneava-stylizer-ink'), '@acme/geneava-stylizer-ink', 'ink');
    const registry = await PluginRegistry.open(config([]), { projectRoot: root });
    expect(registry.installedNotEnabled().map((plugin) => plugin.name)).toEqual(['@acme/geneava-stylizer-ink']);
    const plugin = await registry.get('stylizer', 'ink');
    expect(plugin.pkg.dir).toBe(join(root, 'node_modules', '@acme', 'geneava-stylizer-ink'));
    expect(registry.list().map((entry) => [entry.spec.package, entry.enabledBy])).toEqual([['@acme/geneava-stylizer-ink', 'command-line']]);
    expect(registry.installedNotEnabled()).toEqual([]);
    await registry.get('stylizer', 'ink');
    expect(imports()).toEqual(['@acme/geneava-stylizer-ink']);
  });

  it('says what is enabled, what is close and what failed when nothing goes by the name', async () => {
    await writePlugin(join(root, 'node_modules', 'geneava-stylizer-sketch'), 'geneava-stylizer-sketch', 'sketch');
    await writePlugin(join(root, 'node_modules', 'geneava-stylizer-oops'), 'geneava-stylizer-oops', 'oops', 'throw new Error("bad build");');
    const registry = await PluginRegistry.open(config(['geneava-stylizer-sketch', 'geneava-stylizer-oops']), { projectRoot: root });
    const error = await registry.get('stylizer', 'skech').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginNotFoundError);
    expect((error as Error).message).toBe(
      'unknown stylizer "skech" (did you mean "sketch"?); enabled stylizers: sketch; failed to load: plugin geneava-stylizer-oops: loading entry "./plugin" threw: bad build',
    );
  });

  it("takes a plugin the project lacks from a fallback root, and the project's own copy when it has one", async () => {
    const host = join(root, 'host');
    const project = join(root, 'project');
    await mkdir(project, { recursive: true });
    await writePlugin(join(host, 'node_modules', 'geneava-stylizer-basic'), 'geneava-stylizer-basic', 'basic');
    const bare = await PluginRegistry.open(config(['geneava-stylizer-basic']), { projectRoot: project, fallbackRoots: [host] });
    expect((await bare.get('stylizer', 'basic')).pkg.dir).toBe(join(host, 'node_modules', 'geneava-stylizer-basic'));

    await writePlugin(join(project, 'node_modules', 'geneava-stylizer-basic'), 'geneava-stylizer-basic', 'basic');
    const own = await PluginRegistry.open(config([]), { projectRoot: project, fallbackRoots: [host] });
    expect((await own.get('stylizer', 'basic')).pkg.dir).toBe(join(project, 'node_modules', 'geneava-stylizer-basic'));
  });
});

describe('pluginShortName', () => {
  it('drops the scope, the "geneava-" prefix and the kind', () => {
    expect(pluginShortName('@geneava/stylizer-classic', 'stylizer')).toBe('classic');
    expect(pluginShortName('geneava-stylizer-boom', 'stylizer')).toBe('boom');
    expect(pluginShortName('./styles/boom', 'stylizer')).toBe('boom');
    expect(pluginShortName('geneava-generator-sdxl', 'generator')).toBe('sdxl');
  });
});
