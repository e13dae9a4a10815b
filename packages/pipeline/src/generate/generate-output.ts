/**
 * What `geneava generate` writes per image: the PNG, with the prompt, seed and settings in iTXt chunks
 * (UTF-8 text any PNG reader shows, e.g. PIL's `Image.info`), written atomically; and one JSON line in
 * metadata.jsonl appended once the PNG is in place.
 */
import { appendFile, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { encodeImage } from '@geneava/core/image';
import { writeFileAtomic } from '@geneava/core/util';
import type { RgbImage } from '@geneava/core/contracts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  const typeAndData = out.subarray(4, 8 + data.length);
  typeAndData.set(new TextEncoder().encode(type), 0);
  typeAndData.set(data, 4);
  view.setUint32(8 + data.length, crc32(typeAndData) >>> 0);
  return out;
}

/** An uncompressed iTXt chunk: keyword (Latin-1, 1–79 bytes), no language tag, UTF-8 text. */
function itxt(keyword: string, text: string): Uint8Array {
  if (!/^[\x20-\x7e]{1,79}$/.test(keyword)) throw new Error(`PNG text keyword "${keyword}" must be 1-79 printable ASCII characters`);
  const encoder = new TextEncoder();
  const key = encoder.encode(keyword);
  const body = encoder.encode(text);
  // keyword \0, compression flag 0, method 0, language tag "" \0, translated keyword "" \0, text.
  const data = new Uint8Array(key.length + 5 + body.length);
  data.set(key, 0);
  data.set(body, key.length + 5);
  return chunk('iTXt', data);
}

/** Inserts text chunks right before IEND of an encoded PNG. */
export function withPngText(png: Uint8Array, entries: Readonly<Record<string, string>>): Uint8Array {
  if (!PNG_SIGNATURE.every((byte, i) => png[i] === byte)) throw new Error('not a PNG: the signature is missing');
  const iend = png.length - 12;
  if (new TextDecoder().decode(png.subarray(iend + 4, iend + 8)) !== 'IEND') throw new Error('not a PNG: it does not end with IEND');
  const texts = Object.entries(entries).map(([key, value]) => itxt(key, value));
  const size = texts.reduce((sum, t) => sum + t.length, 0);
  const out = new Uint8Array(png.length + size);
  out.set(png.subarray(0, iend), 0);
  let offset = iend;
  for (const text of texts) {
    out.set(text, offset);
    offset += text.length;
  }
  out.set(png.subarray(iend), offset);
  return out;
}

/** The iTXt/tEXt entries of a PNG, keyword → text (for tests and tools reading images back). */
export function readPngText(png: Uint8Array): Record<string, string> {
  const entries: Record<string, string> = {};
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const decoder = new TextDecoder();
  let offset = 8;
  while (offset + 12 <= png.length) {
    const length = view.getUint32(offset);
    const type = decoder.decode(png.subarray(offset + 4, offset + 8));
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'tEXt' || type === 'iTXt') {
      const end = data.indexOf(0);
      const keyword = new TextDecoder('latin1').decode(data.subarray(0, end));
      if (type === 'tEXt') entries[keyword] = new TextDecoder('latin1').decode(data.subarray(end + 1));
      else {
        // Skip compression flag and method, then the language tag and translated keyword (each \0-terminated).
        let p = end + 3;
        p = data.indexOf(0, p) + 1;
        p = data.indexOf(0, p) + 1;
        entries[keyword] = decoder.decode(data.subarray(p));
      }
    }
    offset += 12 + length;
  }
  return entries;
}

/** Encodes `image` as PNG with `text`, written so that `path` is never seen half-written. */
export async function writePngWithText(path: string, image: RgbImage, text: Readonly<Record<string, string>>): Promise<void> {
  const png = await encodeImage(image, 'png');
  await writeFileAtomic(path, withPngText(new Uint8Array(png), text));
}

/** Appends one JSON line, first ending a line a killed run may have left unterminated. */
export async function appendJsonLine(path: string, record: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await appendFile(path, `${(await endsInsideLine(path)) ? '\n' : ''}${JSON.stringify(record)}\n`);
}

async function endsInsideLine(path: string): Promise<boolean> {
  const file = await open(path, 'r').catch(() => undefined);
  if (!file) return false;
  try {
    const { size } = await file.stat();
    if (size === 0) return false;
    const last = new Uint8Array(1);
    await file.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await file.close();
  }
}
