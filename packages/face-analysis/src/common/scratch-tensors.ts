/**
 * Model input buffers reused from one run to the next. A pass over a photo fills several megabytes of
 * float32 inputs (two FaceMesh batches, one FaceRes input per face, two detector inputs); allocated
 * fresh each time, every 4 KB page of them is faulted in and zeroed by the system before it is
 * written, which cost more than filling them. Released buffers are kept by size, up to a total, and
 * handed to the next run of that size; a buffer is never lent to two runs at once.
 */
import { imagesIntoTensor, type ImageTensor, type TensorFormat } from '@geneava/core/image';
import type { RgbImage } from '@geneava/core/contracts';

/** Bytes of released buffers kept for reuse; beyond it, released buffers are left to the garbage collector. */
export const SCRATCH_KEEP_BYTES = 32 * 1024 * 1024;

const free = new Map<number, Float32Array[]>();
let keptBytes = 0;

/**
 * Runs `use` with a float32 buffer of `length` values that nothing else uses until `use` settles. Its
 * values are left over from earlier runs: `use` must overwrite all of them.
 */
export async function withScratch<T>(length: number, use: (buffer: Float32Array) => Promise<T>): Promise<T> {
  const buffer = take(length);
  try {
    return await use(buffer);
  } finally {
    give(buffer);
  }
}

/** Same-sized images as one tensor (imagesToTensor's values) in a reused buffer, for as long as `use` runs. */
export function withImagesTensor<T>(images: readonly RgbImage[], format: TensorFormat, use: (tensor: ImageTensor) => Promise<T>): Promise<T> {
  if (images.length === 0) throw new Error('withImagesTensor: no images given');
  const { width, height } = images[0]!;
  return withScratch(images.length * width * height * 3, (buffer) => use(imagesIntoTensor(images, format, buffer)));
}

/** Bytes currently kept for reuse (for tests). */
export function scratchKeptBytes(): number {
  return keptBytes;
}

function take(length: number): Float32Array {
  const buffer = free.get(length)?.pop();
  if (!buffer) return new Float32Array(length);
  keptBytes -= buffer.byteLength;
  return buffer;
}

function give(buffer: Float32Array): void {
  if (keptBytes + buffer.byteLength > SCRATCH_KEEP_BYTES) return;
  const list = free.get(buffer.length);
  if (list) list.push(buffer);
  else free.set(buffer.length, [buffer]);
  keptBytes += buffer.byteLength;
}
