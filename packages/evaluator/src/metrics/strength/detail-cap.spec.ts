import { capAddedDetail } from './detail-cap.js';
import type { RegionPlanes } from './region.js';

/** A 24x24 region whose lightness is `l(x, y)`, a* = b* = 0. */
function region(l: (x: number, y: number) => number): RegionPlanes {
  const n = 24 * 24;
  const plane = new Float32Array(n);
  for (let i = 0; i < n; i++) plane[i] = l(i % 24, Math.floor(i / 24));
  return { width: 24, height: 24, l: plane, a: new Float32Array(n), b: new Float32Array(n) };
}

const spread = (plane: Float32Array) => {
  const mean = plane.reduce((s, v) => s + v, 0) / plane.length;
  return Math.sqrt(plane.reduce((s, v) => s + (v - mean) ** 2, 0) / plane.length);
};

describe('capAddedDetail', () => {
  it('shrinks fine detail added over a flat photo to the photo\'s level, keeping the mean', () => {
    const flat = region(() => 50);
    const noisy = region((x, y) => 50 + ((x + y) % 2 === 0 ? 10 : -10));
    const capped = capAddedDetail(flat, noisy);
    expect(spread(noisy.l)).toBeCloseTo(10, 5);
    expect(spread(capped.l)).toBeLessThan(1);
    expect(capped.l.reduce((s, v) => s + v, 0) / capped.l.length).toBeCloseTo(50, 1);
  });

  it('leaves removed detail and an unchanged avatar exactly as they are', () => {
    const textured = region((x, y) => 50 + ((x + y) % 2 === 0 ? 10 : -10));
    const flat = region(() => 50);
    expect(capAddedDetail(textured, flat).l).toEqual(flat.l);
    expect(capAddedDetail(textured, textured).l).toEqual(textured.l);
  });

  it('refuses regions of different sizes', () => {
    const small = { ...region(() => 0), width: 12, height: 48 };
    expect(() => capAddedDetail(small, region(() => 0))).toThrow('capAddedDetail: regions of 12x48 and 24x24 cells');
  });
});
