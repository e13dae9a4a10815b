import { createRgbImage } from '@geneava/core/image';
import { ImagePyramid, warpAffine, type AffineMatrix } from '@geneava/core/geometry';
import type { RgbImage } from '@geneava/core/contracts';
import { cropImage } from './crop-image.js';

/** A 1-pixel black-and-white checkerboard: the worst case for aliasing. */
function checkerboard(size: number): RgbImage {
  const image = createRgbImage(size, size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if ((x + y) % 2 === 0) image.data.fill(255, (y * size + x) * 3, (y * size + x) * 3 + 3);
  return image;
}

/** A smooth horizontal ramp. */
function ramp(width: number, height: number): RgbImage {
  const image = createRgbImage(width, height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) image.data.fill(Math.round((255 * x) / (width - 1)), (y * width + x) * 3, (y * width + x) * 3 + 3);
  return image;
}

/** Mean and range of the red channel, leaving out the outermost row and column (they blend with the border). */
function meanAndSpread(image: RgbImage): { mean: number; spread: number } {
  let sum = 0;
  let count = 0;
  let min = 255;
  let max = 0;
  for (let y = 1; y < image.height - 1; y++) {
    for (let x = 1; x < image.width - 1; x++) {
      const value = image.data[(y * image.width + x) * 3]!;
      sum += value;
      count++;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
  }
  return { mean: sum / count, spread: max - min };
}

describe('cropImage', () => {
  it('is plain warpAffine when the crop is not shrunk', async () => {
    const image = ramp(40, 30);
    const m: AffineMatrix = [1, 0, -5, 0, 1, -3];
    expect(await cropImage(image, m, 20, 20, { antialias: true })).toEqual(warpAffine(image, m, 20, 20));
  });

  it('averages detail finer than the crop instead of aliasing it', async () => {
    // Shrinking 400 px of checkerboard to 57 px: bilinear taps land on whole pixels and alias.
    const image = checkerboard(400);
    const m: AffineMatrix = [1 / 7, 0, 0, 0, 1 / 7, 0];
    const plain = meanAndSpread(await cropImage(image, m, 57, 57));
    const smooth = meanAndSpread(await cropImage(image, m, 57, 57, { antialias: true }));
    expect(plain.spread).toBeGreaterThan(200);
    expect(smooth.spread).toBeLessThan(4);
    expect(Math.abs(smooth.mean - 127.5)).toBeLessThan(1);
  });

  it('keeps geometry: a shrunk ramp matches the plain warp within a level or two', async () => {
    const image = ramp(600, 300);
    // Rotated and shrunk 4x around the image centre, with part of the crop outside the image.
    const a = 0.3;
    const s = 0.25;
    const m: AffineMatrix = [s * Math.cos(a), s * Math.sin(a), 10, -s * Math.sin(a), s * Math.cos(a), 40];
    const plain = await cropImage(image, m, 100, 100);
    const smooth = await cropImage(image, m, 100, 100, { antialias: true });
    let worst = 0;
    for (let i = 0; i < plain.data.length; i++) {
      // Skip pixels near the image border, where the blend with black differs by design.
      const p = Math.floor(i / 3);
      const inverseX = (p % 100) - 10;
      const inverseY = Math.floor(p / 100) - 40;
      const sx = (Math.cos(a) * inverseX - Math.sin(a) * inverseY) / s;
      const sy = (Math.sin(a) * inverseX + Math.cos(a) * inverseY) / s;
      if (sx < 8 || sy < 8 || sx > 591 || sy > 291) continue;
      worst = Math.max(worst, Math.abs(plain.data[i]! - smooth.data[i]!));
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('cuts the same crops from a shared pyramid as from the bare image', async () => {
    const image = ramp(300, 200);
    const pyramid = new ImagePyramid(image);
    const maps: AffineMatrix[] = [
      [0.3, 0.05, -10, -0.05, 0.3, 4],
      [0.12, 0, 3, 0, 0.12, 2],
      [0.6, 0, -40, 0, 0.6, -20],
    ];
    for (const m of maps) expect(await cropImage(pyramid, m, 48, 32, { antialias: true })).toEqual(await cropImage(image, m, 48, 32, { antialias: true }));
  });

  it('changes smoothly with the scale, also where the pair of pyramid levels it reads changes', async () => {
    const image = checkerboard(256);
    // Scales around 1/2 and 1/4, where the crop moves from levels (0, 1) to (1, 2) and (1, 2) to (2, 3).
    for (const at of [0.5, 0.25]) {
      const below = meanAndSpread(await cropImage(image, [at * 0.98, 0, 0, 0, at * 0.98, 0], 40, 40, { antialias: true }));
      const above = meanAndSpread(await cropImage(image, [at * 1.02, 0, 0, 0, at * 1.02, 0], 40, 40, { antialias: true }));
      expect(Math.abs(below.mean - above.mean)).toBeLessThan(2);
      expect(Math.abs(below.spread - above.spread)).toBeLessThan(16);
    }
  });

  it('fills crops outside the image with the border colour', async () => {
    const crop = await cropImage(ramp(100, 100), [0.1, 0, 500, 0, 0.1, 500], 8, 8, { antialias: true, border: [9, 8, 7] });
    expect(Array.from(crop.data.subarray(0, 3))).toEqual([9, 8, 7]);
  });
});
