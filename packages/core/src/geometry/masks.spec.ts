import { ellipticalHeadMask, featheredEllipseMask, featheredRectangleMask } from './masks.js';

describe('ellipticalHeadMask (DCT-Net initialize_mask)', () => {
  const size = 288;
  const mask = ellipticalHeadMask(size);
  const at = (x: number, y: number): number => mask[y * size + x];

  it('is 0 outside the ellipse centred at (144, 144) with semi-axes (115, 141)', () => {
    expect(mask).toHaveLength(size * size);
    expect(at(0, 0)).toBe(0);
    expect(at(28, 144)).toBe(0); // 144 − 115 − 1
    expect(at(144, 2)).toBe(0); // 144 − 141 − 1
    expect(at(260, 144)).toBe(0); // 144 + 115 + 1
  });

  it('ramps by one chamfer step (0.955) per pixel over 0.15·288 = 43.2 pixels, as cv2 gives', () => {
    // Values from cv2 (OpenCV 4.6) initialize_mask(288): 0.0221065, 0.0442130 on the rim of the middle row.
    expect(at(29, 144)).toBeCloseTo(0.955 / 43.2, 6);
    expect(at(30, 144)).toBeCloseTo((2 * 0.955) / 43.2, 6);
    expect(at(144, 3)).toBeCloseTo(0.955 / 43.2, 6);
    expect(at(144, 144)).toBe(1);
    expect(at(100, 144)).toBe(1);
  });
});

describe('feathered masks', () => {
  it('feathers a rectangle linearly from its edge', () => {
    const mask = featheredRectangleMask(10, 8, 2);
    // Distance from the pixel centre to the nearest edge over the border width: 0.5/2, 1.5/2, then 1.
    expect(mask[4 * 10 + 0]).toBeCloseTo(0.25, 7);
    expect(mask[4 * 10 + 1]).toBeCloseTo(0.75, 7);
    expect(mask[4 * 10 + 2]).toBe(1);
    expect(mask[0]).toBeCloseTo(0.25, 7);
    expect(mask[7 * 10 + 9]).toBeCloseTo(0.25, 7);
    expect(featheredRectangleMask(3, 3, 0).every((v) => v === 1)).toBe(true);
  });

  it('feathers the inscribed ellipse: 1 inside, 0 in the corners, symmetric', () => {
    const w = 40;
    const h = 30;
    const mask = featheredEllipseMask(w, h, 4);
    expect(mask[15 * w + 20]).toBe(1);
    expect(mask[0]).toBe(0);
    expect(mask[h * w - 1]).toBe(0);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        expect(mask[y * w + x]).toBeCloseTo(mask[y * w + (w - 1 - x)], 6);
        expect(mask[y * w + x]).toBeCloseTo(mask[(h - 1 - y) * w + x], 6);
      }
    }
    // On the middle row the rim pixel is one pixel from the outside: (1 − 0.5)/4.
    expect(mask[15 * w + 0]).toBeCloseTo(0.125, 6);
  });
});
