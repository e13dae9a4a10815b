/**
 * Dark cartoon lines from the smoothed luminance.
 *
 * The Sobel gradient is divided by 4 so that its magnitude equals the height of an ideal step: a step
 * from 0 to H marks the two pixels that touch it with magnitude H and nothing else. Lines fade in
 * between `threshold` and twice `threshold`, which keeps them anti-aliased instead of jagged.
 */

// Bound once: global Math lookups are slow inside a vm context (jest), see bilateral.ts.
const sqrt = Math.sqrt;
const round = Math.round;

/** Per-pixel line opacity 0..255 from a luma plane. Borders repeat the edge pixel, so they make no lines. */
export function edgeOpacity(luma: Uint8Array, width: number, height: number, threshold: number): Uint8Array {
  if (!(threshold > 0)) {
    throw new Error(`stylizer-classic edges: threshold must be positive, got ${threshold}`);
  }
  const opacity = new Uint8Array(width * height);
  // Most pixels lie well below the threshold: a conservative test on the squared gradient skips their
  // square root, and every pixel near or above it still goes through the exact test below.
  const skipBelow = 16 * threshold * threshold * (1 - 1e-9);
  for (let y = 0; y < height; y++) {
    const above = (y > 0 ? y - 1 : 0) * width;
    const row = y * width;
    const below = (y < height - 1 ? y + 1 : y) * width;
    for (let x = 0; x < width; x++) {
      const left = x > 0 ? x - 1 : 0;
      const right = x < width - 1 ? x + 1 : x;
      const topLeft = luma[above + left];
      const top = luma[above + x];
      const topRight = luma[above + right];
      const midLeft = luma[row + left];
      const midRight = luma[row + right];
      const bottomLeft = luma[below + left];
      const bottom = luma[below + x];
      const bottomRight = luma[below + right];
      const gx = topRight + 2 * midRight + bottomRight - topLeft - 2 * midLeft - bottomLeft;
      const gy = bottomLeft + 2 * bottom + bottomRight - topLeft - 2 * top - topRight;
      const squared = gx * gx + gy * gy;
      if (squared < skipBelow) continue;
      const magnitude = sqrt(squared) / 4;
      if (magnitude < threshold) continue;
      const ramp = (magnitude - threshold) / threshold;
      opacity[row + x] = ramp >= 1 ? 255 : round(ramp * 255);
    }
  }
  return opacity;
}

/** 3x3 maximum filter: thickens every line by one pixel on each side. */
export function dilateOpacity(opacity: Uint8Array, width: number, height: number): Uint8Array {
  const across = new Uint8Array(opacity.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let max = opacity[row + x];
      if (x > 0 && opacity[row + x - 1] > max) max = opacity[row + x - 1];
      if (x < width - 1 && opacity[row + x + 1] > max) max = opacity[row + x + 1];
      across[row + x] = max;
    }
  }
  const out = new Uint8Array(opacity.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let max = across[row + x];
      if (y > 0 && across[row - width + x] > max) max = across[row - width + x];
      if (y < height - 1 && across[row + width + x] > max) max = across[row + width + x];
      out[row + x] = max;
    }
  }
  return out;
}

/**
 * Darkens `rgb` in place where lines are: each channel is multiplied by 1 - strength * opacity / 255,
 * so a full-strength line is black and a weaker one is a darker shade of the colour under it.
 */
export function drawEdges(rgb: Uint8Array, opacity: Uint8Array, strength: number): void {
  if (strength <= 0) return;
  const scale = strength / 255;
  for (let i = 0, p = 0; i < opacity.length; i++, p += 3) {
    const o = opacity[i];
    if (o === 0) continue;
    const keep = 1 - scale * o;
    rgb[p] = round(rgb[p] * keep);
    rgb[p + 1] = round(rgb[p + 1] * keep);
    rgb[p + 2] = round(rgb[p + 2] * keep);
  }
}
