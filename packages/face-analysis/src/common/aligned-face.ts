/**
 * The face crop every identity and expression model here takes: aligned to InsightFace's ArcFace 112
 * template (estimateArcfaceTransform: Umeyama similarity from the five points). A size that is a
 * multiple of 112 scales the template, as InsightFace's estimate_norm does (POSTER's 224 crop).
 */
import { estimateArcfaceTransform } from '@geneava/core/geometry';
import type { FivePoints, RgbImage } from '@geneava/core/contracts';
import { cropImage, type CropSource } from './crop-image.js';

export const ARCFACE_CROP_SIZE = 112;

/** The ArcFace-aligned crop of a face; antialiased unless `antialias` is false (see crop-image.ts). */
export async function alignedFace(image: CropSource, points5: FivePoints, size = ARCFACE_CROP_SIZE, antialias = true): Promise<RgbImage> {
  return cropImage(image, estimateArcfaceTransform(points5, size), size, size, { antialias });
}
