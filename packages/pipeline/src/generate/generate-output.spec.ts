import { appendFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { decodeImage, encodeImage } from '@geneava/core/image';
import { appendJsonLine, readPngText, withPngText, writePngWithText } from './generate-output.js';

const image = { width: 2, height: 1, data: Uint8Array.from([255, 0, 0, 0, 0, 255]) };

describe('PNG text chunks', () => {
  it('adds UTF-8 iTXt chunks before IEND that readers find, pixels unchanged', async () => {
    const png = new Uint8Array(await encodeImage(image, 'png'));
    const tagged = withPngText(png, { prompt: 'a café, ☺', seed: '42' });
    expect(readPngText(tagged)).toEqual({ prompt: 'a café, ☺', seed: '42' });
    expect(Array.from((await decodeImage(tagged)).data)).toEqual(Array.from(image.data));
    // The chunk layout by hand: length, "iTXt", keyword\0, flag 0, method 0, "\0", "\0", text, CRC of type + data.
    // The "seed" chunk is the last one before IEND.
    const at = tagged.length - 12 - (12 + 4 + 5 + 2);
    const view = new DataView(tagged.buffer, tagged.byteOffset);
    expect(view.getUint32(at)).toBe(4 + 5 + 2);
    expect(new TextDecoder().decode(tagged.subarray(at + 4, at + 8))).toBe('iTXt');
    expect(Array.from(tagged.subarray(at + 8, at + 8 + 11))).toEqual([...Buffer.from('seed'), 0, 0, 0, 0, 0, ...Buffer.from('42')]);
    expect(view.getUint32(at + 8 + 11)).toBe(crc32(tagged.subarray(at + 4, at + 8 + 11)) >>> 0);
  });

  it('rejects bytes that are not a PNG and keywords PNG does not allow', async () => {
    expect(() => withPngText(new Uint8Array(20), { a: 'b' })).toThrow('not a PNG: the signature is missing');
    const png = new Uint8Array(await encodeImage(image, 'png'));
    expect(() => withPngText(png, { '': 'x' })).toThrow(/keyword "" must be 1-79 printable ASCII characters/);
  });

  it('writes the tagged PNG to its folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geneava-png-'));
    const path = join(dir, 'images', 'joy', 'a.png');
    await writePngWithText(path, image, { prompt: 'p' });
    expect(readPngText(new Uint8Array(await readFile(path)))).toEqual({ prompt: 'p' });
  });
});

describe('metadata lines', () => {
  it('appends one JSON line per record, ending a line an interrupted write left open', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'geneava-jsonl-')), 'metadata.jsonl');
    await appendJsonLine(path, { id: 'a' });
    await appendFile(path, '{"id":"b","trunc');
    await appendJsonLine(path, { id: 'c' });
    expect(await readFile(path, 'utf8')).toBe('{"id":"a"}\n{"id":"b","trunc\n{"id":"c"}\n');
  });
});
