import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { configureImageDecoding, decodeImage } from './decode.js';
import { ImageDecodeError } from './errors.js';
import { getPixel } from './rgb-image.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'decode-spec-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function raw(width: number, height: number, channels: 1 | 3 | 4, pixel: (x: number, y: number) => number[]): sharp.Sharp {
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * channels);
  }
  return sharp(data, { raw: { width, height, channels } });
}

/** A 16-bit RGB PNG written byte by byte, so the test does not rely on the library it tests to make it. */
function png16(width: number, height: number, samples: number[]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer): number => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, body: Buffer): Buffer => {
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), body]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    const check = Buffer.alloc(4);
    check.writeUInt32BE(crc(typed));
    return Buffer.concat([length, typed, check]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 16; // bit depth
  header[9] = 2; // colour type: RGB
  const rows = Buffer.alloc(height * (1 + width * 6));
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < width * 3; i++) rows.writeUInt16BE(samples[y * width * 3 + i], y * (1 + width * 6) + 1 + i * 2);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

describe('decodeImage', () => {
  it('flattens alpha onto white', async () => {
    const bytes = await raw(3, 1, 4, (x) => [[255, 0, 0, 255], [0, 255, 0, 128], [0, 0, 255, 0]][x]).png().toBuffer();
    const image = await decodeImage(bytes);
    expect(image.width).toBe(3);
    expect(image.height).toBe(1);
    expect(image.data).toHaveLength(9);
    expect(getPixel(image, 0, 0)).toEqual([255, 0, 0]);
    // 0·(128/255) + 255·(127/255) = 127 for red and blue.
    expect(getPixel(image, 1, 0)).toEqual([127, 255, 127]);
    expect(getPixel(image, 2, 0)).toEqual([255, 255, 255]);
  });

  it('reduces a 16-bit PNG to 8 bits (libvips keeps the high byte)', async () => {
    const bytes = png16(2, 1, [4660, 32896, 65535, 0, 257, 1000]);
    expect((await sharp(bytes).metadata()).depth).toBe('ushort');
    const image = await decodeImage(bytes);
    // 4660 = 0x1234 → 0x12 = 18; 32896 = 0x8080 → 128; 65535 → 255; 257 = 0x0101 → 1; 1000 = 0x03E8 → 3.
    expect(Array.from(image.data)).toEqual([18, 128, 255, 0, 1, 3]);
  });

  it('expands greyscale to three equal channels', async () => {
    const bytes = await raw(2, 2, 1, (x, y) => [x * 100 + y * 20]).toColourspace('b-w').png().toBuffer();
    expect((await sharp(bytes).metadata()).channels).toBe(1);
    const image = await decodeImage(bytes);
    expect(getPixel(image, 1, 1)).toEqual([120, 120, 120]);
    expect(getPixel(image, 0, 1)).toEqual([20, 20, 20]);
  });

  it('converts a CMYK JPEG to sRGB', async () => {
    const bytes = await raw(16, 16, 3, () => [200, 100, 50]).toColourspace('cmyk').jpeg({ quality: 100 }).toBuffer();
    expect((await sharp(bytes).metadata()).space).toBe('cmyk');
    const image = await decodeImage(bytes);
    expect(image.data).toHaveLength(16 * 16 * 3);
    // The sRGB → CMYK → sRGB trip through libvips' CMYK profile shifts colour a little; it must stay the same orange.
    const [r, g, b] = getPixel(image, 8, 8);
    expect(Math.abs(r - 200)).toBeLessThanOrEqual(20);
    expect(Math.abs(g - 100)).toBeLessThanOrEqual(20);
    expect(Math.abs(b - 50)).toBeLessThanOrEqual(20);
  });

  it('reads TIFF and lossless WebP exactly', async () => {
    const source = raw(5, 4, 3, (x, y) => [x * 50, y * 60, 7]);
    for (const bytes of [await source.clone().tiff({ compression: 'lzw' }).toBuffer(), await source.clone().webp({ lossless: true }).toBuffer()]) {
      const image = await decodeImage(bytes);
      expect(getPixel(image, 4, 3)).toEqual([200, 180, 7]);
      expect(getPixel(image, 1, 2)).toEqual([50, 120, 7]);
    }
  });

  const avifIt = sharp.format.heif.output.buffer ? it : it.skip;
  avifIt('reads lossless AVIF', async () => {
    const bytes = await raw(8, 8, 3, (x, y) => [x * 30, y * 30, 100]).avif({ lossless: true }).toBuffer();
    const image = await decodeImage(bytes);
    expect(getPixel(image, 7, 2)).toEqual([210, 60, 100]);
  });

  it('takes the first frame of an animated GIF', async () => {
    // Two 4x4 frames stacked: red, then blue.
    const frames = Buffer.alloc(4 * 8 * 3);
    for (let i = 0; i < 32; i++) frames.set(i < 16 ? [255, 0, 0] : [0, 0, 255], i * 3);
    const bytes = await sharp(frames, { raw: { width: 4, height: 8, channels: 3, pageHeight: 4 } }).gif().toBuffer();
    expect((await sharp(bytes).metadata()).pages).toBe(2);
    const image = await decodeImage(bytes);
    expect([image.width, image.height]).toEqual([4, 4]);
    for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) expect(getPixel(image, x, y)).toEqual([255, 0, 0]);
  });

  it('applies EXIF orientation 6 (rotate 90° clockwise)', async () => {
    // Stored 32x16: top-left red, top-right green, bottom-left blue, bottom-right white (16x8 blocks).
    const colours = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]];
    const bytes = await raw(32, 16, 3, (x, y) => colours[(y < 8 ? 0 : 2) + (x < 16 ? 0 : 1)])
      .jpeg({ quality: 100, chromaSubsampling: '4:4:4' })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(bytes).metadata()).orientation).toBe(6);
    const path = join(folder, 'orientation-6.jpg');
    await writeFile(path, bytes);
    const image = await decodeImage(path);
    expect([image.width, image.height]).toEqual([16, 32]);
    // Stored (x, y) shows at (H−1−y, x) = (15−y, x): the stored top row becomes the right column.
    const near = (actual: number[], expected: number[]): void => actual.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(8));
    near(getPixel(image, 12, 4), colours[0]); // stored (4, 3): red
    near(getPixel(image, 12, 20), colours[1]); // stored (20, 3): green
    near(getPixel(image, 3, 4), colours[2]); // stored (4, 12): blue
    near(getPixel(image, 3, 20), colours[3]); // stored (20, 12): white
  });

  it('accepts a plain Uint8Array as well as a Buffer', async () => {
    const bytes = await raw(2, 1, 3, () => [1, 2, 3]).png().toBuffer();
    const image = await decodeImage(new Uint8Array(bytes));
    expect(Array.from(image.data)).toEqual([1, 2, 3, 1, 2, 3]);
  });

  it('names the file and says "truncated or corrupt" for a cut-off file', async () => {
    const bytes = await raw(64, 64, 3, (x, y) => [x, y, x ^ y]).png().toBuffer();
    const path = join(folder, 'cut.png');
    await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = await decodeImage(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect((error as Error).message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: truncated or corrupt`));
    expect((error as Error).message).not.toContain('\n');
  });

  it('names the caller-supplied source for unrecognised bytes', async () => {
    await expect(decodeImage(Buffer.from('definitely not an image'), { source: 'upload #7' })).rejects.toThrow(
      'upload #7: unsupported or unrecognised image format',
    );
  });

  it('reports an empty file', async () => {
    const path = join(folder, 'empty.jpg');
    await writeFile(path, '');
    await expect(decodeImage(path)).rejects.toThrow(/empty\.jpg: empty file/);
  });

  it('refuses SVG and reports a missing file', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>');
    await expect(decodeImage(svg, { source: 'logo.svg' })).rejects.toThrow(/^logo\.svg: unsupported image format "svg"/);
    await expect(decodeImage(join(folder, 'absent.png'))).rejects.toThrow(/absent\.png: file not found$/);
  });

  it('stops images over the pixel limit before decoding them', async () => {
    const bytes = await raw(100, 100, 3, () => [0, 0, 0]).png().toBuffer();
    await expect(decodeImage(bytes, { maxPixels: 5000, source: 'big.png' })).rejects.toThrow(
      /^big\.png: too many pixels: 100x100 = 10000 exceeds the limit of 5000/,
    );
    await expect(decodeImage(bytes, { maxPixels: 10000 })).resolves.toMatchObject({ width: 100, height: 100 });
  });

  /** A PNG of width × height, red on the left half and blue on the right, built without a per-pixel callback. */
  function halves(width: number, height: number): Promise<Buffer> {
    const data = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) data[(y * width + x) * 3 + (x < width / 2 ? 0 : 2)] = 255;
    }
    return sharp(data, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer();
  }

  it('reduces an image far larger than the working size while decoding, keeping its shape and content', async () => {
    const bytes = await halves(3000, 2000);
    const image = await decodeImage(bytes, { decodePixels: 60_000, source: 'poster.png' });
    expect([image.width, image.height]).toEqual([300, 200]);
    expect(getPixel(image, 50, 100)).toEqual([255, 0, 0]);
    expect(getPixel(image, 250, 100)).toEqual([0, 0, 255]);
    // At or under the working size nothing changes.
    expect(await decodeImage(bytes, { decodePixels: 6_000_000 })).toMatchObject({ width: 3000, height: 2000 });
  });

  it('reduces as the image is viewed (EXIF orientation swaps width and height)', async () => {
    const bytes = await raw(400, 200, 3, () => [10, 200, 30]).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    const image = await decodeImage(bytes, { decodePixels: 20_000 });
    expect([image.width, image.height]).toEqual([100, 200]);
  });

  it('takes both limits from the process settings when a call gives none', async () => {
    const bytes = await halves(600, 400);
    const path = join(folder, 'wide.png');
    await writeFile(path, bytes);
    const previous = configureImageDecoding({ decodePixels: 6_000 });
    try {
      expect(await decodeImage(path)).toMatchObject({ width: 94, height: 63 });
      configureImageDecoding({ maxPixels: 100_000 });
      const error = await decodeImage(path).catch((e: unknown) => e);
      expect((error as Error).message).toBe(
        `${path}: too many pixels: 600x400 = 240000 exceeds the limit of 100000 (if the image is genuine, raise image.maxPixels in the config or pass --max-pixels)`,
      );
    } finally {
      configureImageDecoding(previous);
    }
    expect(() => configureImageDecoding({ decodePixels: 0 })).toThrow('image decodePixels must be a positive whole number, got 0');
  });
});
