/**
 * A uniform colour cast is not a style: the photo's region shifted by the mean Lab difference to the
 * avatar's, so a tint, a brightness offset or a white-balance change over an untouched face buys no
 * strength, while everything that varies across the face (posterisation steps, flat shading, lines,
 * a loss of chroma) still counts.
 */
import type { RegionPlanes } from './region.js';

export function withMeanColourOf(real: RegionPlanes, avatar: RegionPlanes): RegionPlanes {
  if (real.width !== avatar.width || real.height !== avatar.height) {
    throw new RangeError(`withMeanColourOf: regions of ${real.width}x${real.height} and ${avatar.width}x${avatar.height} cells`);
  }
  return { width: real.width, height: real.height, l: shifted(real.l, avatar.l), a: shifted(real.a, avatar.a), b: shifted(real.b, avatar.b) };
}

/** `plane` plus the mean of (target − plane); the same array when that mean is exactly 0 (an unchanged avatar). */
function shifted(plane: Float32Array, target: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < plane.length; i++) sum += target[i]! - plane[i]!;
  const offset = sum / plane.length;
  return offset === 0 ? plane : plane.map((v) => v + offset);
}
