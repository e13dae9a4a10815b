/**
 * Random access to the bytes of a model, from memory or from a file, so that the signature reader can
 * jump over weights instead of reading them: an inline 1.4 GB text encoder costs a few small reads.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Thrown when a read goes past the end: the file is truncated (or was never ONNX). */
export class PastEndError extends Error {}

export interface ByteSource {
  readonly size: number;
  /** `length` bytes at `position` (a view; callers copy what they keep beyond decoding). */
  read(position: number, length: number): Uint8Array;
  close(): void;
}

export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read(position, length) {
      if (position + length > bytes.length) throw new PastEndError();
      return bytes.subarray(position, position + length);
    },
    close() {},
  };
}

// Reads happen in windows so that walking many small fields costs few system calls.
const WINDOW_BYTES = 1 << 20;

/** Synchronous positioned reads: each is a small window, and the walker that uses them is CPU-bound anyway. */
export function fileSource(path: string): ByteSource {
  const fd = openSync(path, 'r');
  let size: number;
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    size = stat.size;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  let window = new Uint8Array(0);
  let windowStart = 0;
  return {
    size,
    read(position, length) {
      if (position + length > size) throw new PastEndError();
      if (position >= windowStart && position + length <= windowStart + window.length) {
        return window.subarray(position - windowStart, position - windowStart + length);
      }
      const count = Math.min(Math.max(length, WINDOW_BYTES), size - position);
      const buffer = new Uint8Array(count);
      let filled = 0;
      while (filled < count) {
        const got = readSync(fd, buffer, filled, count - filled, position + filled);
        if (got === 0) throw new PastEndError();
        filled += got;
      }
      window = buffer;
      windowStart = position;
      return buffer.subarray(0, length);
    },
    close() {
      closeSync(fd);
    },
  };
}
