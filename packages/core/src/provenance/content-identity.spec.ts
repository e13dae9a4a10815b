import { mkdir, mkdtemp, readFile, realpath, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataLocation, encodeModel, type ModelProto } from '../onnx/proto.js';
import { CONTENT_IDENTITY_METHOD, contentIdentity, onnxModelIdentity } from './content-identity.js';
import { cachedSha256, sha256OfFile } from './file-hash.js';
import { defaultHashCacheFile, HASH_CACHE_ENTRIES, HashCache } from './hash-cache.js';

/** A graph whose one initializer keeps its 16 bytes in `location`, as Optimum exports keep UNet weights. */
function graphWithExternalWeights(location: string): Uint8Array {
  const model: ModelProto = {
    irVersion: 7,
    opsetImport: [{ domain: '', version: 14 }],
    producerName: 'pytorch',
    metadataProps: [],
    graph: {
      name: 'g',
      node: [],
      input: [],
      output: [],
      valueInfo: [],
      initializer: [
        {
          name: 'weight',
          dims: [4],
          dataType: 1,
          dataLocation: DataLocation.EXTERNAL,
          externalData: [
            { key: 'location', value: location },
            { key: 'offset', value: '0' },
            { key: 'length', value: '16' },
          ],
        },
      ],
    },
  };
  return encodeModel(model);
}

describe('model identity by content', () => {
  let dir: string;
  let cache: HashCache;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-identity-'));
    cache = new HashCache(join(dir, 'cache', 'file-hashes.json'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function exportModel(name: string, weights: number[]): Promise<string> {
    const folder = join(dir, name, 'unet');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'model.onnx'), graphWithExternalWeights('model.onnx_data'));
    await writeFile(join(folder, 'model.onnx_data'), new Uint8Array(new Float32Array(weights).buffer));
    return join(folder, 'model.onnx');
  }

  it('tells apart two fine-tunes whose graphs are identical and whose weights differ', async () => {
    const a = await onnxModelIdentity(await exportModel('a', [1, 2, 3, 4]), { cache });
    const b = await onnxModelIdentity(await exportModel('b', [1, 2, 3, 5]), { cache });
    expect(a.files['model.onnx']).toBe(b.files['model.onnx']);
    expect(a.files['model.onnx_data']).not.toBe(b.files['model.onnx_data']);
    expect(a.sha256).not.toBe(b.sha256);
    expect(a.method).toBe(CONTENT_IDENTITY_METHOD);
  });

  it('gives an .onnx path and its folder identities that change with the weights', async () => {
    const model = await exportModel('a', [1, 2, 3, 4]);
    await writeFile(join(dir, 'a', 'scheduler.json'), '{"beta_start":0.00085}');
    const folder = await contentIdentity(join(dir, 'a'), { cache });
    expect(Object.keys(folder.files)).toEqual(['scheduler.json', 'unet/model.onnx', 'unet/model.onnx_data']);
    expect((await contentIdentity(model, { cache })).files).toEqual({ 'model.onnx': expect.any(String), 'model.onnx_data': expect.any(String) });
    await writeFile(join(dir, 'a', 'scheduler.json'), '{"beta_start":0.001}');
    expect((await contentIdentity(join(dir, 'a'), { cache })).sha256).not.toBe(folder.sha256);
  });

  it('names the missing external data file', async () => {
    const model = await exportModel('a', [1, 2, 3, 4]);
    await rm(join(dir, 'a', 'unet', 'model.onnx_data'));
    await expect(onnxModelIdentity(model, { cache })).rejects.toThrow(`${model}: its external data file model.onnx_data is missing`);
  });

  it('reads a file once per path, size and modification time, and again when any of them changes', async () => {
    const file = join(dir, 'weights.bin');
    await writeFile(file, 'first');
    const hashed: string[] = [];
    const options = { cache, onHashing: (path: string) => hashed.push(path) };
    const first = await cachedSha256(file, options);
    expect(first).toBe(await sha256OfFile(file));
    // A new cache object on the same file: what another process on this machine would see.
    expect(await cachedSha256(file, { ...options, cache: new HashCache(cache.file) })).toBe(first);
    expect(hashed).toHaveLength(1);

    await writeFile(file, 'other');
    const stamp = new Date('2026-01-01T00:00:00Z');
    await utimes(file, stamp, stamp);
    const second = await cachedSha256(file, options);
    expect(second).not.toBe(first);
    expect(second).toBe(await sha256OfFile(file));
    expect(hashed).toHaveLength(2);
  });

  it('keys a linked file by the file it points at', async () => {
    const file = join(dir, 'weights.bin');
    await writeFile(file, 'bytes');
    await symlink(file, join(dir, 'link.bin'));
    await cachedSha256(file, { cache });
    const hashed: string[] = [];
    await cachedSha256(join(dir, 'link.bin'), { cache, onHashing: (path) => hashed.push(path) });
    expect(hashed).toEqual([]);
  });

  it('hashes again, without failing, when the cache file is corrupt', async () => {
    const file = join(dir, 'weights.bin');
    await writeFile(file, 'bytes');
    await mkdir(join(dir, 'cache'), { recursive: true });
    await writeFile(cache.file, '{"version":1,"files":');
    expect(await cachedSha256(file, { cache })).toBe(await sha256OfFile(file));
    expect(JSON.parse(await readFile(cache.file, 'utf8')).version).toBe(1);
  });

  it('keeps the newest entries when the cache is full', async () => {
    const files: Record<string, unknown> = {};
    for (let i = 0; i < HASH_CACHE_ENTRIES; i++) files[`/gone/${i}`] = { size: 1, mtimeMs: 1, sha256: '0'.repeat(64), hashedAt: i };
    await mkdir(join(dir, 'cache'), { recursive: true });
    await writeFile(cache.file, JSON.stringify({ version: 1, files }));
    const file = join(dir, 'weights.bin');
    await writeFile(file, 'bytes');
    await cachedSha256(file, { cache });
    const kept = Object.keys((JSON.parse(await readFile(cache.file, 'utf8')) as { files: Record<string, unknown> }).files);
    expect(kept).toHaveLength(HASH_CACHE_ENTRIES);
    expect(kept).toContain(await realpath(file));
    expect(kept).not.toContain('/gone/0');
  });

  it('keeps the cache under the user cache folder unless told otherwise', () => {
    expect(defaultHashCacheFile({ GENEAVA_HASH_CACHE: '/x/hashes.json' })).toBe('/x/hashes.json');
    expect(defaultHashCacheFile({ GENEAVA_CACHE: '/c' })).toBe(join('/c', 'file-hashes.json'));
    expect(defaultHashCacheFile({ XDG_CACHE_HOME: '/xdg' })).toBe(join('/xdg', 'geneava', 'file-hashes.json'));
  });
});
