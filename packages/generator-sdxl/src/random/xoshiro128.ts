/**
 * xoshiro128** 1.1 (Blackman & Vigna, https://prng.di.unimi.it/xoshiro128starstar.c): a 128-bit-state
 * generator of unsigned 32-bit words, fast with plain 32-bit integer maths (no BigInt).
 *
 * The state is expanded from a 32-bit seed by running the MurmurHash3 finaliser (fmix32) over the Weyl
 * sequence seed + k·0x9E3779B9, k = 1..4. fmix32 is a bijection, so the four words are distinct and the
 * state is never all zero (the one state xoshiro must avoid).
 */
export type XoshiroState = [number, number, number, number];

const GOLDEN_GAMMA = 0x9e3779b9;

/** MurmurHash3's 32-bit finaliser: a bijection that mixes every input bit into every output bit. */
function fmix32(value: number): number {
  let z = value >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** The four state words a seed expands to (see the file comment). */
export function seedState(seed: number): XoshiroState {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`random seed must be an integer in 0..4294967295 (got ${seed})`);
  }
  const words = [1, 2, 3, 4].map((k) => fmix32(seed + Math.imul(k, GOLDEN_GAMMA)));
  return words as XoshiroState;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

export class Xoshiro128StarStar {
  private readonly s: Uint32Array;

  constructor(state: Readonly<XoshiroState>) {
    if (state.every((word) => word >>> 0 === 0)) throw new RangeError('xoshiro128** state must not be all zero');
    this.s = Uint32Array.from(state, (word) => word >>> 0);
  }

  static fromSeed(seed: number): Xoshiro128StarStar {
    return new Xoshiro128StarStar(seedState(seed));
  }

  /** The next unsigned 32-bit word. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }
}
