import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NpyFormatError, npyItemSize, readNpyHeader } from './npy-header.js';

/** A .npy file as numpy.save writes it: header padded with spaces to a multiple of 64, ending in "\n". */
function npyBytes(dict: string, dataBytes: number, version: 1 | 2 = 1): Buffer {
  const lengthBytes = version === 1 ? 2 : 4;
  const preamble = 8 + lengthBytes;
  const unpadded = preamble + dict.length + 1;
  const header = dict + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const length = Buffer.alloc(lengthBytes);
  if (version === 1) length.writeUInt16LE(header.length);
  else length.writeUInt32LE(header.length);
  return Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]), length, Buffer.from(header, 'latin1'), Buffer.alloc(dataBytes)]);
}

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'geneava-npy-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readNpyHeader', () => {
  it('reads dtype, order, shape and where the data starts (format 1.0)', async () => {
    const path = join(dir, 'latent.npy');
    await writeFile(path, npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 18, 512), }", 18 * 512 * 4));
    expect(await readNpyHeader(path)).toEqual({
      descr: '<f4',
      fortranOrder: false,
      shape: [1, 18, 512],
      dataOffset: 128,
      fileSize: 128 + 18 * 512 * 4,
    });
  });

  it('reads format 2.0 headers and one-dimensional shapes', async () => {
    const path = join(dir, 'v2.npy');
    await writeFile(path, npyBytes("{'descr': '<f8', 'fortran_order': True, 'shape': (7,), }", 56, 2));
    expect(await readNpyHeader(path)).toMatchObject({ descr: '<f8', fortranOrder: true, shape: [7], dataOffset: 128 });
  });

  it('rejects files that are not .npy', async () => {
    const path = join(dir, 'text.npy');
    await writeFile(path, 'version https://git-lfs.github.com/spec/v1\n');
    await expect(readNpyHeader(path)).rejects.toThrow(new NpyFormatError('not a NumPy .npy file (no \\x93NUMPY signature)'));
  });

  it('gives the element size of numeric dtypes only', () => {
    expect(npyItemSize('<f4')).toBe(4);
    expect(npyItemSize('<f2')).toBe(2);
    expect(npyItemSize('|u1')).toBe(1);
    expect(npyItemSize('|O')).toBeUndefined();
  });
});
