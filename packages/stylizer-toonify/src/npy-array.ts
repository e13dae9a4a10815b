/**
 * Reads a small float array from a NumPy .npy file (ReStyle's latent_avg.npy and avg_image.npy) as
 * float32, after checking its header: little-endian float16/32/64, C order, one of the expected shapes,
 * and all its bytes present.
 */
import { readFile } from 'node:fs/promises';
import { float16BitsToFloat32Array } from '@geneava/core/onnx';
import { GeneavaError } from '@geneava/core/util';
import { NpyFormatError, npyItemSize, readNpyHeader } from './models/npy-header.js';

export interface NpyFloatArray {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

const formatShape = (shape: readonly number[]) => `[${shape.join(', ')}]`;

export async function readFloatNpy(path: string, shapes: readonly (readonly number[])[], what: string): Promise<NpyFloatArray> {
  const fail = (problem: string) => new GeneavaError(`${path}: ${problem} (${what})`, 'npy-array');
  let header;
  try {
    header = await readNpyHeader(path);
  } catch (error) {
    if (error instanceof NpyFormatError) throw fail(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    throw fail(code === 'ENOENT' ? 'missing' : `cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const found = `${header.descr} ${formatShape(header.shape)}`;
  const shapeOk = shapes.some((shape) => shape.length === header.shape.length && shape.every((d, i) => d === header.shape[i]));
  if (!['<f2', '<f4', '<f8'].includes(header.descr) || !shapeOk) {
    throw fail(`expected a little-endian float array of shape ${shapes.map(formatShape).join(' or ')}, found ${found}`);
  }
  if (header.fortranOrder) throw fail('is stored in Fortran (column-major) order; save it from a C-ordered array');
  const count = header.shape.reduce((product, d) => product * d, 1);
  const itemSize = npyItemSize(header.descr)!;
  const bytes = await readFile(path);
  if (bytes.length < header.dataOffset + count * itemSize) {
    throw fail(`is truncated: ${found} needs ${header.dataOffset + count * itemSize} bytes, the file has ${bytes.length}`);
  }
  // Copy into an aligned buffer: the data offset need not be a multiple of the item size.
  const raw = new Uint8Array(bytes.subarray(header.dataOffset, header.dataOffset + count * itemSize)).buffer;
  let data: Float32Array;
  if (itemSize === 2) data = float16BitsToFloat32Array(new Uint16Array(raw));
  else if (itemSize === 4) data = new Float32Array(raw);
  else data = Float32Array.from(new Float64Array(raw));
  return { shape: header.shape, data };
}
