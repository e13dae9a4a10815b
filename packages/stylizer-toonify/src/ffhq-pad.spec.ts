import type { RgbImage } from '@geneava/core/contracts';
import { channelMedians, ffhqPad, padMask, reflectIndex, reflectPad } from './ffhq-pad.js';

describe('reflectIndex (numpy.pad mode "reflect")', () => {
  it('mirrors about the edge pixels without repeating them', () => {
    // np.pad([1, 2, 3], 2, 'reflect') = [3, 2, 1, 2, 3, 2, 1]
    expect([-2, -1, 0, 1, 2, 3, 4].map((i) => reflectIndex(i, 3))).toEqual([2, 1, 0, 1, 2, 1, 0]);
    // Pads longer than the array keep bouncing: np.pad([1, 2], 3, 'reflect') = [2, 1, 2, 1, 2, 1, 2, 1]
    expect([-3, -2, -1, 0, 1, 2, 3, 4].map((i) => reflectIndex(i, 2))).toEqual([1, 0, 1, 0, 1, 0, 1, 0]);
    expect(reflectIndex(-5, 1)).toBe(0);
  });

  it('pads an image that way on each side', () => {
    const image: RgbImage = { width: 3, height: 1, data: Uint8Array.from([1, 1, 1, 2, 2, 2, 3, 3, 3]) };
    const padded = reflectPad(image, [2, 1, 1, 0]);
    expect([padded.width, padded.height]).toEqual([6, 2]);
    // Row 0 mirrors row 0 (the only row); columns: 3 2 | 1 2 3 | 2.
    expect(Array.from(padded.data.filter((_, i) => i % 3 === 0))).toEqual([3, 2, 1, 2, 3, 2, 3, 2, 1, 2, 3, 2]);
  });
});

describe('padMask', () => {
  it('is 1 at the outer border, 0 where the photo starts and falls below 0 inside', () => {
    // 10 wide, pads 2 left and 4 right; one row, pads 0 above and below (infinitely far).
    const mask = padMask(10, 1, [2, 0, 4, 0]);
    // x = 0: 1 − min(0/2, 9/4) = 1; x = 2: 1 − 1 = 0; x = 3: 1 − min(1.5, 1.5) = −0.5; x = 9: 1 − 0 = 1; x = 5: 1 − min(2.5, 1) = 0.
    expect(mask[0]).toBe(1);
    expect(mask[2]).toBe(0);
    expect(mask[3]).toBeCloseTo(-0.5, 6);
    expect(mask[5]).toBeCloseTo(0, 6);
    expect(mask[9]).toBe(1);
  });
});

describe('channelMedians', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(channelMedians(Float32Array.from([1, 10, 5, 3, 20, 6, 2, 30, 7]))).toEqual([2, 20, 6]);
    expect(channelMedians(Float32Array.from([1, 0, 0, 2, 0, 0, 3, 0, 0, 10, 0, 0]))).toEqual([2.5, 0, 0]);
  });
});

describe('ffhqPad', () => {
  it('keeps the photo deep inside, fades the outer border to the median colour', async () => {
    // 40x40 of a single colour except a bright pixel far inside: every blend of a flat image is the same flat image.
    const data = new Uint8Array(40 * 40 * 3).fill(100);
    data.set([250, 250, 250], (20 * 40 + 20) * 3);
    const out = await ffhqPad({ width: 40, height: 40, data }, [12, 12, 12, 12], 60);
    expect([out.width, out.height]).toEqual([64, 64]);
    // (32, 32) is the photo's (20, 20), 20 px inside: beyond 4/3 of the pad, so neither blur nor median reach it.
    expect(Array.from(out.data.subarray((32 * 64 + 32) * 3, (32 * 64 + 32) * 3 + 3))).toEqual([250, 250, 250]);
    // Corners are all median (100).
    expect(Array.from(out.data.subarray(0, 3))).toEqual([100, 100, 100]);
  });

  it('blurs the band where the photo meets the padding', async () => {
    // Left half black, right half white: the reflect pad continues the halves; a pixel at the photo's left
    // edge next to the black/white boundary is not involved, but the boundary column near the top pad is blurred.
    const width = 40;
    const data = new Uint8Array(width * width * 3);
    for (let y = 0; y < width; y++) data.fill(255, (y * width + 20) * 3, (y + 1) * width * 3);
    const out = await ffhqPad({ width, height: width, data }, [12, 12, 12, 12], 100);
    // The photo's (19, 0) sits at (31, 12): mask 0 there, blur weight 1 with σ = 2, so it is no longer pure black.
    const value = out.data[(12 * 64 + 31) * 3]!;
    expect(value).toBeGreaterThan(40);
    expect(value).toBeLessThan(215);
  });
});
