/**
 * A .safetensors reader that trusts nothing in the file: an 8-byte little-endian header length, a JSON
 * header of { name: { dtype, shape, data_offsets: [begin, end] } } plus optional string "__metadata__",
 * then the data section. Every tensor's byte range must lie inside the data section, match its dtype
 * and shape, and not overlap another tensor. Floats (F32, F16, BF16) are all LoRA files hold, and all
 * this reader converts.
 */
import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { elementCount, float16BitsToFloat32Array } from '@geneava/core/onnx';
import { LoraFileError } from './lora-errors.js';

export type SafetensorsFloatDType = 'F32' | 'F16' | 'BF16';

const BYTES_PER_ELEMENT: Readonly<Record<SafetensorsFloatDType, number>> = { F32: 4, F16: 2, BF16: 2 };
/** Far above any real header (a few hundred KB for thousands of tensors): a larger value means a corrupt file. */
const MAX_HEADER_BYTES = 100 * 1024 * 1024;

export interface SafetensorsEntry {
  readonly name: string;
  readonly dtype: SafetensorsFloatDType;
  readonly shape: readonly number[];
  /** Byte range within the data section. */
  readonly begin: number;
  readonly end: number;
}

export interface SafetensorsFile {
  readonly path: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly entries: ReadonlyMap<string, SafetensorsEntry>;
  /** The tensor's values as float32 (copied out of the file). */
  read(name: string): Float32Array;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Parses and validates a safetensors file held in memory; `path` names it in errors. */
export function parseSafetensors(path: string, bytes: Uint8Array): SafetensorsFile {
  const fail = (problem: string) => new LoraFileError(path, `not a valid safetensors file: ${problem}`);
  if (bytes.length < 8) throw fail(`${bytes.length} bytes, too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(bytes.length - 8)) throw fail(`header length ${declared} exceeds the ${bytes.length - 8} bytes after it`);
  const headerLength = Number(declared);
  if (headerLength > MAX_HEADER_BYTES) throw fail(`header length ${headerLength} is implausibly large`);
  if (headerLength < 2) throw fail(`header length ${headerLength} cannot hold a JSON object`);

  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (error) {
    throw fail(`the header is not UTF-8 JSON (${(error as Error).message})`);
  }
  if (!isRecord(header)) throw fail('the header is not a JSON object');

  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  let metadata: Record<string, string> = {};
  const entries = new Map<string, SafetensorsEntry>();
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (!isRecord(value) || Object.values(value).some((v) => typeof v !== 'string')) throw fail('__metadata__ must map names to strings');
      metadata = value as Record<string, string>;
      continue;
    }
    entries.set(name, parseEntry(name, value, dataLength, fail));
  }

  const ordered = [...entries.values()].sort((a, b) => a.begin - b.begin || a.end - b.end);
  for (let i = 1; i < ordered.length; i++) {
    const previous = ordered[i - 1]!;
    const current = ordered[i]!;
    if (current.begin < previous.end) {
      throw fail(`tensors '${previous.name}' [${previous.begin}, ${previous.end}) and '${current.name}' [${current.begin}, ${current.end}) overlap`);
    }
  }

  return {
    path,
    metadata,
    entries,
    read(name: string): Float32Array {
      const entry = entries.get(name);
      if (!entry) throw new LoraFileError(path, `has no tensor '${name}'`);
      return decode(entry, bytes.subarray(dataStart + entry.begin, dataStart + entry.end));
    },
  };
}

function parseEntry(name: string, value: unknown, dataLength: number, fail: (problem: string) => LoraFileError): SafetensorsEntry {
  if (!isRecord(value)) throw fail(`entry '${name}' is not an object`);
  const { dtype, shape, data_offsets: offsets } = value;
  if (typeof dtype !== 'string') throw fail(`tensor '${name}' has no dtype`);
  if (!(dtype in BYTES_PER_ELEMENT)) throw fail(`tensor '${name}' has dtype ${dtype}; LoRA weights must be F32, F16 or BF16`);
  if (!Array.isArray(shape) || !shape.every(isCount)) throw fail(`tensor '${name}' has an invalid shape ${JSON.stringify(shape)}`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    throw fail(`tensor '${name}' has invalid data_offsets ${JSON.stringify(offsets)} (expected [begin, end])`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) throw fail(`tensor '${name}' has data_offsets [${begin}, ${end}] with begin after end`);
  if (end > dataLength) throw fail(`tensor '${name}' ends at byte ${end} of a data section of ${dataLength} bytes (truncated file?)`);
  const typed = dtype as SafetensorsFloatDType;
  const expected = elementCount(shape as number[]) * BYTES_PER_ELEMENT[typed];
  if (end - begin !== expected) {
    throw fail(`tensor '${name}' (${dtype} [${(shape as number[]).join(', ')}]) needs ${expected} bytes, its data_offsets span ${end - begin}`);
  }
  return { name, dtype: typed, shape: shape as number[], begin, end };
}

function decode(entry: SafetensorsEntry, raw: Uint8Array): Float32Array {
  if (endianness() !== 'LE') throw new Error('reading safetensors needs a little-endian host');
  // Copy first: the data section need not be aligned for typed-array views.
  const aligned = new Uint8Array(raw);
  switch (entry.dtype) {
    case 'F32':
      return new Float32Array(aligned.buffer, 0, aligned.length / 4);
    case 'F16':
      return float16BitsToFloat32Array(new Uint16Array(aligned.buffer, 0, aligned.length / 2));
    case 'BF16': {
      const halves = new Uint16Array(aligned.buffer, 0, aligned.length / 2);
      const bits = Uint32Array.from(halves, (half) => half << 16);
      return new Float32Array(bits.buffer);
    }
  }
}

/** Reads and validates a safetensors file from disk. */
export async function readSafetensors(path: string): Promise<SafetensorsFile> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LoraFileError(path, code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? String(error)})`);
  }
  return parseSafetensors(path, bytes);
}
