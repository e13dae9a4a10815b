import { cropAroundFace, cropRgb } from './face-crop.js';

describe('face crops', () => {
  it('centres a square of scale x the longer side, moved inside the photo', () => {
    // face 20x30 centred at (50, 45): side 60 -> (20, 15)
    expect(cropAroundFace({ x: 40, y: 30, width: 20, height: 30 }, { width: 200, height: 100 }, 2)).toEqual({ x: 20, y: 15, width: 60, height: 60 });
    // near the right edge: moved left to 200 - 60
    expect(cropAroundFace({ x: 180, y: 30, width: 20, height: 30 }, { width: 200, height: 100 }, 2)).toEqual({ x: 140, y: 15, width: 60, height: 60 });
    // larger than the photo: shrunk to its shorter side
    expect(cropAroundFace({ x: 40, y: 30, width: 40, height: 40 }, { width: 200, height: 100 }, 3)).toEqual({ x: 10, y: 0, width: 100, height: 100 });
  });

  it('copies the pixels of a box', () => {
    const image = { width: 3, height: 2, data: Uint8Array.from({ length: 18 }, (_, i) => i) };
    expect(Array.from(cropRgb(image, { x: 1, y: 0, width: 2, height: 2 }).data)).toEqual([3, 4, 5, 6, 7, 8, 12, 13, 14, 15, 16, 17]);
    expect(() => cropRgb(image, { x: 2, y: 0, width: 2, height: 2 })).toThrow('crop 2,0 2x2 does not lie inside the 3x2 image');
  });
});
