/**
 * Cutting a face out of an image through an affine map, with optional antialiasing. Plain bilinear
 * `warpAffine` reads 4 source pixels per output pixel, so a face shrunk several times (a 600 px face
 * to a 112 px crop) aliases: fine texture turns into noise that moves with sub-pixel shifts, and
 * embeddings of the same face drift. With `antialias`, a crop that shrinks the image (scale s < 1)
 * is made by trilinear filtering, as GPUs minify textures: the bilinear samples of the two pyramid
 * levels around its scale (levels k and k + 1, with 2^-k >= s > 2^-(k+1)) mixed by where log2(1/s)
 * falls between k and k + 1. Each level is a Lanczos half of the one before, so the finer level is
 * read at 0.5 to 1 of its resolution and the coarser one at 1 to 2, and the mix changes smoothly
 * with the scale. Pass an ImagePyramid to share its levels between the crops of one image.
 */
import {
  composeAffine,
  ImagePyramid,
  invertAffine,
  MAX_PYRAMID_LEVEL,
  warpAffine,
  warpAffineMix,
  warpAffineMixInto,
  type AffineMatrix,
  type MixTarget,
  type PyramidLevel,
  type WarpLayer,
} from '@geneava/core/geometry';
import type { RgbImage } from '@geneava/core/contracts';

export interface CropOptions {
  readonly antialias?: boolean;
  /** Colour read outside the image; default black, as cv2.warpAffine and tf.image.cropAndResize. */
  readonly border?: readonly [number, number, number];
}

/** An image, or an image with its pyramid when several crops are cut from it. */
export type CropSource = RgbImage | ImagePyramid;

export async function cropImage(source: CropSource, matrix: AffineMatrix, width: number, height: number, options: CropOptions = {}): Promise<RgbImage> {
  const given = source instanceof ImagePyramid ? source : undefined;
  const image = given ? given.source : (source as RgbImage);
  const border = options.border ?? [0, 0, 0];
  const scale = Math.sqrt(Math.abs(matrix[0] * matrix[4] - matrix[1] * matrix[3]));
  if (!options.antialias || !(scale < 1)) return warpAffine(image, matrix, width, height, { border });

  const pyramid = given ?? new ImagePyramid(image);
  const lod = Math.min(Math.log2(1 / scale), MAX_PYRAMID_LEVEL - 1);
  const fine = Math.floor(lod);
  const levels = await Promise.all([pyramid.level(fine), pyramid.level(fine + 1)]);
  return warpAffineMix(layer(levels[0], matrix), layer(levels[1], matrix), lod - fine, width, height, { border });
}

/**
 * cropImage written straight into a model's input tensor: interleaved RGB from `target.offset`, each
 * value `target.tables[c][pixel]`, as filling the tensor from cropImage's crop through the same tables
 * gives, without making the crop (see core's warpAffineMixInto).
 */
export async function cropIntoTensor(source: CropSource, matrix: AffineMatrix, width: number, height: number, target: MixTarget, options: CropOptions = {}): Promise<void> {
  const given = source instanceof ImagePyramid ? source : undefined;
  const image = given ? given.source : (source as RgbImage);
  const border = options.border ?? [0, 0, 0];
  const scale = Math.sqrt(Math.abs(matrix[0] * matrix[4] - matrix[1] * matrix[3]));
  if (!options.antialias || !(scale < 1)) {
    const crop = warpAffine(image, matrix, width, height, { border });
    const [r, g, b] = target.tables;
    for (let i = 0, o = target.offset; i < crop.data.length; i += 3, o += 3) {
      target.data[o] = r[crop.data[i]!]!;
      target.data[o + 1] = g[crop.data[i + 1]!]!;
      target.data[o + 2] = b[crop.data[i + 2]!]!;
    }
    return;
  }
  const pyramid = given ?? new ImagePyramid(image);
  const lod = Math.min(Math.log2(1 / scale), MAX_PYRAMID_LEVEL - 1);
  const fine = Math.floor(lod);
  const levels = await Promise.all([pyramid.level(fine), pyramid.level(fine + 1)]);
  warpAffineMixInto(layer(levels[0], matrix), layer(levels[1], matrix), lod - fine, width, height, target, { border });
}

/** The crop's map read from a pyramid level: level coordinates back to the source's, then the crop's map. */
function layer(level: PyramidLevel, matrix: AffineMatrix): WarpLayer {
  return { image: level.image, matrix: composeAffine(matrix, invertAffine(level.fromSource)) };
}
