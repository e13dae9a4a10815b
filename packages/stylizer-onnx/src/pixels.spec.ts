import { centreSquare, cropImage, padImage } from './pixels.js';

// 2x2 image: pixels a b / c d, each an RGB triple with a distinct value.
const image = { width: 2, height: 2, data: Uint8Array.of(1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4) };
const reds = (data: Uint8Array) => Array.from(data.filter((_, i) => i % 3 === 0));

describe('padImage', () => {
  it('places the image and fills the rest with a colour', () => {
    const padded = padImage(image, 4, 3, 1, 1, [9, 8, 7]);
    expect([padded.width, padded.height]).toEqual([4, 3]);
    expect(reds(padded.data)).toEqual([9, 9, 9, 9, 9, 1, 2, 9, 9, 3, 4, 9]);
    expect(Array.from(padded.data.subarray(0, 3))).toEqual([9, 8, 7]);
  });

  it('repeats the nearest edge pixel with "replicate"', () => {
    expect(reds(padImage(image, 4, 4, 1, 1, 'replicate').data)).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    expect(reds(padImage(image, 3, 3, 0, 0, 'replicate').data)).toEqual([1, 2, 2, 3, 4, 4, 3, 4, 4]);
  });
});

describe('cropImage and centreSquare', () => {
  it('copies a rectangle and refuses one outside the image', () => {
    const padded = padImage(image, 4, 3, 1, 1, [9, 9, 9]);
    expect(reds(cropImage(padded, { x: 1, y: 1, width: 2, height: 2 }).data)).toEqual([1, 2, 3, 4]);
    expect(() => cropImage(image, { x: 1, y: 0, width: 2, height: 2 })).toThrow('cropImage: 2x2 at (1, 0) does not lie within the 2x2 image');
  });

  it('finds the centred square', () => {
    expect(centreSquare({ width: 7, height: 4, data: new Uint8Array(84) })).toEqual({ x: 1, y: 0, width: 4, height: 4 });
    expect(centreSquare({ width: 4, height: 9, data: new Uint8Array(108) })).toEqual({ x: 0, y: 2, width: 4, height: 4 });
  });
});
