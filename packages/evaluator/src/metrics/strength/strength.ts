import { composeAffine, frameScaleAffine, invertAffine, type AffineMatrix } from '@geneava/core/geometry';
import type { Box, RgbImage } from '@geneava/core/contracts';
import { withMeanColourOf } from './colour-offset.js';
import { capAddedDetail } from './detail-cap.js';
import { colourDeparture, edgeDeparture, paletteDeparture, structureDeparture } from './parts.js';
import { samplePlanes } from './region.js';

/** Longest side of the working grid, in cells (regions are averaged down to it, never up). */
export const STRENGTH_WORKING_SIDE = 128;

/**
 * Mean part departure D that maps to a strength of 1 − 1/e (about 0.63): strength = 1 − exp(−D / D0).
 * A face posterised to 4 luminance levels has D of about 0.1; JPEG recompression about 0.003.
 */
export const STRENGTH_SCALE = 0.1;

/**
 * Below this strength an avatar is "not stylized": its face looks like the photo's. Chosen from the
 * reference transforms in strength.spec.ts: unchanged photos score 0, JPEG recompression (quality 75-90)
 * and a 1 px Gaussian blur about 0.03, the classic filter's default face rendering 0.15-0.35.
 */
export const MIN_STYLIZATION_STRENGTH = 0.1;

/**
 * Share of the face box's width (and height) left out on every side: strength reads the inner face, where
 * eyes, nose and mouth are. A frame or overlay drawn along the box's edge, leaving the face itself
 * untouched, then scores nothing; anything drawn over the inner face also covers what identity and
 * expression are measured on.
 */
export const FACE_REGION_INSET = 0.15;

export interface StrengthParts {
  /** 1 − SSIM of lightness at the working scale and half of it. */
  readonly structure: number;
  /** 1 − gradient-magnitude similarity of lightness. */
  readonly edges: number;
  /** Mean CIE76 ΔE beyond one just-noticeable difference, saturating at 30. */
  readonly colour: number;
  /** Relative loss of Lab colour-histogram entropy. */
  readonly palette: number;
}

export interface StylizationStrength {
  /** In [0, 1): 0 = the avatar's face region is the photo's; see STRENGTH_SCALE. */
  readonly strength: number;
  /** Mean of the four parts, before the saturating map. */
  readonly departure: number;
  readonly parts: StrengthParts;
  /** Working grid both regions were compared on. */
  readonly width: number;
  readonly height: number;
}

export interface StrengthRegion {
  /** The face on the photo, in its pixel coordinates. */
  readonly realBox: Box;
  /**
   * Where the photo went on the avatar: input to output pixel coordinates (StylizedFace.faceTransforms).
   * Default: the photo's frame scaled to the avatar's size (the identity for same-size images).
   */
  readonly transform?: AffineMatrix;
}

/**
 * How far the avatar departs from the photo's appearance over one face: structure (SSIM), edges and
 * texture (gradient similarity), colour (Lab ΔE) and palette (colour entropy), each 0 for identical
 * regions. The region is the inner face (the box less FACE_REGION_INSET a side) carried onto the avatar; the photo is read through the inverse
 * transform, so both sides are averaged over the same cells of a grid of at most STRENGTH_WORKING_SIDE
 * cells a side. The photo's region is shifted to the avatar's mean Lab colour and its lightness and
 * chroma gains within [1/2, 2] (withMeanColourOf: a tint, a brightness offset, a contrast or saturation change is not a style), and fine detail the avatar adds beyond the photo's own is capped
 * (capAddedDetail), so noise over an untouched face buys little. The parts' mean D is mapped to 1 − exp(−D / STRENGTH_SCALE).
 *
 * It measures departure, not quality: any change counts, so a heavy blur, noise or a colour cast score
 * some strength, and a good cartoon and a poor one can score alike. Deterministic, pure TypeScript.
 */
export function stylizationStrength(real: RgbImage, avatar: RgbImage, region: StrengthRegion): StylizationStrength {
  const transform = region.transform ?? frameScaleAffine(real, avatar);
  const box = mappedBox(innerBox(region.realBox), transform);
  const x0 = Math.max(-0.5, box.x);
  const y0 = Math.max(-0.5, box.y);
  const x1 = Math.min(avatar.width - 0.5, box.x + box.width);
  const y1 = Math.min(avatar.height - 0.5, box.y + box.height);
  if (!(x1 - x0 >= 1 && y1 - y0 >= 1)) {
    throw new RangeError(`stylization strength: the face maps to less than one pixel of the ${avatar.width}x${avatar.height} avatar`);
  }
  const scale = Math.min(1, STRENGTH_WORKING_SIDE / Math.max(x1 - x0, y1 - y0));
  const width = Math.max(1, Math.round((x1 - x0) * scale));
  const height = Math.max(1, Math.round((y1 - y0) * scale));
  // Grid cell (u, v) -> avatar pixel coordinates; the photo is read through the inverse transform.
  const toAvatar: AffineMatrix = [(x1 - x0) / width, 0, x0, 0, (y1 - y0) / height, y0];
  const toReal = composeAffine(invertAffine(transform), toAvatar);
  // Two samples per pixel a cell spans: an area average, so a pixel-level pattern cannot alias into the
  // grid as a coarse one.
  const samples = Math.min(8, Math.max(1, Math.ceil(2 * Math.max(cellSpan(toAvatar), cellSpan(toReal)))));
  const sampled = samplePlanes(avatar, { width, height, toImage: toAvatar, samples });
  // The photo carries the avatar's mean colour and gains first: a uniform cast or a contrast change is not a style.
  const r = withMeanColourOf(samplePlanes(real, { width, height, toImage: toReal, samples }), sampled);
  const a = capAddedDetail(r, sampled);
  const parts: StrengthParts = {
    structure: structureDeparture(r, a),
    edges: edgeDeparture(r, a),
    colour: colourDeparture(r, a),
    palette: paletteDeparture(r, a),
  };
  const departure = (parts.structure + parts.edges + parts.colour + parts.palette) / 4;
  return { strength: 1 - Math.exp(-departure / STRENGTH_SCALE), departure, parts, width, height };
}

/** The box less FACE_REGION_INSET of its size on every side. */
function innerBox(box: Box): Box {
  const dx = FACE_REGION_INSET * box.width;
  const dy = FACE_REGION_INSET * box.height;
  return { x: box.x + dx, y: box.y + dy, width: box.width - 2 * dx, height: box.height - 2 * dy };
}

/** Pixels one grid cell spans on its image (the longer side of the mapped unit square). */
function cellSpan(m: AffineMatrix): number {
  return Math.max(Math.hypot(m[0], m[3]), Math.hypot(m[1], m[4]));
}

/** Axis-aligned box around the four mapped corners (pixel edges at ±0.5 around the centres). */
function mappedBox(box: Box, m: AffineMatrix): Box {
  const corners: [number, number][] = [
    [box.x - 0.5, box.y - 0.5],
    [box.x + box.width - 0.5, box.y - 0.5],
    [box.x - 0.5, box.y + box.height - 0.5],
    [box.x + box.width - 0.5, box.y + box.height - 0.5],
  ];
  const xs = corners.map(([x, y]) => m[0] * x + m[1] * y + m[2]);
  const ys = corners.map(([x, y]) => m[3] * x + m[4] * y + m[5]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}
