import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { componentIdentity, describeComponent, describePluginInstance, filesNamedIn } from './component-identity.js';
import { HashCache } from './hash-cache.js';

describe('component identity', () => {
  let dir: string;
  let cache: HashCache;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-component-'));
    cache = new HashCache(join(dir, 'hashes.json'));
    await mkdir(join(dir, 'models', 'dctnet'), { recursive: true });
    await writeFile(join(dir, 'models', 'dctnet', 'model.bin'), 'weights');
    await writeFile(join(dir, 'style.safetensors'), 'lora');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds the model files and folders named in plugin options, and leaves words and the project folder alone', async () => {
    const named = await filesNamedIn({ models: 'models/dctnet', lora: { file: './style.safetensors', scale: 0.8 }, style: 'anime', root: '.', gone: 'missing/x.onnx' }, dir);
    expect(named.files).toEqual({ models: join(dir, 'models', 'dctnet'), 'lora.file': join(dir, 'style.safetensors') });
    expect(named.options).toEqual({ models: '<file:models>', lora: { file: '<file:lora.file>', scale: 0.8 }, style: 'anime', root: '.', gone: 'missing/x.onnx' });
  });

  it('changes when an option or a byte of a named model changes, not when the model folder moves', async () => {
    const identity = async (options: Record<string, unknown>) => {
      const instance = { info: { id: 'dctnet', version: '1.0.0' } };
      await describePluginInstance(instance, { name: 'geneava-stylizer-dctnet', version: '1.0.0' }, options, dir);
      return JSON.stringify(await componentIdentity(instance, { cache }));
    };
    const first = await identity({ models: 'models/dctnet' });
    expect(await identity({ models: join(dir, 'models', 'dctnet') })).toBe(first);
    expect(await identity({ models: 'models/dctnet', strength: 2 })).not.toBe(first);
    await writeFile(join(dir, 'models', 'dctnet', 'model.bin'), 'tuned!!');
    const stamp = new Date('2026-01-01T00:00:00Z');
    await utimes(join(dir, 'models', 'dctnet', 'model.bin'), stamp, stamp);
    expect(await identity({ models: 'models/dctnet' })).not.toBe(first);
  });

  it('adds later descriptions to earlier ones', async () => {
    const instance = { info: { id: 'x', version: '2' } };
    describeComponent(instance, { settings: { a: 1 } });
    describeComponent(instance, { settings: { b: 2 } });
    expect(await componentIdentity(instance, { cache })).toEqual({ id: 'x', version: '2', settings: { a: 1, b: 2 } });
  });
});
