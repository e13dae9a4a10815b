import { createRgbImage, getPixel } from '@geneava/core/image';
import { centredLetterbox, letterboxCornersToImage, letterboxScale, letterboxToImage, renderLetterbox, topLeftLetterbox } from './letterbox.js';

describe('centredLetterbox', () => {
  it('fits the longer side and centres the image, mapping input edges to image edges', () => {
    const box = centredLetterbox(1920, 1280, 256);
    // 1280 * 256 / 1920 = 170.67 -> 171 rows, top border floor(85 / 2) = 42.
    expect(box).toMatchObject({ inputWidth: 256, inputHeight: 256, width: 256, height: 171, left: 0, top: 42 });
    // The input's continuous edges are the image's outer pixel edges, half a pixel outside the centres.
    expect(letterboxToImage(box, [0, 42])).toEqual([-0.5, -0.5]);
    const [x, y] = letterboxToImage(box, [256, 42 + 171]);
    expect(x).toBeCloseTo(1919.5, 9);
    expect(y).toBeCloseTo(1279.5, 9);
  });

  it('shrinks the image by padFactor so a face filling it is seen with a border', () => {
    const box = centredLetterbox(500, 500, 256, 2);
    expect(box).toMatchObject({ width: 128, height: 128, left: 64, top: 64 });
    // Input pixel 64..192 covers the image; 1 input pixel = 500/128 image pixels.
    const c = letterboxCornersToImage(box, { x1: 96, y1: 96, x2: 160, y2: 160 });
    expect(c.x1).toBeCloseTo(32 * (500 / 128) - 0.5, 9);
    expect(c.x2).toBeCloseTo(96 * (500 / 128) - 0.5, 9);
    expect(() => centredLetterbox(10, 10, 256, 0.5)).toThrow(/padFactor/);
  });
});

describe('topLeftLetterbox', () => {
  it('follows InsightFace: new_h = 640 and new_w = int(640 / ratio) for a tall image', () => {
    const tall = topLeftLetterbox(1280, 1920, 640);
    expect(tall).toMatchObject({ width: 426, height: 640, left: 0, top: 0 });
    expect(letterboxScale(tall)).toBeCloseTo(640 / 1920, 12);
    const wide = topLeftLetterbox(1920, 1367, 640);
    // int(640 * 1367 / 1920) = int(455.67) = 455.
    expect(wide).toMatchObject({ width: 640, height: 455 });
    expect(letterboxScale(wide)).toBeCloseTo(455 / 1367, 12);
  });
});

describe('renderLetterbox', () => {
  it('draws the resized image at its place on a canvas of the fill colour', async () => {
    const image = createRgbImage(4, 2, [200, 100, 50]);
    const canvas = await renderLetterbox(image, centredLetterbox(4, 2, 8), [1, 2, 3]);
    expect([canvas.width, canvas.height]).toEqual([8, 8]);
    // 8 x 4 image at rows 2..5.
    expect(getPixel(canvas, 0, 1)).toEqual([1, 2, 3]);
    expect(getPixel(canvas, 0, 2)).toEqual([200, 100, 50]);
    expect(getPixel(canvas, 7, 5)).toEqual([200, 100, 50]);
    expect(getPixel(canvas, 7, 6)).toEqual([1, 2, 3]);
  });
});
