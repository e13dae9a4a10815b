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

  it('returns the same planes for an avatar of the same mean colour, and refuses other sizes', () => {
    const photo = planes([1, 2], [3, 4], [5, 6]);
    expect(withMeanColourOf(photo, photo).l).toBe(photo.l);
    expect(() => withMeanColourOf(photo, planes([1], [1], [1]))).toThrow('withMeanColourOf: regions of 2x1 and 1x1 cells');
  });
});
