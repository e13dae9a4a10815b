/**
 * A stand-in identity model for tests: every image is one "face" covering the whole picture, whose
 * embedding is its top-left pixel's (r, g, b) scaled to unit length, so similarities are computable by
 * hand. A pure white image shows no face. Calls are counted, so tests can see what the cache spared.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createRgbImage, rawToSharp } from '@geneava/core/image';
import type { RgbImage } from '@geneava/core/contracts';
import type { SetFaceEmbedder } from '../memorization/face-set-embedder.js';

export type Rgb = readonly [number, number, number];

export function unit(rgb: Rgb): number[] {
  const norm = Math.hypot(...rgb);
  return rgb.map((v) => v / norm);
}

export function cosine(a: Rgb, b: Rgb): number {
  const [x, y] = [unit(a), unit(b)];
  return x[0]! * y[0]! + x[1]! * y[1]! + x[2]! * y[2]!;
}

/** Writes a lossless PNG of one colour. */
export async function writeColourImage(path: string, rgb: Rgb, size = 32): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await rawToSharp(createRgbImage(size, size, rgb)).png().toFile(path);
}

export function colourEmbedder(fingerprint = 'colour@1'): SetFaceEmbedder & { calls: number } {
  const embedder = {
    model: 'colour',
    fingerprint,
    calls: 0,
    async embedLargestFace(image: RgbImage) {
      embedder.calls++;
      const rgb: Rgb = [image.data[0]!, image.data[1]!, image.data[2]!];
      if (rgb.every((v) => v === 255)) return undefined;
      return { embedding: Float32Array.from(unit(rgb)), box: { x: 0, y: 0, width: image.width, height: image.height }, faces: 1 };
    },
  };
  return embedder;
}
