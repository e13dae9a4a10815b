/**
 * A global colour adjustment is not a style: the photo's region is given the avatar's mean Lab colour
 * and, where the avatar's face is a contrast or saturation change of the photo's, its lightness and
 * chroma gains (least squares). A tint, a brightness offset, a white-balance change, a contrast or
 * saturation change over an untouched face then buys no strength, while everything that varies across
 * the face (posterisation steps, flat shading, lines) still counts, and so do changes no gain within
 * [1 / MAX_TONE_GAIN, MAX_TONE_GAIN] explains: greyscale (chroma gain 0), inversion (a negative gain),
 * a flat face.
 */
import type { RegionPlanes } from './region.js';

/** Lightness and chroma gains within [1 / MAX_TONE_GAIN, MAX_TONE_GAIN] are a global adjustment, explained away. */
export const MAX_TONE_GAIN = 2;

export function withMeanColourOf(real: RegionPlanes, avatar: RegionPlanes): RegionPlanes {
  if (real.width !== avatar.width || real.height !== avatar.height) {
    throw new RangeError(`withMeanColourOf: regions of ${real.width}x${real.height} and ${avatar.width}x${avatar.height} cells`);
  }
  const lightness = gainOf([real.l], [avatar.l]);
  // One gain for a* and b*: a saturation change scales chroma, whatever the hue.
  const chroma = gainOf([real.a, real.b], [avatar.a, avatar.b]);
  return {
    width: real.width,
    height: real.height,
    l: matched(real.l, avatar.l, lightness),
    a: matched(real.a, avatar.a, chroma),
    b: matched(real.b, avatar.b, chroma),
  };
}

function mean(plane: Float32Array): number {
  let sum = 0;
  for (const v of plane) sum += v;
  return sum / plane.length;
}

/** Least-squares slope of the avatar's planes on the photo's (about their means); 1 when outside the accepted range. */
function gainOf(photo: readonly Float32Array[], avatar: readonly Float32Array[]): number {
  let cov = 0;
  let variance = 0;
  for (const [k, p] of photo.entries()) {
    const t = avatar[k]!;
    const mp = mean(p);
    const mt = mean(t);
    for (let i = 0; i < p.length; i++) {
      cov += (p[i]! - mp) * (t[i]! - mt);
      variance += (p[i]! - mp) ** 2;
    }
  }
  const gain = variance > 0 ? cov / variance : 1;
  // Rounding aside, an identical plane has gain 1: keep it exactly, so an unchanged photo scores 0.
  return gain >= 1 / MAX_TONE_GAIN && gain <= MAX_TONE_GAIN && Math.abs(gain - 1) > 1e-9 ? gain : 1;
}

/** `plane` with the target's mean and `gain` about it; the same array when nothing changes (an unchanged avatar). */
function matched(plane: Float32Array, target: Float32Array, gain: number): Float32Array {
  const mp = mean(plane);
  const mt = mean(target);
  if (gain === 1 && mt === mp) return plane;
  return plane.map((v) => mt + gain * (v - mp));
}
