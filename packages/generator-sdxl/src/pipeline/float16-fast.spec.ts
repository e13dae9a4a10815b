import { float16BitsToFloat32, float32ToFloat16Bits } from '@geneava/core/onnx';
import { float16Table, float16ToFloat32Into, float32ToFloat16Into } from './float16-fast.js';

/** float32 values from their bit patterns. */
function floatsOfBits(bits: readonly number[] | Uint32Array): Float32Array {
  return new Float32Array(Uint32Array.from(bits).buffer);
}

function convert(values: Float32Array): Uint16Array {
  return float32ToFloat16Into(values, new Uint16Array(values.length));
}

function expectSameAsCore(values: Float32Array): void {
  const fast = convert(values);
  const mismatches: string[] = [];
  values.forEach((value, i) => {
    const exact = float32ToFloat16Bits(value);
    if (fast[i] !== exact && mismatches.length < 5) mismatches.push(`${value}: ${fast[i]!.toString(16)} instead of ${exact.toString(16)}`);
  });
  expect(mismatches).toEqual([]);
}

describe('float16 -> float32 table', () => {
  it('holds the exact value of every one of the 65536 bit patterns', () => {
    const table = float16Table();
    expect(table).toHaveLength(65536);
    let mismatches = 0;
    for (let bits = 0; bits < 65536; bits++) {
      const exact = float16BitsToFloat32(bits);
      if (!(Object.is(table[bits], exact) || (Number.isNaN(exact) && Number.isNaN(table[bits])))) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('converts known patterns', () => {
    const out = float16ToFloat32Into(Uint16Array.of(0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0x8000), new Float32Array(6));
    expect(Array.from(out)).toEqual([1, -2, 65504, 2 ** -24, Infinity, -0]);
  });

  it('refuses a target of another length', () => {
    expect(() => float16ToFloat32Into(new Uint16Array(3), new Float32Array(2))).toThrow(/3 values into a buffer of 2/);
  });
});

describe('float32 -> float16 with integer rounding', () => {
  it('rounds known values to nearest, ties to even', () => {
    const values = Float32Array.of(1, -2, 65504, 65519.99, 65520, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 2 ** -14, 2 ** -15, 0, -0, Infinity, NaN, 1e-9);
    expect(Array.from(convert(values), (bits) => bits.toString(16))).toEqual([
      '3c00', // 1
      'c000', // -2
      '7bff', // 65504, the largest float16
      '7bff', // just below the rounding limit
      '7c00', // 65520: halfway to 65536, ties to even = Infinity
      '3c00', // 1 + half an ulp: tie, to even (down)
      '3c02', // 1 + 1.5 ulp: tie, to even (up)
      '400', // 2^-14, the smallest normal
      '200', // 2^-15, a subnormal
      '0',
      '8000',
      '7c00',
      '7e00', // NaN stays a quiet NaN
      '0', // below half the smallest subnormal
    ]);
  });

  it('gives core’s bits for every float16 value, every midpoint between neighbours and one float32 ulp on either side', () => {
    const patterns: number[] = [];
    const f32 = new Float32Array(1);
    const u32 = new Uint32Array(f32.buffer);
    for (let bits = 0; bits < 0x7c00; bits++) {
      for (const sign of [0, 0x8000]) {
        const low = float16BitsToFloat32(bits | sign);
        const high = float16BitsToFloat32((bits + 1) | sign);
        f32[0] = low;
        patterns.push(u32[0]!);
        f32[0] = (low + high) / 2;
        patterns.push(u32[0]!, u32[0]! - 1, u32[0]! + 1);
      }
    }
    expectSameAsCore(floatsOfBits(patterns));
  });

  it('gives core’s bits for pseudo-random float32 patterns over every exponent', () => {
    const bits = new Uint32Array(1 << 18);
    let state = 12345;
    for (let i = 0; i < bits.length; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      bits[i] = state;
    }
    expectSameAsCore(floatsOfBits(bits));
  });

  it('reads a Float32Array that is a view into a larger buffer', () => {
    const whole = Float32Array.of(7, 1, -2, 7);
    expect(Array.from(convert(whole.subarray(1, 3)))).toEqual([0x3c00, 0xc000]);
  });
});
