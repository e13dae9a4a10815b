/**
 * cropIntoTensor against the path it replaces for model inputs: cropImage's crop, then imagesToTensor
 * through the same value range. Every value must be equal, on a real photo, for crops that shrink
 * (trilinear from the pyramid), crops that enlarge or are not antialiased (plain bilinear), and crops
 * that reach past the photo's edge (border colour).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RgbImage } from '@geneava/core/contracts';
import { ImagePyramid, type AffineMatrix } from '@geneava/core/geometry';
import { decodeImage, forwardTables, imagesToTensor, type ValueRange } from '@geneava/core/image';
import { cropImage, cropIntoTensor, type CropOptions } from './crop-image.js';

function samplePath(n: number): string {
  const require = createRequire(join(process.cwd(), 'package.json'));
  return join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo', `sample${n}.jpg`);
}

/** Scale s, turned by `angle`, with the photo point (cx, cy) at the crop's centre. */
function cropMatrix(s: number, angle: number, cx: number, cy: number, size: number): AffineMatrix {
  const cos = Math.cos(angle) * s;
  const sin = Math.sin(angle) * s;
  const mid = size / 2 - 0.5;
  return [cos, sin, mid - (cos * cx + sin * cy), -sin, cos, mid - (-sin * cx + cos * cy)];
}

describe('cropIntoTensor', () => {
  let photo: RgbImage;
  beforeAll(async () => {
    photo = await decodeImage(samplePath(2));
  });

  const cases: { name: string; matrix: (p: RgbImage) => AffineMatrix; options: CropOptions }[] = [
    { name: 'a shrinking, turned crop (trilinear)', matrix: (p) => cropMatrix(0.41, 0.2, p.width * 0.4, p.height * 0.35, 64), options: { antialias: true } },
    { name: 'a crop at a level boundary (scale 1/4)', matrix: (p) => cropMatrix(0.25, -0.1, p.width * 0.6, p.height * 0.5, 64), options: { antialias: true } },
    { name: 'a crop past the corner, grey border', matrix: () => cropMatrix(0.3, 0.4, 5, 8, 64), options: { antialias: true, border: [128, 64, 32] } },
    { name: 'an enlarging crop (bilinear)', matrix: (p) => cropMatrix(1.7, 0.3, p.width / 2, p.height / 2, 64), options: { antialias: true } },
    { name: 'a shrinking crop without antialiasing', matrix: (p) => cropMatrix(0.41, 0.2, p.width * 0.4, p.height * 0.35, 64), options: {} },
  ];

  for (const { name, matrix, options } of cases) {
    for (const range of [
      [0, 1],
      [-1, 1],
    ] as ValueRange[]) {
      it(`gives imagesToTensor's values of cropImage's crop: ${name}, range [${range.join(', ')}]`, async () => {
        const pyramid = new ImagePyramid(photo);
        const m = matrix(photo);
        const expected = imagesToTensor([await cropImage(pyramid, m, 64, 64, options)], { layout: 'NHWC', range }).data;
        // Second place of a batch of two: nothing before the offset or after the crop is written.
        const data = new Float32Array(2 * 64 * 64 * 3).fill(Number.NaN);
        await cropIntoTensor(pyramid, m, 64, 64, { data, offset: 64 * 64 * 3, tables: forwardTables(range) }, options);
        expect(data.subarray(0, 64 * 64 * 3).every(Number.isNaN)).toBe(true);
        expect(data.subarray(64 * 64 * 3)).toEqual(expected);
      });
    }
  }
});
