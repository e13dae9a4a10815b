import { withMeanColourOf } from './colour-offset.js';
import type { RegionPlanes } from './region.js';

const planes = (l: number[], a: number[], b: number[]): RegionPlanes => ({ width: l.length, height: 1, l: Float32Array.from(l), a: Float32Array.from(a), b: Float32Array.from(b) });

describe('withMeanColourOf', () => {
  it('shifts each Lab plane of the photo by its mean difference to the avatar, keeping its variation', () => {
    const shifted = withMeanColourOf(planes([10, 20, 30], [0, 0, 0], [5, 5, 5]), planes([15, 25, 35], [-3, 3, 6], [5, 5, 5]));
    expect(Array.from(shifted.l)).toEqual([15, 25, 35]);
    expect(Array.from(shifted.a)).toEqual([2, 2, 2]);
    expect(Array.from(shifted.b)).toEqual([5, 5, 5]);
  });

  it('takes the avatar\'s lightness and chroma gains within [1/2, 2]: a contrast or saturation change is explained away', () => {
    const matched = withMeanColourOf(planes([10, 20, 30], [-4, 0, 4], [2, 0, -2]), planes([5, 20, 35], [-6, 0, 6], [3, 0, -3]));
    expect(Array.from(matched.l)).toEqual([5, 20, 35]);
    expect(Array.from(matched.a)).toEqual([-6, 0, 6]);
    expect(Array.from(matched.b)).toEqual([3, 0, -3]);
  });

  it('keeps only the offset where no gain in [1/2, 2] explains the avatar: greyscale, inversion, a flat face', () => {
    const photo = planes([10, 20, 30], [-4, 0, 4], [2, 0, -2]);
    const grey = withMeanColourOf(photo, planes([10, 20, 30], [0, 0, 0], [0, 0, 0]));
    expect(Array.from(grey.a)).toEqual([-4, 0, 4]);
    expect(Array.from(grey.b)).toEqual([2, 0, -2]);
    expect(Array.from(withMeanColourOf(photo, planes([30, 20, 10], [-4, 0, 4], [2, 0, -2])).l)).toEqual([10, 20, 30]);
    expect(Array.from(withMeanColourOf(photo, planes([21, 20, 19], [-4, 0, 4], [2, 0, -2])).l)).toEqual([10, 20, 30]);
  });

  it('returns the same planes for an avatar of the same mean colour, and refuses other sizes', () => {
    const photo = planes([1, 2], [3, 4], [5, 6]);
    expect(withMeanColourOf(photo, photo).l).toBe(photo.l);
    expect(() => withMeanColourOf(photo, planes([1], [1], [1]))).toThrow('withMeanColourOf: regions of 2x1 and 1x1 cells');
  });
});
