import { limitShortSide } from './working-size.js';

describe('limitShortSide (DCT-Net resize_size)', () => {
  it('keeps images whose short side is at most the limit', () => {
    expect(limitShortSide(1920, 720, 720)).toEqual({ width: 1920, height: 720 });
    expect(limitShortSide(37, 23, 720)).toEqual({ width: 37, height: 23 });
  });

  it('shrinks the short side to the limit and truncates the long side as int() does', () => {
    // 1500x800: width = int(720 * 1500 / 800) = int(1350) = 1350.
    expect(limitShortSide(1500, 800, 720)).toEqual({ width: 1350, height: 720 });
    // Portrait 1001x1333: height = int(720 * 1333 / 1001) = int(958.80...) = 958.
    expect(limitShortSide(1001, 1333, 720)).toEqual({ width: 720, height: 958 });
    // Square: both sides go to the limit.
    expect(limitShortSide(1024, 1024, 720)).toEqual({ width: 720, height: 720 });
  });
});
