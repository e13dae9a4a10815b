import { createRgbImage } from '@geneava/core/image';
import { benchPortrait, naiveBilateral, sharpRoundTrip } from './baselines.js';
import { formatThroughputReport, measureThroughput } from './throughput.js';

describe('measureThroughput', () => {
  it('warms up, then runs at least minRuns times and reports runs per second', async () => {
    let calls = 0;
    const result = await measureThroughput('count', () => calls++, { warmup: 3, minRuns: 7, minSeconds: 0 });
    expect(calls).toBe(10);
    expect(result.runs).toBe(7);
    expect(result.perSecond).toBeCloseTo(result.runs / result.seconds, 9);
  });
});

describe('formatThroughputReport', () => {
  it('prints each rate and the ratios to every baseline', () => {
    const report = formatThroughputReport(
      'bench 512x512',
      [{ label: 'copy', runs: 100, seconds: 2, perSecond: 50 }],
      [{ label: 'style', runs: 20, seconds: 2, perSecond: 10 }],
    );
    expect(report).toBe(
      ['bench 512x512', '  baseline  copy       50.0 img/s  (100 in 2.00 s)', '  measured  style      10.0 img/s  (20 in 2.00 s)  = 0.20x copy', ''].join('\n'),
    );
  });
});

describe('baselines', () => {
  it('naive bilateral: a flat image stays flat; a 3x1 step matches the hand-computed weights', () => {
    const flat = createRgbImage(9, 7, [10, 200, 77]);
    expect(Array.from(naiveBilateral(flat).data)).toEqual(Array.from(flat.data));
    // Grey 0, 30, 0 with radius 1, sigmaSpace 1, sigmaColor 30: a neighbour 30 levels away per channel
    // weighs exp(-1/2) (space) x exp(-1/2) (range) = e^-1. Middle: 30 / (1 + 2/e) = 17.28 -> 17;
    // each end has one neighbour inside the image: 30 e^-1 / (1 + e^-1) = 30 / (e + 1) = 8.07 -> 8.
    const step = { width: 3, height: 1, data: Uint8Array.of(0, 0, 0, 30, 30, 30, 0, 0, 0) };
    expect(Array.from(naiveBilateral(step, 1, 1, 30).data)).toEqual([8, 8, 8, 17, 17, 17, 8, 8, 8]);
  });

  it('sharp round trip keeps the size and a flat colour', async () => {
    const flat = createRgbImage(33, 17, [90, 20, 200]);
    const back = await sharpRoundTrip(flat);
    expect([back.width, back.height]).toEqual([33, 17]);
    expect(Array.from(back.data)).toEqual(Array.from(flat.data));
  });

  it('draws the same benchmark portrait every time', () => {
    expect(Buffer.from(benchPortrait(64).data).equals(Buffer.from(benchPortrait(64).data))).toBe(true);
    expect(benchPortrait(64).width).toBe(64);
  });
});
