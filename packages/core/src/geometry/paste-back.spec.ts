import type { RgbImage } from '../contracts/image.js';
import { createRgbImage, getPixel } from '../image/rgb-image.js';
import { similarityAffine, translationAffine } from './affine.js';
import { pasteBack } from './paste-back.js';
import { warpAffine } from './warp.js';

function patchPattern(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    data[i * 3] = (i * 13) % 256;
    data[i * 3 + 1] = 200;
    data[i * 3 + 2] = (i * 7) % 256;
  }
  return { width, height, data };
}

describe('pasteBack', () => {
  const base = createRgbImage(40, 30, [90, 90, 90]);
  const patch = patchPattern(10, 8);
  // The crop was taken at (12, 8): patch(x, y) = base(x + 12, y + 8).
  const crop = translationAffine(-12, -8);
  const ones = new Float32Array(10 * 8).fill(1);

  it('with a full mask returns the crop pixels inside and leaves the rest alone', () => {
    const out = pasteBack(base, patch, crop, ones);
    for (let y = 0; y < 30; y++) {
      for (let x = 0; x < 40; x++) {
        const inside = x >= 12 && x < 22 && y >= 8 && y < 16;
        expect(getPixel(out, x, y)).toEqual(inside ? getPixel(patch, x - 12, y - 8) : [90, 90, 90]);
      }
    }
    expect(base.data.every((v) => v === 90)).toBe(true);
  });

  it('blends m·patch + (1 − m)·base', () => {
    const half = new Float32Array(10 * 8).fill(0.5);
    const out = pasteBack(base, patch, crop, half);
    const [r, , b] = getPixel(patch, 3, 2);
    expect(getPixel(out, 15, 10)).toEqual([Math.round((r + 90) / 2), Math.round((200 + 90) / 2), Math.round((b + 90) / 2)]);
    expect(pasteBack(base, patch, crop, new Float32Array(80)).data).toEqual(base.data);
  });

  it('puts a processed crop of a scaled, rotated face back where it came from', () => {
    // Linear ramps survive bilinear resampling exactly, so only rounding separates the round trip from the truth.
    const scene = createRgbImage(60, 50);
    for (let y = 0; y < 50; y++) {
      for (let x = 0; x < 60; x++) scene.data.set([4 * x, 200, 5 * y], (y * 60 + x) * 3);
    }
    // Base (30, 25) → crop centre (11.5, 11.5), twice as large, turned by 0.3 rad.
    const transform = similarityAffine(2, 0.3, [30, 25], [-18.5, -13.5]);
    const cropped = warpAffine(scene, transform, 24, 24);
    const inverted: RgbImage = { ...cropped, data: cropped.data.map((v) => 255 - v) };
    const out = pasteBack(scene, inverted, transform, new Float32Array(24 * 24).fill(1));
    for (let y = 21; y <= 29; y++) {
      for (let x = 26; x <= 34; x++) {
        const [r, g, b] = getPixel(out, x, y);
        expect(Math.abs(r - (255 - 4 * x))).toBeLessThanOrEqual(1);
        expect(g).toBe(55);
        expect(Math.abs(b - (255 - 5 * y))).toBeLessThanOrEqual(1);
      }
    }
    // Far from the crop nothing changes.
    expect(getPixel(out, 0, 0)).toEqual(getPixel(scene, 0, 0));
    expect(getPixel(out, 59, 49)).toEqual(getPixel(scene, 59, 49));
  });

  it("feathers a procedural mask: full patch in the middle, blended at the crop's edge", () => {
    const out = pasteBack(base, patch, crop, 'feathered', { featherWidth: 2 });
    expect(getPixel(out, 17, 12)).toEqual(getPixel(patch, 5, 4));
    const [r] = getPixel(patch, 0, 4);
    expect(getPixel(out, 12, 12)[0]).toBe(Math.round(0.25 * r + 0.75 * 90)); // rim weight 0.5/2
    const ellipse = pasteBack(base, patch, crop, 'feathered', { featherShape: 'ellipse', featherWidth: 2 });
    expect(getPixel(ellipse, 12, 8)).toEqual([90, 90, 90]); // the crop's corner is outside the ellipse
  });

  it('checks the mask size', () => {
    expect(() => pasteBack(base, patch, crop, new Float32Array(3))).toThrow(/expected the patch's 10x8 = 80/);
  });
});
