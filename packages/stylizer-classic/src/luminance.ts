/**
 * BT.601 luma in integer arithmetic: (77 R + 150 G + 29 B) >> 8. The weights sum to 256, so a grey
 * pixel (v, v, v) has luma exactly v, which keeps quantisation and edge thresholds easy to reason about.
 */
export function lumaOfPixel(r: number, g: number, b: number): number {
  return (77 * r + 150 * g + 29 * b) >> 8;
}

/** One luma byte per pixel of an interleaved RGB buffer. */
export function lumaPlane(rgb: Uint8Array, pixelCount: number): Uint8Array {
  const luma = new Uint8Array(pixelCount);
  for (let i = 0, p = 0; i < pixelCount; i++, p += 3) {
    luma[i] = (77 * rgb[p] + 150 * rgb[p + 1] + 29 * rgb[p + 2]) >> 8;
  }
  return luma;
}
