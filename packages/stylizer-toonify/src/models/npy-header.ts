/**
 * Reads the header of a NumPy .npy file (format versions 1-3): dtype, order and shape, without reading
 * the array. Enough to check that a file holds the array a model expects before any heavy work.
 */
import { open } from 'node:fs/promises';

export interface NpyHeader {
  /** NumPy type string, e.g. "<f4" (little-endian float32). */
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
  /** Bytes before the array data. */
  readonly dataOffset: number;
  /** Size of the whole file, to tell a truncated array from a complete one. */
  readonly fileSize: number;
}

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // "\x93NUMPY"
const PREAMBLE = 12; // magic (6) + version (2) + header length (2 in v1, 4 in v2/v3)

export class NpyFormatError extends Error {}

export async function readNpyHeader(path: string): Promise<NpyHeader> {
  const handle = await open(path, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    const preamble = Buffer.alloc(PREAMBLE);
    const { bytesRead } = await handle.read(preamble, 0, PREAMBLE, 0);
    if (bytesRead < 10 || !preamble.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw new NpyFormatError('not a NumPy .npy file (no \\x93NUMPY signature)');
    }
    const major = preamble[6]!;
    if (major < 1 || major > 3) throw new NpyFormatError(`unsupported .npy format version ${major}`);
    const lengthBytes = major === 1 ? 2 : 4;
    const headerLength = major === 1 ? preamble.readUInt16LE(8) : preamble.readUInt32LE(8);
    const headerStart = 8 + lengthBytes;
    const header = Buffer.alloc(headerLength);
    const read = await handle.read(header, 0, headerLength, headerStart);
    if (read.bytesRead < headerLength) throw new NpyFormatError('the .npy header is cut short');
    return { ...parseHeaderDict(header.toString(major === 3 ? 'utf8' : 'latin1')), dataOffset: headerStart + headerLength, fileSize };
  } finally {
    await handle.close();
  }
}

/** The header is a Python dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (1, 18, 512), } */
function parseHeaderDict(text: string): Pick<NpyHeader, 'descr' | 'fortranOrder' | 'shape'> {
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]+)['"]/.exec(text)?.[1];
  const order = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || order === undefined || shapeText === undefined) {
    throw new NpyFormatError(`the .npy header is not a NumPy array header: ${text.trim()}`);
  }
  const shape = shapeText
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      if (!/^\d+L?$/.test(part)) throw new NpyFormatError(`the .npy header has a bad shape: (${shapeText})`);
      return Number.parseInt(part, 10);
    });
  return { descr, fortranOrder: order === 'True', shape };
}

/** Bytes per element of a simple numeric descr ("<f4" -> 4); undefined for structured or object dtypes. */
export function npyItemSize(descr: string): number | undefined {
  const match = /^[<>|=]?[fiub](\d+)$/.exec(descr);
  return match ? Number(match[1]) : undefined;
}
