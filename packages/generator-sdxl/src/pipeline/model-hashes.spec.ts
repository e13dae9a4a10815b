import { mkdtemp, open, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTENT_IDENTITY_METHOD } from '@geneava/core/provenance';
import { buildSdxlFixture } from '@geneava/testing';
import { sdxlModelHashes } from './model-hashes.js';

let root: string;
const savedCache = process.env['GENEAVA_HASH_CACHE'];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-sdxl-hashes-'));
  process.env['GENEAVA_HASH_CACHE'] = join(root, 'file-hashes.json');
});
afterAll(async () => {
  if (savedCache === undefined) delete process.env['GENEAVA_HASH_CACHE'];
  else process.env['GENEAVA_HASH_CACHE'] = savedCache;
  await rm(root, { recursive: true, force: true });
});

describe('sdxlModelHashes', () => {
  it('hashes the UNet weights in model.onnx_data, so a fine-tune exported alike gets another identity', async () => {
    const fixture = await buildSdxlFixture(join(root, 'sdxl'));
    const before = await sdxlModelHashes(fixture.dir);
    expect(before['modelIdentity']).toBe(CONTENT_IDENTITY_METHOD);
    expect(before['unet/model.onnx_data.sha256']).toMatch(/^[0-9a-f]{64}$/);

    // Same size, same graph, one weight byte changed: what two fine-tunes of one base look like.
    const data = join(fixture.dir, 'unet', 'model.onnx_data');
    const file = await open(data, 'r+');
    const byte = new Uint8Array(1);
    await file.read(byte, 0, 1, 0);
    await file.write(new Uint8Array([byte[0]! ^ 0xff]), 0, 1, 0);
    await file.close();
    const stamp = new Date('2026-01-01T00:00:00Z');
    await utimes(data, stamp, stamp);

    const after = await sdxlModelHashes(fixture.dir);
    expect(after['unet/model.onnx.sha256']).toBe(before['unet/model.onnx.sha256']);
    expect(after['unet/model.onnx_data.sha256']).not.toBe(before['unet/model.onnx_data.sha256']);
  });
});
