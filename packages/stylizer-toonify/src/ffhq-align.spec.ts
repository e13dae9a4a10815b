import type { FivePoints, RgbImage } from '@geneava/core/contracts';
import { applyAffine } from '@geneava/core/geometry';
import { createRgbImage } from '@geneava/core/image';
import { alignFfhq } from './ffhq-align.js';
import { canonicalPoints, maxDifference, smoothImage } from './test-support/toonify-fixtures.test.js';

function expectAffine(actual: readonly number[], expected: readonly number[], digits = 9): void {
  expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, digits));
}

describe('alignFfhq', () => {
  it('maps a face on the FFHQ-canonical points to an identity crop', async () => {
    const image = smoothImage(256, 256);
    const { crop, transform, quad } = await alignFfhq(image, canonicalPoints(), 256);
    expectAffine(transform, [1, 0, 0, 0, 1, 0]);
    expect(quad.qsize).toBeCloseTo(256, 9);
    // The square touches the photo's edges, so FFHQ pads (77 px) and blurs a band 77/3 px deep; inside it the crop is the photo.
    expect(maxDifference(crop, image, (x, y) => x >= 30 && y >= 30 && x < 226 && y < 226)).toBe(0);
  });

  it('maps a larger, shifted face onto the same canonical points', async () => {
    const image = smoothImage(700, 600);
    const points = canonicalPoints(400, 150, 90);
    const { crop, transform } = await alignFfhq(image, points, 256);
    const canonical = canonicalPoints();
    points.forEach((point, i) => {
      const [x, y] = applyAffine(transform, point);
      expect(x).toBeCloseTo(canonical[i]![0], 6);
      expect(y).toBeCloseTo(canonical[i]![1], 6);
    });
    expect([crop.width, crop.height]).toEqual([256, 256]);
  });

  it('shrinks a face far larger than the crop first and still maps its points exactly', async () => {
    // qsize 1400 → shrink = floor(1400 / 256 · 0.5) = 2.
    const image = smoothImage(1600, 1500);
    const points = canonicalPoints(1400, 100, 50);
    const { transform, crop } = await alignFfhq(image, points, 256);
    const canonical = canonicalPoints();
    points.forEach((point, i) => {
      const [x, y] = applyAffine(transform, point);
      expect(x).toBeCloseTo(canonical[i]![0], 6);
      expect(y).toBeCloseTo(canonical[i]![1], 6);
    });
    // A smooth ramp survives the antialiased shrink: the crop centre is the photo's square centre.
    const [cx, cy] = [Math.round(100 + 699.75), Math.round(50 + 699.75)];
    const centre = (cy * 1600 + cx) * 3;
    const c = (128 * 256 + 128) * 3;
    for (let ch = 0; ch < 3; ch++) expect(Math.abs(crop.data[c + ch]! - image.data[centre + ch]!)).toBeLessThanOrEqual(2);
  });

  it('undoes a rotation of the face', async () => {
    const image = smoothImage(400, 400);
    const angle = Math.PI / 6;
    const rotate = ([x, y]: readonly [number, number]): [number, number] => {
      const dx = x - 127.5;
      const dy = y - 127.5;
      return [200 + Math.cos(angle) * dx - Math.sin(angle) * dy, 200 + Math.sin(angle) * dx + Math.cos(angle) * dy];
    };
    const points = canonicalPoints().map(rotate) as unknown as FivePoints;
    const { transform } = await alignFfhq(image, points, 256);
    const [x, y] = applyAffine(transform, points[0]);
    expect(x).toBeCloseTo(95.5, 6);
    expect(y).toBeCloseTo(121.1, 6);
  });

  it('fills what lies beyond the photo with white when asked', async () => {
    // The canonical square shifted 100 px left: its left 100 columns are outside the photo.
    const image: RgbImage = createRgbImage(256, 256, [10, 20, 30]);
    const { crop } = await alignFfhq(image, canonicalPoints(256, -100, 0), 256, 'white');
    expect(Array.from(crop.data.subarray((128 * 256 + 20) * 3, (128 * 256 + 20) * 3 + 3))).toEqual([255, 255, 255]);
    expect(Array.from(crop.data.subarray((128 * 256 + 200) * 3, (128 * 256 + 200) * 3 + 3))).toEqual([10, 20, 30]);
    // FFHQ's reflect padding of a flat photo is the same flat colour.
    const reflected = await alignFfhq(image, canonicalPoints(256, -100, 0), 256, 'reflect');
    expect(Array.from(reflected.crop.data.subarray((128 * 256 + 20) * 3, (128 * 256 + 20) * 3 + 3))).toEqual([10, 20, 30]);
  });

  it('rejects degenerate points', async () => {
    const same: FivePoints = [[5, 5], [5, 5], [5, 5], [5, 5], [5, 5]];
    await expect(alignFfhq(smoothImage(20, 20), same, 256)).rejects.toThrow('degenerate');
  });
});
