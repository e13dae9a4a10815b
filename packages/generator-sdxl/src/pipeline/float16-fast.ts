/**
 * float16 <-> float32 for the denoising loop, where a float16 UNet's input and output pass through at
 * every step. core's converters are exact but work one value at a time through a scratch array; these
 * give the same bits and are several times faster: float16 -> float32 is one lookup in a table of all
 * 65536 patterns (built with core's exact converter), float32 -> float16 reads the float32 bits of a
 * whole buffer at once and rounds to nearest even with integer arithmetic, leaving the rare cases
 * (zero, subnormal, overflow, Inf, NaN) to core's converter.
 */
import { float16BitsToFloat32, float32ToFloat16Bits } from '@geneava/core/onnx';

let halfTable: Float32Array | undefined;

/** The float32 value of every float16 bit pattern (256 KiB, built on first use). */
export function float16Table(): Float32Array {
  if (!halfTable) {
    halfTable = new Float32Array(65536);
    for (let bits = 0; bits < 65536; bits++) halfTable[bits] = float16BitsToFloat32(bits);
  }
  return halfTable;
}

/** float16 bit patterns to float32 values, into `target` (same length). */
export function float16ToFloat32Into(source: Uint16Array, target: Float32Array): Float32Array {
  if (target.length !== source.length) throw new RangeError(`float16 conversion: ${source.length} values into a buffer of ${target.length}`);
  const table = float16Table();
  for (let i = 0; i < source.length; i++) target[i] = table[source[i]!]!;
  return target;
}

// |x| bit patterns of float32 values that round to a normal float16 below 65504's rounding limit:
// from 2^-14 (the smallest normal float16) up to, not including, 65520 (which rounds to Infinity).
const NORMAL_LOW = 0x38800000;
const NORMAL_HIGH = 0x477ff000;
// Re-biases the float32 exponent (bias 127) to float16's (bias 15), in place in the bit pattern.
const REBIAS = (127 - 15) << 23;

/**
 * The float16 bit patterns of float32 values, into `target` (same length), rounded to nearest even as
 * core's float32ToFloat16Bits does, bit for bit. In the normal range the rounding is integer arithmetic
 * on the bit pattern: adding 0xfff plus the lowest kept bit rounds the 13 dropped mantissa bits to
 * nearest even, and a carry moves into the exponent exactly as rounding up to the next binade must.
 */
export function float32ToFloat16Into(source: Float32Array, target: Uint16Array): Uint16Array {
  if (target.length !== source.length) throw new RangeError(`float16 conversion: ${source.length} values into a buffer of ${target.length}`);
  const words = new Uint32Array(source.buffer, source.byteOffset, source.length);
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const magnitude = word & 0x7fffffff;
    if (magnitude >= NORMAL_LOW && magnitude < NORMAL_HIGH) {
      const rounded = magnitude + 0xfff + ((magnitude >>> 13) & 1);
      target[i] = ((word >>> 16) & 0x8000) | ((rounded - REBIAS) >>> 13);
    } else {
      // Zero, subnormal, overflow, Infinity, NaN: rare in a latent, left to the exact scalar converter.
      target[i] = float32ToFloat16Bits(source[i]!);
    }
  }
  return target;
}
