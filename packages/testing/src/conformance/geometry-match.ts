import type { Box } from '@geneava/core/contracts';

export interface FaceMatchTolerance {
  /** Largest centre shift, as a fraction of the input face's width (default 0.12). */
  readonly centre: number;
  /** Smallest accepted centre shift bound in pixels, so tiny faces are not held to sub-pixel detection (default 4). */
  readonly minPixels: number;
  /** Largest accepted width ratio between the two boxes, either way (default 1.25). */
  readonly scale: number;
}

export const DEFAULT_FACE_MATCH_TOLERANCE: FaceMatchTolerance = { centre: 0.12, minPixels: 4, scale: 1.25 };

/**
 * Checks that every face found before stylization is found again in place afterwards: for each input box,
 * the output box with the nearest centre must be within the tolerance in position and size. Returns one
 * line per face that moved or vanished; empty when all are in place.
 */
export function facesOutOfPlace(before: readonly Box[], after: readonly Box[], tolerance: FaceMatchTolerance = DEFAULT_FACE_MATCH_TOLERANCE): string[] {
  const problems: string[] = [];
  before.forEach((box, i) => {
    const [cx, cy] = centreOf(box);
    const label = `face ${i + 1} (box ${Math.round(box.x)},${Math.round(box.y)} ${Math.round(box.width)}x${Math.round(box.height)})`;
    if (after.length === 0) {
      problems.push(`${label}: no face found in the output`);
      return;
    }
    const nearest = after.reduce((best, candidate) => (distance(candidate, cx, cy) < distance(best, cx, cy) ? candidate : best));
    const shift = distance(nearest, cx, cy);
    const allowed = Math.max(tolerance.minPixels, tolerance.centre * box.width);
    const ratio = nearest.width / box.width;
    if (shift > allowed) {
      problems.push(`${label}: the nearest output face is ${shift.toFixed(1)} px away (allowed ${allowed.toFixed(1)})`);
    } else if (ratio > tolerance.scale || ratio < 1 / tolerance.scale) {
      problems.push(`${label}: the output face is ${ratio.toFixed(2)}x as wide (allowed 1/${tolerance.scale}..${tolerance.scale})`);
    }
  });
  return problems;
}

function centreOf(box: Box): [number, number] {
  return [box.x + box.width / 2, box.y + box.height / 2];
}

function distance(box: Box, x: number, y: number): number {
  const [cx, cy] = centreOf(box);
  return Math.hypot(cx - x, cy - y);
}
