/**
 * The soft mask that blends each stylized head into the background: DCT-Net's published `alpha.jpg` when
 * the style folder has it, otherwise the procedural ellipse of DCT-Net's `initialize_mask`.
 */
import { join } from 'node:path';
import { DCTNET_CROP_SIZE, ellipticalHeadMask } from '@geneava/core/geometry';
import { decodeImage, resizeImage } from '@geneava/core/image';
import { isFile } from '@geneava/core/model-check';
import { DCTNET_ALPHA_MASK_FILE } from './models/dctnet-layout.js';

export interface HeadMask {
  /** Row-major weights 0..1 over the 288x288 head crop. */
  readonly weights: Float32Array;
  readonly size: number;
  readonly source: 'alpha.jpg' | 'ellipse';
}

/** The mask for a style folder: alpha.jpg resized to the crop, as grey / 255; the ellipse when absent. */
export async function loadHeadMask(styleDir: string, size = DCTNET_CROP_SIZE): Promise<HeadMask> {
  const path = join(styleDir, DCTNET_ALPHA_MASK_FILE);
  if (!(await isFile(path))) return { weights: ellipticalHeadMask(size), size, source: 'ellipse' };
  const decoded = await decodeImage(path);
  // DCT-Net shrinks the mask with INTER_AREA; sharp's linear kernel widens with the shrink factor alike.
  const resized = await resizeImage(decoded, size, size, 'linear');
  return { weights: greyWeights(resized.data), size, source: 'alpha.jpg' };
}

/** OpenCV's BGR2GRAY (0.299 R + 0.587 G + 0.114 B, rounded to a level as its uint8 result is), / 255. */
export function greyWeights(rgb: Uint8Array): Float32Array {
  const weights = new Float32Array(rgb.length / 3);
  for (let i = 0; i < weights.length; i++) {
    weights[i] = Math.round(0.299 * rgb[i * 3] + 0.587 * rgb[i * 3 + 1] + 0.114 * rgb[i * 3 + 2]) / 255;
  }
  return weights;
}
