import { createRgbImage, getPixel } from '@geneava/core/image';
import { drawBackground, drawFaceLike, seededRandom } from './synthetic.js';

describe('drawFaceLike', () => {
  it('puts the five points on the drawn eyes, nose and mouth', () => {
    const image = createRgbImage(200, 200, [128, 128, 128]);
    const face = drawFaceLike(image, 100, 100, 100);
    // Eyes at (100 ∓ 17, 92), nose at (100, 110), mouth corners at (100 ∓ 14, 128).
    expect(face.points5).toEqual([[83, 92], [117, 92], [100, 110], [86, 128], [114, 128]]);
    expect(getPixel(image, 83, 92)).toEqual([35, 25, 20]);
    expect(getPixel(image, 117, 92)).toEqual([35, 25, 20]);
    expect(getPixel(image, 100, 105)).toEqual([190, 135, 110]);
    expect(getPixel(image, 100, 128)).toEqual([170, 50, 60]);
    expect(getPixel(image, 70, 115)).toEqual([225, 180, 150]);
    // Head ellipse: centre (100, 105), semi-axes 42 x 55.
    expect(face.box.x).toBeCloseTo(58, 9);
    expect(face.box.y).toBeCloseTo(50, 9);
    expect(face.box.width).toBeCloseTo(84, 9);
    expect(face.box.height).toBeCloseTo(110, 9);
    expect(getPixel(image, 5, 5)).toEqual([128, 128, 128]);
  });
});

describe('drawBackground and seededRandom', () => {
  it('are deterministic for a seed and differ between seeds', () => {
    expect(Array.from(drawBackground(20, 10, 4).data)).toEqual(Array.from(drawBackground(20, 10, 4).data));
    expect(Array.from(drawBackground(20, 10, 4).data)).not.toEqual(Array.from(drawBackground(20, 10, 5).data));
    const a = seededRandom(9);
    const values = Array.from({ length: 1000 }, () => a());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    // The LCG's first step from seed 9: (9 * 1664525 + 1013904223) mod 2^32 = 1028884948.
    expect(seededRandom(9)()).toBe(1028884948 / 4294967296);
  });
});
