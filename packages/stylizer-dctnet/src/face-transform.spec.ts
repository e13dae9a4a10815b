import type { FivePoints } from '@geneava/core/contracts';
import { applyAffine, DCTNET_288_POINTS } from '@geneava/core/geometry';
import { headCropTransform, scalePoints } from './face-transform.js';

describe('scalePoints', () => {
  it('maps pixel centres: (x + 0.5)·s − 0.5', () => {
    const points: FivePoints = [[0, 0], [9.5, 19.5], [1, 2], [3, 4], [5, 6]];
    const scaled = scalePoints(points, 0.5, 2);
    expect(scaled[0]).toEqual([-0.25, 0.5]);
    expect(scaled[1]).toEqual([4.5, 39.5]);
  });
});

describe('headCropTransform', () => {
  it('is the identity for points already on DCT-Net’s 288 reference points', () => {
    const m = headCropTransform(DCTNET_288_POINTS);
    [1, 0, 0, 0, 1, 0].forEach((value, i) => expect(m[i]).toBeCloseTo(value, 9));
  });

  it('undoes a scale and shift of the reference points', () => {
    const points = DCTNET_288_POINTS.map(([x, y]) => [x / 2 + 100, y / 2 + 80]) as unknown as FivePoints;
    const m = headCropTransform(points);
    const [x, y] = applyAffine(m, [172, 152]);
    expect(x).toBeCloseTo(144, 9);
    expect(y).toBeCloseTo(144, 9);
  });

  it('rejects points that are not finite or that coincide', () => {
    const bad = [[0, 0], [Number.NaN, 0], [1, 1], [2, 2], [3, 3]] as unknown as FivePoints;
    expect(() => headCropTransform(bad)).toThrow('its five points are not five finite (x, y) pairs');
    const same: FivePoints = [[5, 5], [5, 5], [5, 5], [5, 5], [5, 5]];
    expect(() => headCropTransform(same)).toThrow('degenerate');
  });
});
