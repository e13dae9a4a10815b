import { float16BitsToFloat32, float16BitsToFloat32Array, float32ArrayToFloat16Bits, float32ToFloat16Bits } from './float16.js';

describe('float16 bits -> float32', () => {
  it.each([
    [0x0000, 0],
    [0x3c00, 1],
    [0xc000, -2],
    [0x3555, 0.333251953125],
    [0x7bff, 65504], // largest normal
    [0x0400, 2 ** -14], // smallest normal
    [0x0001, 2 ** -24], // smallest subnormal
    [0x03ff, 1023 * 2 ** -24], // largest subnormal
    [0x7c00, Infinity],
    [0xfc00, -Infinity],
  ])('bit pattern %i is %s', (bits, value) => {
    expect(float16BitsToFloat32(bits)).toBe(value);
  });

  it('keeps the sign of zero and recognises NaN', () => {
    expect(Object.is(float16BitsToFloat32(0x8000), -0)).toBe(true);
    expect(float16BitsToFloat32(0x7e00)).toBeNaN();
    expect(float16BitsToFloat32(0xfc01)).toBeNaN();
  });
});

describe('float32 -> float16 bits', () => {
  it('round-trips every one of the 65536 bit patterns (NaNs stay NaN)', () => {
    let mismatches = 0;
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = float16BitsToFloat32(bits);
      const back = float32ToFloat16Bits(value);
      if (Number.isNaN(value) ? !Number.isNaN(float16BitsToFloat32(back)) : back !== bits) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('rounds every midpoint between neighbouring halves to the even one, and off-midpoints to the nearer', () => {
    let wrong = 0;
    // Positive finite halves, normal and subnormal; the midpoint of two neighbours is exact in float32.
    for (let bits = 0; bits < 0x7bff; bits++) {
      const low = float16BitsToFloat32(bits);
      const high = float16BitsToFloat32(bits + 1);
      const mid = (low + high) / 2;
      const even = bits % 2 === 0 ? bits : bits + 1;
      if (float32ToFloat16Bits(mid) !== even) wrong++;
      if (float32ToFloat16Bits(-mid) !== (even | 0x8000)) wrong++;
      // The float32 neighbours of the midpoint must round to the nearer half.
      const below = Math.fround(mid - Math.abs(mid) * 2 ** -23);
      const above = Math.fround(mid + Math.abs(mid) * 2 ** -23);
      if (below > low && float32ToFloat16Bits(below) !== bits) wrong++;
      if (float32ToFloat16Bits(above) !== bits + 1) wrong++;
    }
    expect(wrong).toBe(0);
  });

  it('overflows to infinity exactly above the rounding boundary of 65504', () => {
    expect(float32ToFloat16Bits(65504)).toBe(0x7bff);
    expect(float32ToFloat16Bits(65519.99)).toBe(0x7bff); // below 65520 rounds down
    expect(float32ToFloat16Bits(65520)).toBe(0x7c00); // midpoint to 65536 rounds to even: infinity
    expect(float32ToFloat16Bits(1e10)).toBe(0x7c00);
    expect(float32ToFloat16Bits(-1e10)).toBe(0xfc00);
    expect(float32ToFloat16Bits(Infinity)).toBe(0x7c00);
    expect(float32ToFloat16Bits(-Infinity)).toBe(0xfc00);
  });

  it('underflows to zero at or below half the smallest subnormal', () => {
    expect(float32ToFloat16Bits(2 ** -25)).toBe(0x0000); // tie with 0 and 2^-24: even is 0
    expect(float32ToFloat16Bits(Math.fround(2 ** -25 * 1.0000001))).toBe(0x0001);
    expect(float32ToFloat16Bits(2 ** -26)).toBe(0x0000);
    expect(float32ToFloat16Bits(-(2 ** -30))).toBe(0x8000);
    expect(float32ToFloat16Bits(1e-45)).toBe(0x0000); // a float32 subnormal
    expect(float32ToFloat16Bits(-0)).toBe(0x8000);
  });

  it('turns NaN into a quiet NaN, never infinity', () => {
    const bits = float32ToFloat16Bits(NaN);
    expect(bits & 0x7c00).toBe(0x7c00);
    expect(bits & 0x03ff).not.toBe(0);
  });

  it('rounds a subnormal result up into the smallest normal', () => {
    // Just below 2^-14: the largest subnormal is 1023 * 2^-24, the next half is 2^-14.
    expect(float32ToFloat16Bits(Math.fround(1023.75 * 2 ** -24))).toBe(0x0400);
  });

  it('converts arrays both ways', () => {
    const bits = float32ArrayToFloat16Bits(new Float32Array([1, -2, 0.5, 65504]));
    expect(Array.from(bits)).toEqual([0x3c00, 0xc000, 0x3800, 0x7bff]);
    expect(Array.from(float16BitsToFloat32Array(bits))).toEqual([1, -2, 0.5, 65504]);
  });
});
