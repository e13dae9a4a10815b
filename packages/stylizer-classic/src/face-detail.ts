import type { Box } from '@geneava/core/contracts';

/**
 * Where to keep more detail: an ellipse around each face box. Eyes, brows and mouth are small,
 * low-contrast shapes that the full smoothing and the coarse quantisation would flatten away, so inside
 * the ellipse the stylizer blends towards a less smoothed, more finely quantised version.
 */

/** Ellipse semi-axes as a fraction of the box's half width / half height (a little larger than the box). */
export const FACE_ELLIPSE_SCALE = 1.15;
/** The weight falls from 1 to 0 between normalised radius 1 and this, so no seam shows at the rim. */
export const FACE_ELLIPSE_FEATHER_END = 1.3;

/**
 * Per-pixel face weight 0..255 (255 inside the ellipse, fading to 0 across the feather band), the
 * maximum over all boxes. Pixel centres (x + 0.5, y + 0.5) are measured against the ellipse. Boxes with
 * no area are ignored.
 */
export function faceWeightMap(width: number, height: number, boxes: readonly Box[]): Uint8Array {
  const weights = new Uint8Array(width * height);
  for (const box of boxes) {
    if (!(box.width > 0) || !(box.height > 0)) continue;
    const centreX = box.x + box.width / 2;
    const centreY = box.y + box.height / 2;
    const semiX = (box.width / 2) * FACE_ELLIPSE_SCALE;
    const semiY = (box.height / 2) * FACE_ELLIPSE_SCALE;
    const reachX = semiX * FACE_ELLIPSE_FEATHER_END;
    const reachY = semiY * FACE_ELLIPSE_FEATHER_END;
    const x0 = Math.max(0, Math.floor(centreX - reachX));
    const x1 = Math.min(width - 1, Math.ceil(centreX + reachX));
    const y0 = Math.max(0, Math.floor(centreY - reachY));
    const y1 = Math.min(height - 1, Math.ceil(centreY + reachY));
    for (let y = y0; y <= y1; y++) {
      const dy = (y + 0.5 - centreY) / semiY;
      for (let x = x0; x <= x1; x++) {
        const dx = (x + 0.5 - centreX) / semiX;
        const radius = Math.sqrt(dx * dx + dy * dy);
        const w =
          radius <= 1
            ? 255
            : radius >= FACE_ELLIPSE_FEATHER_END
            ? 0
            : Math.round((255 * (FACE_ELLIPSE_FEATHER_END - radius)) / (FACE_ELLIPSE_FEATHER_END - 1));
        const i = y * width + x;
        if (w > weights[i]) weights[i] = w;
      }
    }
  }
  return weights;
}

/**
 * Per-pixel mix of two interleaved RGB buffers: weight 0 keeps `outside`, 255 takes `inside`.
 * Returns a new buffer.
 */
export function blendByWeight(outside: Uint8Array, inside: Uint8Array, weights: Uint8Array): Uint8Array {
  if (outside.length !== inside.length || outside.length !== weights.length * 3) {
    throw new Error(
      `stylizer-classic face detail: buffers of ${outside.length} and ${inside.length} bytes do not match ${weights.length} weights`
    );
  }
  const out = outside.slice();
  for (let i = 0, p = 0; i < weights.length; i++, p += 3) {
    const w = weights[i];
    if (w === 0) continue;
    const keep = 255 - w;
    // (x + 127) / 255 stored into a byte truncates, which rounds x / 255 to the nearest integer.
    out[p] = (outside[p] * keep + inside[p] * w + 127) / 255;
    out[p + 1] = (outside[p + 1] * keep + inside[p + 1] * w + 127) / 255;
    out[p + 2] = (outside[p + 2] * keep + inside[p + 2] * w + 127) / 255;
  }
  return out;
}
