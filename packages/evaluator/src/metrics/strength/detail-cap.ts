/**
 * Fine detail the avatar adds beyond the photo's own, capped region by region: the defence of the
 * strength measure against noise, grain or a pixel pattern laid over an untouched face.
 */
import { gaussianBlur } from './planes.js';
import type { RegionPlanes } from './region.js';

/** Gaussian sigma, in working-grid cells, that splits a plane into its base and its fine detail. */
export const DETAIL_SIGMA = 2;

/** Gaussian sigma, in cells, of the neighbourhood over which fine-detail energy is compared. */
export const DETAIL_WINDOW = 3;

/**
 * The avatar's planes with their fine detail (plane − Gaussian(plane, DETAIL_SIGMA)) scaled down, cell by
 * cell, to at most the photo's fine-detail energy in the same neighbourhood. Detail the avatar removed
 * (flattened skin, smoothed texture) is untouched and counts in full; detail it added where the photo had
 * little (noise on skin) counts only up to the photo's own texture level, so zero-mean noise buys little
 * strength, while the base (colour, shading, shapes) is never changed. Lines a cartoon draws along the
 * photo's edges stay, since the photo has detail there too.
 */
export function capAddedDetail(real: RegionPlanes, avatar: RegionPlanes): RegionPlanes {
  if (real.width !== avatar.width || real.height !== avatar.height) {
    throw new RangeError(`capAddedDetail: regions of ${real.width}x${real.height} and ${avatar.width}x${avatar.height} cells`);
  }
  const cap = (photo: Float32Array, plane: Float32Array): Float32Array => {
    const { width, height } = real;
    const photoDetail = detailOf(photo, width, height);
    const base = gaussianBlur(plane, width, height, DETAIL_SIGMA);
    const detail = plane.map((v, i) => v - base[i]!);
    const photoEnergy = gaussianBlur(photoDetail.map((v) => v * v), width, height, DETAIL_WINDOW);
    const energy = gaussianBlur(detail.map((v) => v * v), width, height, DETAIL_WINDOW);
    return plane.map((value, i) => {
      // The small constant keeps 0/0 (flat on both sides) at a factor of 1; a cell within the cap keeps
      // its exact value, so an unchanged avatar still scores exactly 0.
      const factor = Math.sqrt((photoEnergy[i]! + 1e-6) / (energy[i]! + 1e-6));
      return factor >= 1 ? value : base[i]! + detail[i]! * factor;
    });
  };
  return { width: avatar.width, height: avatar.height, l: cap(real.l, avatar.l), a: cap(real.a, avatar.a), b: cap(real.b, avatar.b) };
}

function detailOf(plane: Float32Array, width: number, height: number): Float32Array {
  const base = gaussianBlur(plane, width, height, DETAIL_SIGMA);
  return plane.map((v, i) => v - base[i]!);
}
