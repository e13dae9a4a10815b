/**
 * IEEE 754 half precision <-> single precision. onnxruntime-node on Node 20 holds float16 tensors as
 * Uint16Array bit patterns, so every float16 model input and output passes through these functions.
 * Rounding is round-to-nearest-even, as hardware conversion does, so that results match a PyTorch or
 * numpy cast bit for bit.
 */

// Scratch space to read the bits of a float32 without allocating.
const scratchFloat = new Float32Array(1);
const scratchBits = new Uint32Array(scratchFloat.buffer);

/**
 * The float16 bit pattern nearest to `value` once `value` is rounded to float32 (a JS number that is
 * not a float32 is first rounded to one, as storing it in a Float32Array would).
 * Overflow gives ±Infinity, underflow gives ±0 or a subnormal, NaN stays a (quiet) NaN.
 */
export function float32ToFloat16Bits(value: number): number {
  scratchFloat[0] = value;
  const bits = scratchBits[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;

  if (exponent === 0xff) {
    // Keep the top mantissa bits of a NaN payload and force the quiet bit so it never becomes Infinity.
    return mantissa === 0 ? sign | 0x7c00 : sign | 0x7e00 | (mantissa >>> 13);
  }
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;

  if (halfExponent <= 0) {
    // Subnormal half: value = m * 2^-24 with m the 24-bit significand shifted right.
    const shift = 14 - halfExponent;
    if (shift > 24) return sign; // below half the smallest subnormal (2^-25): rounds to zero
    const significand = mantissa | 0x800000;
    let half = significand >>> shift;
    const remainder = significand & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (remainder > halfway || (remainder === halfway && (half & 1) === 1)) half += 1;
    // A carry out of the subnormal range yields exactly the smallest normal's bit pattern.
    return sign | half;
  }

  let half = sign | (halfExponent << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  // A carry may ripple into the exponent (and up to Infinity): that is the correctly rounded result.
  if (remainder > 0x1000 || (remainder === 0x1000 && (half & 1) === 1)) half += 1;
  return half;
}

/** The exact value of a float16 bit pattern. */
export function float16BitsToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}

/** Converts a whole array to float16 bit patterns. */
export function float32ArrayToFloat16Bits(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = float32ToFloat16Bits(values[i]);
  return out;
}

/** Converts float16 bit patterns to float32 values. */
export function float16BitsToFloat32Array(bits: ArrayLike<number>): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = float16BitsToFloat32(bits[i]);
  return out;
}
