import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseConfig } from './load-config.js';
import { pluginSpecsFromConfig } from './plugin-specs.js';

const made: string[] = [];

async function tempFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'geneava-config-'));
  made.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function folderWith(config: unknown): Promise<string> {
  const dir = await tempFolder();
  await writeFile(join(dir, 'geneava.config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return dir;
}

describe('loadConfig', () => {
  it('uses defaults without a config file', async () => {
    const dir = await tempFolder();
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded.file).toBeUndefined();
    expect(loaded.projectRoot).toBe(dir);
    expect(loaded.config.plugins).toEqual(['@geneava/stylizer-classic']);
    expect(loaded.config.device).toBe('auto');
    expect(loaded.config.plan.perCell).toBe(1);
  });

  it('reads the file and lets overrides win', async () => {
    const dir = await folderWith({ device: 'cpu', plan: { expressions: ['joy'], baseSeed: 3 } });
    const loaded = await loadConfig({ cwd: dir, overrides: { device: 'cuda', plan: { baseSeed: 9 } } });
    expect(loaded.file).toBe(join(dir, 'geneava.config.json'));
    expect(loaded.config.device).toBe('cuda');
    expect(loaded.config.plan).toMatchObject({ expressions: ['joy'], baseSeed: 9 });
  });

  it('names an unknown key and suggests the right one', async () => {
    const dir = await folderWith({ plugns: [] });
    await expect(loadConfig({ cwd: dir })).rejects.toThrow(
      `${join(dir, 'geneava.config.json')}: unknown key 'plugns' (did you mean 'plugins'?)`,
    );
  });

  it('names nested unknown keys and wrong types, all in one error', async () => {
    const dir = await folderWith({ device: 'gpu', plan: { perCel: 2, baseSeed: 'x' } });
    const error = await loadConfig({ cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain("'device'");
    expect(message).toContain("unknown key 'plan.perCel' (did you mean 'plan.perCell'?)");
    expect(message).toContain("'plan.baseSeed'");
    expect(message.split('\n')).toHaveLength(1);
  });

  it('reads a file saved with a UTF-8 byte-order mark', async () => {
    const dir = await folderWith(`\uFEFF${JSON.stringify({ device: 'cpu' })}`);
    expect((await loadConfig({ cwd: dir })).config.device).toBe('cpu');
  });

  it('suggests the right key at any depth', async () => {
    const dir = await folderWith({ run: { stylizer: ['classic'], source: { splitFace: true }, curation: { identity: { minCosin: {} } } } });
    const message = ((await loadConfig({ cwd: dir }).catch((e: unknown) => e)) as Error).message;
    expect(message).toContain("unknown key 'run.stylizer' (did you mean 'run.stylizers'?)");
    expect(message).toContain("unknown key 'run.source.splitFace' (did you mean 'run.source.splitFaces'?)");
    expect(message).toContain("unknown key 'run.curation.identity.minCosin' (did you mean 'run.curation.identity.minCosine'?)");
  });

  it('reports invalid JSON with the file name', async () => {
    const dir = await folderWith('{ "device": ');
    await expect(loadConfig({ cwd: dir })).rejects.toThrow(/geneava\.config\.json: not valid JSON/);
  });

  it('fails when an explicit config file is missing', async () => {
    const dir = await tempFolder();
    await expect(loadConfig({ cwd: dir, file: 'missing.json' })).rejects.toThrow(/missing\.json: cannot be read/);
  });

  it('validates overrides too', () => {
    expect(() => parseConfig({ device: 'tpu' }, 'command-line options')).toThrow(/^command-line options: 'device'/);
  });
});

describe('pluginSpecsFromConfig', () => {
  it('normalises entries and adds valid discovered plugins only when discover is on', () => {
    const config = parseConfig({ plugins: ['a', { package: 'b', name: 'b2', options: { x: 1 } }], discover: true }, 'test');
    const specs = pluginSpecsFromConfig(config, [
      { name: 'a', dir: '/x/a', manifest: { kind: 'stylizer', apiVersion: 1, entry: '.' } },
      { name: 'c', dir: '/x/c', manifest: { kind: 'stylizer', apiVersion: 1, entry: '.' } },
      { name: 'd', dir: '/x/d', problem: 'bad' },
    ]);
    expect(specs).toEqual([{ package: 'a' }, { package: 'b', name: 'b2', options: { x: 1 } }, { package: 'c' }]);
    expect(pluginSpecsFromConfig(parseConfig({ plugins: ['a'] }, 'test'), [{ name: 'c', dir: '/x/c', manifest: { kind: 'stylizer', apiVersion: 1, entry: '.' } }])).toEqual([{ package: 'a' }]);
  });
});
