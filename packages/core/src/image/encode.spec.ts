import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { RgbImage } from '../contracts/image.js';
import { decodeImage } from './decode.js';
import { encodeImage } from './encode.js';
import { ImageWriteError } from './errors.js';
import { resizeImage } from './resize.js';
import { createRgbImage, getPixel } from './rgb-image.js';
import { formatFromPath, writeImageAtomic } from './write.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'encode-spec-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function gradient(width: number, height: number): RgbImage {
  const image = createRgbImage(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) image.data.set([x * 9, y * 11, (x + y) * 5], (y * width + x) * 3);
  }
  return image;
}

describe('encodeImage', () => {
  it('writes lossless PNG and lossless WebP that decode to the same pixels', async () => {
    const image = gradient(12, 9);
    for (const bytes of [await encodeImage(image, 'png'), await encodeImage(image, 'webp', { lossless: true })]) {
      const back = await decodeImage(bytes);
      expect(back.data).toEqual(image.data);
    }
    expect((await sharp(await encodeImage(image, 'png')).metadata()).format).toBe('png');
  });

  it('writes JPEG close to the original at high quality', async () => {
    const image = createRgbImage(16, 16, [200, 60, 30]);
    const bytes = await encodeImage(image, 'jpeg', { quality: 95, chromaSubsampling: '4:4:4' });
    expect((await sharp(bytes).metadata()).format).toBe('jpeg');
    const [r, g, b] = getPixel(await decodeImage(bytes), 8, 8);
    expect(Math.abs(r - 200) + Math.abs(g - 60) + Math.abs(b - 30)).toBeLessThanOrEqual(6);
  });

  it('rejects malformed images and unknown formats', async () => {
    await expect(encodeImage({ width: 2, height: 2, data: new Uint8Array(5) }, 'png')).rejects.toThrow(/expected 2x2x3 = 12/);
    await expect(encodeImage(gradient(2, 2), 'bmp' as never)).rejects.toThrow(/unknown format "bmp"/);
  });
});

describe('writeImageAtomic', () => {
  it('creates missing folders, writes the image and leaves no temporary file', async () => {
    const path = join(folder, 'a', 'b', 'face.png');
    const image = gradient(5, 4);
    await writeImageAtomic(path, image);
    expect((await decodeImage(path)).data).toEqual(image.data);
    await writeImageAtomic(path, createRgbImage(5, 4, [1, 2, 3]));
    expect(getPixel(await decodeImage(path), 0, 0)).toEqual([1, 2, 3]);
    expect(await readdir(join(folder, 'a', 'b'))).toEqual(['face.png']);
  });

  it('takes the format from the extension unless told', async () => {
    expect(formatFromPath('x/y.JPG')).toBe('jpeg');
    expect(formatFromPath('y.jpeg')).toBe('jpeg');
    expect(formatFromPath('y.webp')).toBe('webp');
    const path = join(folder, 'no-extension');
    await writeImageAtomic(path, gradient(3, 3), { format: 'webp', lossless: true });
    expect((await sharp(path).metadata()).format).toBe('webp');
    await expect(writeImageAtomic(join(folder, 'face.bmp'), gradient(2, 2))).rejects.toThrow(ImageWriteError);
    await expect(writeImageAtomic(join(folder, 'face.bmp'), gradient(2, 2))).rejects.toThrow(/face\.bmp: cannot tell the image format/);
  });

  it('fails with the path named, and writes nothing, when the folder cannot be made', async () => {
    const blocker = join(folder, 'blocker');
    await writeFile(blocker, 'a file, not a folder');
    const target = join(blocker, 'face.png');
    await expect(writeImageAtomic(target, gradient(2, 2))).rejects.toThrow(`${target}: cannot write file`);
    expect((await readdir(folder)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('resizeImage', () => {
  it('keeps a flat colour flat and reaches the exact size, aspect ratio ignored', async () => {
    const out = await resizeImage(createRgbImage(10, 6, [40, 80, 120]), 5, 9);
    expect([out.width, out.height]).toEqual([5, 9]);
    for (let y = 0; y < 9; y++) for (let x = 0; x < 5; x++) expect(getPixel(out, x, y)).toEqual([40, 80, 120]);
  });

  it('repeats pixels with the nearest kernel when enlarging by 2', async () => {
    const image: RgbImage = { width: 2, height: 1, data: Uint8Array.from([10, 20, 30, 200, 100, 0]) };
    const out = await resizeImage(image, 4, 2, 'nearest');
    expect(Array.from(out.data)).toEqual([10, 20, 30, 10, 20, 30, 200, 100, 0, 200, 100, 0, 10, 20, 30, 10, 20, 30, 200, 100, 0, 200, 100, 0]);
  });

  it('rejects a bad target size', async () => {
    await expect(resizeImage(gradient(2, 2), 0, 3)).rejects.toThrow(/positive integers/);
  });
});
