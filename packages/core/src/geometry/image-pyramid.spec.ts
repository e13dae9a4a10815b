import type { RgbImage } from '../contracts/image.js';
import { applyAffine, invertAffine } from './affine.js';
import { ImagePyramid, MAX_PYRAMID_LEVEL } from './image-pyramid.js';

/** A horizontal ramp, 2 levels per pixel: Lanczos keeps linear functions away from the edges. */
function ramp(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.fill(2 * x, (y * width + x) * 3, (y * width + x) * 3 + 3);
  return { width, height, data };
}

describe('ImagePyramid', () => {
  it('halves each level, rounding sides and stopping at 1 px', async () => {
    const pyramid = new ImagePyramid(ramp(101, 7));
    const sizes = [];
    for (let k = 0; k <= 8; k++) {
      const { image, index } = await pyramid.level(k);
      sizes.push([index, image.width, image.height]);
    }
    expect(sizes).toEqual([
      [0, 101, 7],
      [1, 51, 4],
      [2, 26, 2],
      [3, 13, 1],
      [4, 7, 1],
      [5, 4, 1],
      [6, 2, 1],
      [7, 1, 1],
      [8, 1, 1],
    ]);
  });

  it('maps source coordinates onto each level: a level pixel holds the ramp value of its source position', async () => {
    const pyramid = new ImagePyramid(ramp(120, 40));
    for (const k of [1, 2, 3]) {
      const level = await pyramid.level(k);
      const toSource = invertAffine(level.fromSource);
      const row = Math.floor(level.image.height / 2);
      // Away from the edges, where the filter sees the ramp on both sides.
      for (let x = Math.ceil(level.image.width / 4); x <= (3 * level.image.width) / 4; x++) {
        const [sourceX] = applyAffine(toSource, [x, row]);
        expect({ k, x, value: level.image.data[(row * level.image.width + x) * 3]! }).toEqual({ k, x, value: expect.closeTo(2 * sourceX, 0) });
      }
    }
  });

  it('makes each level once', async () => {
    const pyramid = new ImagePyramid(ramp(64, 64));
    pyramid.prefetch(2);
    const [first, again] = await Promise.all([pyramid.level(2), pyramid.level(2)]);
    expect(first).toBe(again);
    expect((await pyramid.level(0)).image).toBe(pyramid.source);
  });

  it('refuses levels outside 0 to MAX_PYRAMID_LEVEL', async () => {
    const pyramid = new ImagePyramid(ramp(8, 8));
    await expect(pyramid.level(-1)).rejects.toThrow(/level must be an integer from 0 to 16, got -1/);
    await expect(pyramid.level(MAX_PYRAMID_LEVEL + 1)).rejects.toThrow(/got 17/);
    await expect(pyramid.level(1.5)).rejects.toThrow(/got 1.5/);
  });

  it('refuses a malformed image', () => {
    expect(() => new ImagePyramid({ width: 4, height: 4, data: new Uint8Array(5) })).toThrow(/ImagePyramid: image data has 5 bytes/);
  });
});
