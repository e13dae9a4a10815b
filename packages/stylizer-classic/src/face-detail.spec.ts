import { blendByWeight, FACE_ELLIPSE_FEATHER_END, FACE_ELLIPSE_SCALE, faceWeightMap } from './face-detail.js';

describe('faceWeightMap', () => {
  // Box 20x20 at (10, 10): centre (20, 20), semi-axes 10 * 1.15 = 11.5.
  const box = { x: 10, y: 10, width: 20, height: 20 };

  it('is 255 inside the ellipse, 0 far away and feathered in between', () => {
    expect(FACE_ELLIPSE_SCALE).toBe(1.15);
    expect(FACE_ELLIPSE_FEATHER_END).toBe(1.3);
    const weights = faceWeightMap(40, 40, [box]);
    expect(weights[19 * 40 + 19]).toBe(255);
    // Pixel (30, 19): centre (30.5, 19.5), normalised radius sqrt((10.5/11.5)^2 + (0.5/11.5)^2) = 0.914: inside.
    expect(weights[19 * 40 + 30]).toBe(255);
    // Pixel (33, 19): radius sqrt((13.5/11.5)^2 + (0.5/11.5)^2) = 1.17471 -> 255 * (1.3 - 1.17471) / 0.3 = 106.5.
    expect(weights[19 * 40 + 33]).toBe(106);
    // Pixel (35, 19): radius 1.348 > 1.3.
    expect(weights[19 * 40 + 35]).toBe(0);
    expect(weights[0]).toBe(0);
    // The map is symmetric about the box centre: pixel (6, 19) mirrors (33, 20) -> same radius as (33, 19).
    expect(weights[20 * 40 + 6]).toBe(106);
  });

  it('takes the maximum where faces overlap and skips empty boxes', () => {
    const single = faceWeightMap(40, 40, [box]);
    const withEmpty = faceWeightMap(40, 40, [box, { x: 0, y: 0, width: 0, height: 10 }]);
    expect(Array.from(withEmpty)).toEqual(Array.from(single));
    const shifted = { ...box, x: 14 };
    const both = faceWeightMap(40, 40, [box, shifted]);
    const other = faceWeightMap(40, 40, [shifted]);
    for (let i = 0; i < both.length; i++) expect(both[i]).toBe(Math.max(single[i], other[i]));
  });

  it('clips boxes that reach past the image', () => {
    const weights = faceWeightMap(8, 6, [{ x: -20, y: -20, width: 60, height: 60 }]);
    expect(Array.from(weights)).toEqual(new Array(48).fill(255));
    expect(Array.from(faceWeightMap(8, 6, [{ x: 100, y: 100, width: 5, height: 5 }]))).toEqual(new Array(48).fill(0));
  });
});

describe('blendByWeight', () => {
  it('keeps outside at 0, takes inside at 255 and rounds in between', () => {
    const outside = new Uint8Array([0, 10, 20, 0, 10, 20, 0, 100, 255]);
    const inside = new Uint8Array([255, 30, 40, 255, 30, 40, 255, 101, 0]);
    const out = blendByWeight(outside, inside, new Uint8Array([0, 255, 128]));
    // Weight 128: (0 * 127 + 255 * 128 + 127) / 255 = 128.5 -> 128; (100 * 127 + 101 * 128) / 255 = 100.50 -> 101;
    // (255 * 127 + 127) / 255 = 127.5 -> 127.
    expect(Array.from(out)).toEqual([0, 10, 20, 255, 30, 40, 128, 101, 127]);
  });

  it('rejects buffers of different sizes', () => {
    expect(() => blendByWeight(new Uint8Array(3), new Uint8Array(6), new Uint8Array(1))).toThrow(/do not match/);
  });
});
