import { lumaOfPixel } from './luminance.js';
import { quantizationTable, quantizeRgb } from './quantize.js';

describe('quantizationTable', () => {
  it('maps values to the nearest of 8 levels 0, 36, 73, 109, 146, 182, 219, 255', () => {
    const table = quantizationTable(8);
    // Level spacing 255 / 7 = 36.43; boundaries at 18.2, 54.6, 91.1, 127.5, ...
    const expected: [value: number, level: number][] = [
      [0, 0],
      [18, 0],
      [19, 36],
      [36, 36],
      [54, 36],
      [55, 73],
      [91, 73],
      [92, 109],
      [127, 109],
      [128, 146],
      [200, 182],
      [201, 219],
      [236, 219],
      [237, 255],
      [255, 255],
    ];
    for (const [value, level] of expected) expect([value, table[value]]).toEqual([value, level]);
    expect(new Set(table)).toEqual(new Set([0, 36, 73, 109, 146, 182, 219, 255]));
  });

  it('splits at 127.5 for 2 levels and is the identity for 256', () => {
    const two = quantizationTable(2);
    expect([two[0], two[127], two[128], two[255]]).toEqual([0, 0, 255, 255]);
    const identity = quantizationTable(256);
    for (let v = 0; v < 256; v++) expect(identity[v]).toBe(v);
  });

  it('softens steps into tanh ramps that still pass through every level', () => {
    const soft = quantizationTable(8, 3);
    for (const level of [0, 36, 73, 109, 146, 182, 219, 255]) expect(soft[level]).toBe(level);
    // v = 55 between 36.43 and 72.86 (middle 54.64): 54.64 + 18.21 tanh(0.357 / 3) / tanh(18.21 / 3) = 56.80.
    expect(soft[55]).toBe(57);
    // v = 50: 54.64 + 18.21 tanh(-4.64 / 3) / tanh(6.07) = 54.64 - 18.21 * 0.9130 = 38.02.
    expect(soft[50]).toBe(38);
    for (let v = 1; v < 256; v++) expect(soft[v]).toBeGreaterThanOrEqual(soft[v - 1]);
    // A vanishing softness gives the hard table back (no middle falls on an integer with 8 levels).
    expect(Array.from(quantizationTable(8, 0.01))).toEqual(Array.from(quantizationTable(8)));
  });

  it('rejects level counts outside 2..256 and negative softness', () => {
    expect(() => quantizationTable(1)).toThrow(/levels must be an integer from 2 to 256, got 1/);
    expect(() => quantizationTable(257)).toThrow(/got 257/);
    expect(() => quantizationTable(8, -1)).toThrow(/softness/);
  });
});

describe('quantizeRgb', () => {
  it('posterises each channel in rgb mode', () => {
    const out = quantizeRgb(new Uint8Array([10, 100, 250, 0, 128, 255]), 8, 'rgb');
    expect(Array.from(out)).toEqual([0, 109, 255, 0, 146, 255]);
  });

  it('moves all channels by the luma offset in luminance mode', () => {
    // (200, 100, 50): luma (77*200 + 150*100 + 29*50) >> 8 = 31850 >> 8 = 124 -> level 109, offset -15.
    expect(lumaOfPixel(200, 100, 50)).toBe(124);
    expect(Array.from(quantizeRgb(new Uint8Array([200, 100, 50]), 8, 'luminance'))).toEqual([185, 85, 35]);
    // (255, 170, 0): luma 45135 >> 8 = 176 -> level 182, offset +6; red clamps at 255.
    expect(Array.from(quantizeRgb(new Uint8Array([255, 170, 0]), 8, 'luminance'))).toEqual([255, 176, 6]);
  });

  it('gives the same result in both modes for grey pixels', () => {
    const grey = new Uint8Array(256 * 3);
    for (let v = 0; v < 256; v++) grey.fill(v, v * 3, v * 3 + 3);
    expect(Array.from(quantizeRgb(grey, 6, 'luminance'))).toEqual(Array.from(quantizeRgb(grey, 6, 'rgb')));
  });

  it('does not modify its input', () => {
    const input = new Uint8Array([10, 100, 250]);
    quantizeRgb(input, 4, 'rgb');
    expect(Array.from(input)).toEqual([10, 100, 250]);
  });
});
