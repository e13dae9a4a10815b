import type { RgbImage } from '../contracts/image.js';
import { getPixel } from '../image/rgb-image.js';
import { IDENTITY_AFFINE, similarityAffine, translationAffine, type AffineMatrix } from './affine.js';
import { warpAffine, warpAffineMask, warpAffineMix, warpAffineMixInto } from './warp.js';

/** A deterministic 9x7 test pattern, the same formula as the OpenCV reference below. */
function pattern(width = 9, height = 7): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = (x * 37 + y * 91 + c * 53 + x * y * 11) % 256;
    }
  }
  return { width, height, data };
}

// cv2.warpAffine (OpenCV 4.6) of pattern() with this matrix to 8x6: borderValue (10, 200, 30), and BORDER_REPLICATE.
const CV_M: AffineMatrix = [0.7642691913004849, -0.2364161653290717, 2.3, 0.2364161653290717, 0.7642691913004849, -0.7];
const CV_CONSTANT = [
  10, 200, 30, 10, 200, 30, 78, 144, 176, 98, 151, 191, 110, 147, 160, 110, 184, 202, 87, 212, 64, 29, 186, 34, 10, 200, 30, 16, 197, 33, 173, 166, 63, 151,
  98, 125, 163, 117, 117, 62, 77, 123, 116, 163, 134, 158, 73, 108, 10, 200, 30, 42, 172, 99, 94, 147, 145, 144, 196, 39, 174, 80, 129, 149, 158, 55, 134,
  58, 111, 107, 160, 133, 10, 200, 30, 157, 235, 58, 107, 160, 93, 47, 93, 146, 133, 153, 125, 78, 131, 142, 159, 212, 78, 196, 79, 126, 10, 200, 30, 49,
  115, 147, 146, 130, 183, 170, 90, 143, 91, 88, 141, 93, 146, 196, 124, 123, 146, 190, 145, 51, 10, 200, 30, 10, 200, 30, 29, 188, 39, 48, 171, 98, 141,
  219, 49, 92, 129, 182, 171, 97, 150, 141, 189, 70,
];
const CV_REPLICATE = [
  154, 207, 84, 119, 172, 145, 85, 138, 191, 98, 151, 191, 110, 147, 160, 128, 181, 234, 173, 226, 103, 217, 46, 67, 38, 91, 112, 100, 153, 78, 173, 166,
  63, 151, 98, 125, 163, 117, 117, 62, 77, 123, 116, 163, 134, 158, 73, 108, 114, 167, 204, 82, 135, 188, 94, 147, 145, 144, 196, 39, 174, 80, 129, 149,
  158, 55, 134, 58, 111, 107, 160, 133, 153, 206, 75, 190, 243, 64, 107, 160, 93, 47, 93, 146, 133, 153, 125, 78, 131, 142, 159, 212, 78, 196, 79, 126, 34,
  87, 140, 53, 106, 159, 146, 130, 183, 170, 90, 143, 91, 88, 141, 93, 146, 196, 124, 123, 146, 190, 145, 51, 34, 87, 140, 92, 145, 198, 214, 75, 128, 97,
  134, 187, 171, 224, 53, 92, 129, 182, 171, 97, 150, 141, 189, 70,
];
// cv2.warpAffine of the float mask ((7x + 3y) mod 10) / 10 with CV_M, border 0.
const CV_MASK = [
  0.0, 0.0, 0.2548828125, 0.33085933327674866, 0.3812500238418579, 0.3612304627895355, 0.2783203125, 0.02226562611758709, 0.0, 0.046875, 0.5625,
  0.1962890625, 0.4853515625, 0.1562500149011612, 0.6781250238418579, 0.3890624940395355, 0.0, 0.17363280057907104, 0.6867187023162842, 0.3375000059604645,
  0.2935546934604645, 0.4000000059604645, 0.43027347326278687, 0.4625000059604645, 0.0, 0.3833984434604645, 0.528124988079071, 0.5906250476837158,
  0.20136718451976776, 0.47871091961860657, 0.18437500298023224, 0.6941406726837158, 0.0, 0.674023449420929, 0.4085937738418579, 0.6839843988418579,
  0.3656250238418579, 0.2601562440395355, 0.4281250238418579, 0.3851562738418579, 0.0, 0.0, 0.02578125149011612, 0.3746093809604645, 0.4570312798023224,
  0.205078125, 0.466796875, 0.203125,
];

describe('warpAffine', () => {
  it('returns the same image under the identity', () => {
    const image = pattern();
    expect(warpAffine(image, IDENTITY_AFFINE, 9, 7).data).toEqual(image.data);
    expect(warpAffine(image, IDENTITY_AFFINE, 9, 7, { subpixel: 'opencv' }).data).toEqual(image.data);
  });

  it('shifts pixels exactly under an integer translation and fills the rest with the border', () => {
    const image = pattern();
    const out = warpAffine(image, translationAffine(2, 1), 9, 7, { border: [1, 2, 3] });
    for (let y = 0; y < 7; y++) {
      for (let x = 0; x < 9; x++) {
        const expected = x >= 2 && y >= 1 ? getPixel(image, x - 2, y - 1) : [1, 2, 3];
        expect(getPixel(out, x, y)).toEqual(expected);
      }
    }
  });

  it('rotates by 90°: source (x, y) lands on (H−1−y, x)', () => {
    const image = pattern();
    // x' = −y + (H − 1), y' = x; the output is H wide and W high.
    const out = warpAffine(image, [0, -1, 6, 1, 0, 0], 7, 9);
    for (let y = 0; y < 7; y++) {
      for (let x = 0; x < 9; x++) expect(getPixel(out, 6 - y, x)).toEqual(getPixel(image, x, y));
    }
  });

  it('averages neighbours at half-pixel positions', () => {
    const image: RgbImage = { width: 2, height: 2, data: Uint8Array.from([10, 0, 100, 30, 0, 100, 50, 0, 100, 70, 200, 100]) };
    // Output pixel (1, 1) reads the source at (0.5, 0.5): the mean of all four pixels.
    const out = warpAffine(image, translationAffine(0.5, 0.5), 2, 2);
    expect(getPixel(out, 1, 1)).toEqual([40, 50, 100]);
    // Output pixel (1, 0) reads (0.5, −0.5): half from row 0, half from the constant border 0.
    expect(getPixel(out, 1, 0)).toEqual([10, 0, 50]);
    const replicated = warpAffine(image, translationAffine(0.5, 0), 2, 1, { border: 'replicate' });
    expect(getPixel(replicated, 1, 0)).toEqual([20, 0, 100]);
    expect(getPixel(replicated, 0, 0)).toEqual([10, 0, 100]);
  });

  it("matches OpenCV's fixed-point warpAffine bit for bit in 'opencv' mode", () => {
    expect(Array.from(warpAffine(pattern(), CV_M, 8, 6, { border: [10, 200, 30], subpixel: 'opencv' }).data)).toEqual(CV_CONSTANT);
    expect(Array.from(warpAffine(pattern(), CV_M, 8, 6, { border: 'replicate', subpixel: 'opencv' }).data)).toEqual(CV_REPLICATE);
  });

  it("stays within a few levels of OpenCV in 'exact' mode (OpenCV rounds positions to 1/32 px)", () => {
    const out = warpAffine(pattern(), CV_M, 8, 6, { border: [10, 200, 30] });
    const worst = Math.max(...Array.from(out.data, (v, i) => Math.abs(v - CV_CONSTANT[i])));
    expect(worst).toBeLessThanOrEqual(8);
  });

  it('rejects bad sizes and singular matrices', () => {
    expect(() => warpAffine(pattern(), IDENTITY_AFFINE, 0, 4)).toThrow(/positive integers/);
    expect(() => warpAffine(pattern(), [1, 1, 0, 1, 1, 0], 4, 4)).toThrow(/singular/);
    expect(() => warpAffine({ width: 2, height: 2, data: new Uint8Array(3) }, IDENTITY_AFFINE, 2, 2)).toThrow(/expected 2x2x3/);
  });
});

describe('warpAffineMask', () => {
  const mask = Float32Array.from({ length: 63 }, (_, i) => ((7 * (i % 9) + 3 * Math.floor(i / 9)) % 10) / 10);

  it("matches OpenCV's float warpAffine in 'opencv' mode", () => {
    const out = warpAffineMask(mask, 9, 7, CV_M, 8, 6, { subpixel: 'opencv' });
    out.forEach((v, i) => expect(Math.abs(v - CV_MASK[i])).toBeLessThanOrEqual(1e-6));
  });

  it('interpolates exactly at half pixels and uses the border outside', () => {
    const small = Float32Array.from([0, 1, 0.5, 0.25]);
    const out = warpAffineMask(small, 2, 2, translationAffine(0.5, 0.5), 2, 2);
    expect(out[3]).toBeCloseTo((0 + 1 + 0.5 + 0.25) / 4, 7);
    expect(out[0]).toBeCloseTo(0, 7); // reads (−0.5, −0.5): 3/4 border 0, 1/4 of value 0
    expect(warpAffineMask(small, 2, 2, translationAffine(5, 5), 2, 2, { border: 0.75 })[0]).toBeCloseTo(0.75, 7);
  });

  it('rotates a mask like an image', () => {
    const out = warpAffineMask(mask, 9, 7, similarityAffine(1, Math.PI / 2, [0, 0], [6, 0]), 7, 9);
    for (let y = 0; y < 7; y++) {
      for (let x = 0; x < 9; x++) expect(out[x * 7 + (6 - y)]).toBeCloseTo(mask[y * 9 + x], 6);
    }
  });

  it('checks the mask length', () => {
    expect(() => warpAffineMask(new Float32Array(5), 3, 2, IDENTITY_AFFINE, 3, 2)).toThrow(/expected 3x2 = 6/);
  });
});

describe('warpAffineMix', () => {
  const m: AffineMatrix = [0.7, -0.2, 2.3, 0.2, 0.7, -0.7];
  const other: AffineMatrix = [0.35, -0.1, 1.1, 0.1, 0.35, -0.2];

  it('is warpAffine of one layer at t = 0 and t = 1, constant border included', () => {
    const a = { image: pattern(), matrix: m };
    const b = { image: pattern(5, 4), matrix: other };
    const border: [number, number, number] = [10, 200, 30];
    expect(warpAffineMix(a, b, 0, 8, 6, { border })).toEqual(warpAffine(a.image, m, 8, 6, { border }));
    expect(warpAffineMix(a, b, 1, 8, 6, { border })).toEqual(warpAffine(b.image, other, 8, 6, { border }));
  });

  it('mixes the unrounded samples and rounds once', () => {
    // Half way along a 10 -> 11 edge the first layer reads 10.5, the second reads 12: mixed 11.25 -> 11.
    // Rounding each warp first would give 0.5 * 11 + 0.5 * 12 = 11.5 -> 12.
    const edge: RgbImage = { width: 2, height: 1, data: Uint8Array.of(10, 10, 10, 11, 11, 11) };
    const flat: RgbImage = { width: 1, height: 1, data: Uint8Array.of(12, 12, 12) };
    const half: AffineMatrix = translationAffine(-0.5, 0);
    const mixed = warpAffineMix({ image: edge, matrix: half }, { image: flat, matrix: IDENTITY_AFFINE }, 0.5, 1, 1);
    expect(Array.from(mixed.data)).toEqual([11, 11, 11]);
  });

  it('refuses a weight outside [0, 1]', () => {
    const layer = { image: pattern(), matrix: m };
    expect(() => warpAffineMix(layer, layer, 1.5, 4, 4)).toThrow(/t must be in \[0, 1\], got 1.5/);
  });});

describe('warpAffineMixInto', () => {
  const m: AffineMatrix = [0.7, -0.2, 2.3, 0.2, 0.7, -0.7];
  const other: AffineMatrix = [0.35, -0.1, 1.1, 0.1, 0.35, -0.2];
  // Distinct tables per channel, so a value written to the wrong channel shows.
  const tables = [0, 1, 2].map((c) => Float32Array.from({ length: 256 }, (_, p) => (p - 100 * c) / 7)) as [Float32Array, Float32Array, Float32Array];

  it('writes tables[c][warpAffineMix value] at its offset, inside and across the border', () => {
    const a = { image: pattern(9, 7), matrix: m };
    const b = { image: pattern(5, 4), matrix: other };
    const border: [number, number, number] = [10, 200, 30];
    for (const t of [0, 0.3, 1]) {
      const crop = warpAffineMix(a, b, t, 8, 6, { border });
      const data = new Float32Array(2 * 8 * 6 * 3).fill(Number.NaN);
      warpAffineMixInto(a, b, t, 8, 6, { data, offset: 8 * 6 * 3, tables }, { border });
      expect(data.subarray(0, 8 * 6 * 3).every(Number.isNaN)).toBe(true);
      expect(Array.from(data.subarray(8 * 6 * 3))).toEqual(Array.from(crop.data, (v, i) => tables[i % 3]![v]!));
    }
  });

  it('refuses a target the crop does not fit', () => {
    const layer = { image: pattern(), matrix: m };
    expect(() => warpAffineMixInto(layer, layer, 0.5, 4, 4, { data: new Float32Array(47), offset: 0, tables })).toThrow(/do not fit a tensor of 47/);
  });
});
