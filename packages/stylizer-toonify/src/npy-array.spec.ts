import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { float32ArrayToFloat16Bits } from '@geneava/core/onnx';
import { readFloatNpy } from './npy-array.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-npy-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** numpy.save's layout with an odd header length, so the data start is not aligned to the item size. */
function npy(descr: string, shape: readonly number[], data: Uint8Array, fortran = false): Buffer {
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), } `;
  const length = Buffer.alloc(2);
  length.writeUInt16LE(dict.length + 1);
  return Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]), length, Buffer.from(`${dict}\n`, 'latin1'), data]);
}

const bytes = (array: ArrayBufferView) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

describe('readFloatNpy', () => {
  it.each([
    ['<f4', bytes(Float32Array.from([1.5, -2, 0.25, 3]))],
    ['<f8', bytes(Float64Array.from([1.5, -2, 0.25, 3]))],
    ['<f2', bytes(float32ArrayToFloat16Bits([1.5, -2, 0.25, 3]))],
  ])('reads %s data as float32', async (descr, data) => {
    const path = join(root, `a${descr.slice(1)}.npy`);
    await writeFile(path, npy(descr, [2, 2], data));
    const array = await readFloatNpy(path, [[2, 2]], 'a test array');
    expect(array.shape).toEqual([2, 2]);
    expect(Array.from(array.data)).toEqual([1.5, -2, 0.25, 3]);
  });

  it('names the file, what it holds and what is wrong', async () => {
    const path = join(root, 'wrong.npy');
    await writeFile(path, npy('<f4', [3], bytes(new Float32Array(3))));
    await expect(readFloatNpy(path, [[2, 2], [1, 2, 2]], 'the test array')).rejects.toThrow(`${path}: expected a little-endian float array of shape [2, 2] or [1, 2, 2], found <f4 [3] (the test array)`);
    const cut = join(root, 'cut.npy');
    await writeFile(cut, npy('<f4', [2, 2], bytes(new Float32Array(3))));
    await expect(readFloatNpy(cut, [[2, 2]], 'x')).rejects.toThrow(/is truncated: <f4 \[2, 2\] needs \d+ bytes/);
    const fortran = join(root, 'fortran.npy');
    await writeFile(fortran, npy('<f4', [2, 2], bytes(new Float32Array(4)), true));
    await expect(readFloatNpy(fortran, [[2, 2]], 'x')).rejects.toThrow('Fortran');
    await expect(readFloatNpy(join(root, 'absent.npy'), [[2, 2]], 'x')).rejects.toThrow('absent.npy: missing (x)');
  });
});
