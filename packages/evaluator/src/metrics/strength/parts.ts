/**
 * The four parts of stylization strength, each in [0, 1] with 0 for identical regions. Each reads the
 * two regions at the same working size (see regionPlanes).
 */
import { gaussianBlur, halve, sobelMagnitude } from './planes.js';
import type { RegionPlanes } from './region.js';

/** SSIM's stabilising constants for a 0-100 lightness range (K1 = 0.01, K2 = 0.03, as Wang et al. 2004). */
const C1 = (0.01 * 100) ** 2;
const C2 = (0.03 * 100) ** 2;

/**
 * Structure: 1 − SSIM of lightness (Gaussian window, sigma 1.5), averaged over the working scale and
 * half of it. Negative SSIM (inverted structure) counts as full departure.
 */
export function structureDeparture(real: RegionPlanes, avatar: RegionPlanes): number {
  let x = { plane: real.l, width: real.width, height: real.height };
  let y = { plane: avatar.l, width: avatar.width, height: avatar.height };
  const scores = [ssim(x.plane, y.plane, x.width, x.height)];
  if (x.width >= 8 && x.height >= 8) {
    x = halve(x.plane, x.width, x.height);
    y = halve(y.plane, y.width, y.height);
    scores.push(ssim(x.plane, y.plane, x.width, x.height));
  }
  const mean = scores.reduce((s, v) => s + v, 0) / scores.length;
  return clamp01(1 - mean);
}

/** Mean SSIM over all pixels of two same-size planes. */
export function ssim(x: Float32Array, y: Float32Array, width: number, height: number): number {
  const sigma = 1.5;
  const product = (p: Float32Array, q: Float32Array) => p.map((v, i) => v * q[i]!);
  const mx = gaussianBlur(x, width, height, sigma);
  const my = gaussianBlur(y, width, height, sigma);
  const sxx = gaussianBlur(product(x, x), width, height, sigma);
  const syy = gaussianBlur(product(y, y), width, height, sigma);
  const sxy = gaussianBlur(product(x, y), width, height, sigma);
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const ux = mx[i]!;
    const uy = my[i]!;
    const vx = Math.max(0, sxx[i]! - ux * ux);
    const vy = Math.max(0, syy[i]! - uy * uy);
    const cxy = sxy[i]! - ux * uy;
    total += ((2 * ux * uy + C1) * (2 * cxy + C2)) / ((ux * ux + uy * uy + C1) * (vx + vy + C2));
  }
  return total / x.length;
}

/**
 * GMS stabiliser for lightness gradients: GMSD's c = 170 on 0-255 Prewitt magnitudes (Xue et al. 2014),
 * rescaled to a 0-100 range.
 */
const GMS_C = 170 * (100 / 255) ** 2;

/**
 * Edges and texture: 1 − mean gradient-magnitude similarity of lightness, (2 g1 g2 + c) / (g1² + g2² + c)
 * per pixel. Texture a cartoon flattens, and lines it draws where the photo had none, both lower it.
 */
export function edgeDeparture(real: RegionPlanes, avatar: RegionPlanes): number {
  const g1 = sobelMagnitude(real.l, real.width, real.height);
  const g2 = sobelMagnitude(avatar.l, avatar.width, avatar.height);
  let total = 0;
  for (let i = 0; i < g1.length; i++) {
    const p = g1[i]!;
    const q = g2[i]!;
    total += (2 * p * q + GMS_C) / (p * p + q * q + GMS_C);
  }
  return clamp01(1 - total / g1.length);
}

/** ΔE76 at which the colour part saturates: a colour difference this large on average is a full departure. */
export const FULL_COLOUR_DELTA_E = 30;

/** CIE76 ΔE of one just-noticeable difference (Sharma 2003): smaller colour shifts are not counted. */
export const JND_DELTA_E = 2.3;

/**
 * Colour: mean CIE76 ΔE between corresponding pixels beyond one just-noticeable difference, over
 * FULL_COLOUR_DELTA_E, capped at 1. The dead zone keeps JPEG's chroma rounding (about 1-2 ΔE per pixel)
 * out, while the steps of a posterised or recoloured face count in full.
 */
export function colourDeparture(real: RegionPlanes, avatar: RegionPlanes): number {
  let total = 0;
  for (let i = 0; i < real.l.length; i++) {
    const delta = Math.hypot(real.l[i]! - avatar.l[i]!, real.a[i]! - avatar.a[i]!, real.b[i]! - avatar.b[i]!);
    if (delta > JND_DELTA_E) total += delta - JND_DELTA_E;
  }
  return clamp01(total / real.l.length / FULL_COLOUR_DELTA_E);
}

/**
 * Palette: how much of the photo's colour variety the avatar dropped, 1 − H(avatar) / H(photo) with H
 * the entropy of a Lab colour histogram (L* in steps of 4, a* and b* in steps of 6). A posterised or
 * flat-shaded face uses fewer colours; a richer palette than the photo's counts as 0.
 */
export function paletteDeparture(real: RegionPlanes, avatar: RegionPlanes): number {
  const hr = colourEntropy(real);
  const ha = colourEntropy(avatar);
  return hr <= 0 ? 0 : clamp01(1 - ha / hr);
}

function colourEntropy(region: RegionPlanes): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < region.l.length; i++) {
    const key = Math.floor(region.l[i]! / 4) * 65536 + (Math.floor(region.a[i]! / 6) + 128) * 256 + (Math.floor(region.b[i]! / 6) + 128);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let h = 0;
  const n = region.l.length;
  for (const count of counts.values()) h -= (count / n) * Math.log2(count / n);
  return h;
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
