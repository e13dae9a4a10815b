import type { RgbImage } from '@geneava/core/contracts';
import { cropTopLeft, padTo16 } from './background-pad.js';

function numbered(width: number, height: number): RgbImage {
  return { width, height, data: Uint8Array.from({ length: width * height * 3 }, (_, i) => i % 200) };
}

describe('padTo16 (DCT-Net padTo16x)', () => {
  it('leaves an image whose sides are both multiples of 16 alone', () => {
    const image = numbered(32, 16);
    expect(padTo16(image)).toBe(image);
  });

  it('pads bottom and right with white to (side // 16 + 1) * 16', () => {
    const image = numbered(37, 23);
    const padded = padTo16(image);
    expect([padded.width, padded.height]).toEqual([48, 32]);
    // Row 5 starts with the image's row 5, then white from x = 37.
    expect(Array.from(padded.data.subarray(5 * 48 * 3, 5 * 48 * 3 + 37 * 3))).toEqual(Array.from(image.data.subarray(5 * 37 * 3, 6 * 37 * 3)));
    expect(Array.from(padded.data.subarray((5 * 48 + 37) * 3, 6 * 48 * 3))).toEqual(new Array(11 * 3).fill(255));
    // Rows 23..31 are white.
    expect(padded.data.subarray(23 * 48 * 3).every((v) => v === 255)).toBe(true);
  });

  it('keeps the quirk of growing a side that already is a multiple when the other is not', () => {
    // 50x32: width -> 64, and height 32 (a multiple) still becomes (32 // 16 + 1) * 16 = 48.
    const padded = padTo16(numbered(50, 32));
    expect([padded.width, padded.height]).toEqual([64, 48]);
  });

  it('is undone by cropTopLeft', () => {
    const image = numbered(37, 23);
    expect(cropTopLeft(padTo16(image), 37, 23)).toEqual(image);
    expect(() => cropTopLeft(image, 38, 23)).toThrow('cannot take 38x23 from a 37x23 image');
  });
});
