/**
 * Seeded standard normal numbers for initial latents and stochastic sampler steps.
 *
 * Algorithm: xoshiro128** words (see xoshiro128.ts) turned into uniforms, then the Box-Muller transform.
 * Each pair of words (a, b) gives u1 = (a + 0.5)/2^32 in (0, 1) (never 0, so the logarithm is finite) and
 * u2 = b/2^32 in [0, 1), and yields the pair r·cos(2πu2), r·sin(2πu2) with r = sqrt(-2 ln u1), in that
 * order. The 32-bit resolution of u1 bounds |z| by about 6.7, far beyond what a latent ever needs.
 *
 * A stream is a pure function of its seed: the n-th number is the same however the draws are split
 * into calls, so a batch made of per-image streams equals those images generated one by one.
 */
import { Xoshiro128StarStar } from './xoshiro128.js';

const TWO_POW_MINUS_32 = 2 ** -32;

/** Anything that hands out standard normal numbers; schedulers take one for their stochastic steps. */
export interface NormalSource {
  /** The next `count` numbers of the source. */
  normals(count: number): Float32Array;
}

export class GaussianStream implements NormalSource {
  private readonly words: Xoshiro128StarStar;
  /** The sine half of the last Box-Muller pair, not yet handed out. */
  private spare: number | undefined;

  constructor(readonly seed: number) {
    this.words = Xoshiro128StarStar.fromSeed(seed);
  }

  /** The next standard normal number (as a double; float32 callers round it). */
  next(): number {
    if (this.spare !== undefined) {
      const value = this.spare;
      this.spare = undefined;
      return value;
    }
    const u1 = (this.words.nextUint32() + 0.5) * TWO_POW_MINUS_32;
    const u2 = this.words.nextUint32() * TWO_POW_MINUS_32;
    const radius = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    this.spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  normals(count: number): Float32Array {
    assertCount(count);
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = this.next();
    return out;
  }
}

/** The first `count` standard normal numbers of the stream for `seed`. */
export function gaussian(count: number, seed: number): Float32Array {
  return new GaussianStream(seed).normals(count);
}

/**
 * One stream per image of a batch. `normals(count)` splits the request evenly, image after image, so
 * every image's numbers depend on its own seed alone (batch size and batch mates change nothing).
 */
export class BatchGaussianStream implements NormalSource {
  private readonly streams: readonly GaussianStream[];

  constructor(seeds: readonly number[]) {
    if (seeds.length === 0) throw new RangeError('a batch noise source needs at least one seed');
    this.streams = seeds.map((seed) => new GaussianStream(seed));
  }

  normals(count: number): Float32Array {
    assertCount(count);
    const images = this.streams.length;
    if (count % images !== 0) {
      throw new RangeError(`cannot split ${count} noise values evenly over a batch of ${images} images`);
    }
    const perImage = count / images;
    const out = new Float32Array(count);
    this.streams.forEach((stream, image) => out.set(stream.normals(perImage), image * perImage));
    return out;
  }
}

/** Initial noise for a batch: image i's `perImage` values are gaussian(perImage, seeds[i]). */
export function gaussianBatch(perImage: number, seeds: readonly number[]): Float32Array {
  return new BatchGaussianStream(seeds).normals(perImage * seeds.length);
}

function assertCount(count: number): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`noise count must be a whole number (got ${count})`);
}
