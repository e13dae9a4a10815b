import type { Box, DetectedFace } from '@geneava/core/contracts';
import type { FilterOutcome } from '@geneava/core/dataset-format';

/** The paper's filters on a real face image (see the run config's `filter`). */
export interface FilterSettings {
  /** Smallest gap between the face box and each edge, as a fraction of the frame's width or height. */
  readonly margin: number;
  /** Largest face box side as a fraction of the frame's matching side. */
  readonly maxFaceFraction: number;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** The smallest distance from the box to an edge, each as a fraction of its frame side (negative: the box crosses that edge). */
export function smallestEdgeGap(box: Box, frame: { readonly width: number; readonly height: number }): number {
  return Math.min(
    box.x / frame.width,
    box.y / frame.height,
    (frame.width - (box.x + box.width)) / frame.width,
    (frame.height - (box.y + box.height)) / frame.height,
  );
}

/** max(box width / frame width, box height / frame height). */
export function faceFraction(box: Box, frame: { readonly width: number; readonly height: number }): number {
  return Math.max(box.width / frame.width, box.height / frame.height);
}

/**
 * Applies the filters, in order: exactly one face; the face box fully inside the frame with `margin` to
 * spare on every side (a face cut by the border has incomplete features); the face not too close to
 * the camera (its box no larger than `maxFaceFraction` of the frame).
 */
export function filterFaces(
  faces: readonly DetectedFace[],
  frame: { readonly width: number; readonly height: number },
  settings: FilterSettings,
): FilterOutcome {
  if (faces.length !== 1) {
    const reason = faces.length === 0 ? 'no face detected' : `${faces.length} faces detected, exactly one is required`;
    return { passed: false, rule: 'one-face', reason, faces: faces.length };
  }
  const box = faces[0]!.box;
  const edgeGap = round(smallestEdgeGap(box, frame));
  const fraction = round(faceFraction(box, frame));
  const measured = { faces: 1, faceFraction: fraction, edgeGap };
  if (edgeGap < settings.margin) {
    const where = edgeGap < 0 ? 'crosses the frame edge' : `is ${edgeGap} of the frame from its edge`;
    return { passed: false, rule: 'inside-frame', reason: `face not fully inside the frame: its box ${where} (margin ${settings.margin})`, ...measured };
  }
  if (fraction > settings.maxFaceFraction) {
    return {
      passed: false,
      rule: 'not-too-close',
      reason: `face too close to the camera: its box spans ${fraction} of the frame (max ${settings.maxFaceFraction})`,
      ...measured,
    };
  }
  return { passed: true, ...measured };
}
